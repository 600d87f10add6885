package io.revkeep.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Decides whether a {@code bind} value ({@code [listener]} or {@code [web]}) can be listened on by
 * this host, so that a typo is refused by {@code revkeep config check} instead of failing at start.
 * A value is usable when it is
 *
 * <ul>
 *   <li>the wildcard {@code 0.0.0.0} or {@code ::} (every interface), or a loopback address;
 *   <li>an IPv4 (strict dotted quad) or IPv6 literal (optionally in brackets) that belongs to one of
 *       this host's network interfaces;
 *   <li>a syntactically valid host name that resolves to such an address.
 * </ul>
 *
 * <p>Literals are checked without any name lookup. A host name is resolved on a short-lived daemon
 * thread and waited for at most {@link #LOOKUP_LIMIT}: a name the resolver does not know is refused,
 * but a lookup that does not finish in time is given the benefit of the doubt (the start will tell),
 * so a slow DNS never holds up {@code config check}.
 */
final class BindAddresses {
  /*
   * Threads: a host-name lookup runs on its own daemon thread, because InetAddress cannot be told to
   * give up; the caller waits on a future for at most LOOKUP_LIMIT and then walks away. A lookup left
   * behind holds no state of ours and dies with the resolver's own timeout or with the process.
   */

  /** How long a host-name lookup is waited for. */
  static final Duration LOOKUP_LIMIT = Duration.ofSeconds(2);

  private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+");
  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private BindAddresses() {}

  /**
   * Why {@code bind} cannot be listened on by this host, or empty when it can (or cannot be told in
   * time).
   */
  static Optional<String> problem(String bind) {
    String host = bind.startsWith("[") && bind.endsWith("]") ? bind.substring(1, bind.length() - 1) : bind;
    List<InetAddress> addresses;
    if (host.contains(":")) {
      if (!host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?")) {
        return Optional.of(expected(bind, "it is not a valid IPv6 address"));
      }
      try {
        addresses = List.of(InetAddress.getByName(host)); // a literal: parsed, never looked up
      } catch (UnknownHostException e) {
        return Optional.of(expected(bind, "it is not a valid IPv6 address"));
      }
    } else if (DOTTED_NUMBERS.matcher(host).matches()) {
      if (!IPV4.matcher(host).matches()) {
        return Optional.of(expected(bind, "it is not a valid IPv4 address"));
      }
      try {
        addresses = List.of(InetAddress.getByName(host)); // a literal: parsed, never looked up
      } catch (UnknownHostException e) {
        return Optional.of(expected(bind, "it is not a valid IPv4 address"));
      }
    } else if (!isHostName(host)) {
      return Optional.of(expected(bind, "it is neither an IP address nor a host name"));
    } else {
      Optional<List<InetAddress>> resolved;
      try {
        resolved = resolve(host);
      } catch (UnknownHostException e) {
        return Optional.of(expected(bind, "this host cannot resolve the name"));
      }
      if (resolved.isEmpty()) {
        return Optional.empty();
      }
      addresses = resolved.get();
    }
    if (addresses.stream().anyMatch(BindAddresses::isLocal)) {
      return Optional.empty();
    }
    return Optional.of(expected(bind, "it is not an address of this host's network interfaces"));
  }

  private static String expected(String bind, String why) {
    return "expected 0.0.0.0, ::, a loopback address, or an address or name of one of this host's"
        + " network interfaces, got '" + bind + "': " + why;
  }

  private static boolean isHostName(String host) {
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  /** The name's addresses; empty if the lookup did not finish within {@link #LOOKUP_LIMIT}. */
  private static Optional<List<InetAddress>> resolve(String name) throws UnknownHostException {
    var lookup = new CompletableFuture<List<InetAddress>>();
    Thread thread = new Thread(() -> {
      try {
        lookup.complete(List.of(InetAddress.getAllByName(name)));
      } catch (Throwable e) {
        lookup.completeExceptionally(e);
      }
    }, "bind-address-lookup");
    thread.setDaemon(true);
    thread.start();
    try {
      return Optional.of(lookup.get(LOOKUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException unknown) {
        throw unknown;
      }
      return Optional.empty();
    }
  }

  private static boolean isLocal(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return true; // the interfaces cannot be listed: let the start tell
    }
  }
}
