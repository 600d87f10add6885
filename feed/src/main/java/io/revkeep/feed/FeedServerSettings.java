package io.revkeep.feed;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FeedServer} listens and how much each subscriber may cost. Immutable; validated
 * on construction with messages that name the setting.
 *
 * @param bindAddress host name or IP to listen on (e.g. {@code 127.0.0.1})
 * @param port TCP port; 0 picks a free one ({@link FeedServer#port()} tells which)
 * @param token the shared secret every hello must carry; not empty
 * @param maxLineBytes longest accepted line, delimiter excluded (64 KiB in the protocol)
 * @param heartbeatInterval the server sends a ping after this long without writing
 * @param idleTimeout a peer from which no complete line was read for this long is closed (bytes
 *     that do not end a line do not count)
 * @param helloTimeout a connection that has not sent a valid hello this long after it opened is
 *     closed (the TLS handshake, when there is one, counts towards it)
 * @param maxUnauthenticated how many connections may be waiting for their hello at once; one
 *     more is closed as soon as it opens
 * @param outboundLimitBytes per-subscriber outbound buffer: above it the subscriber is no longer
 *     written to until the buffer drains to half
 * @param stallTimeout a subscriber that stays over its limit this long is disconnected
 * @param ringSize how many recent events are kept in memory for subscribers near the head
 * @param workerThreads Netty I/O threads for connections
 * @param replayThreads threads that read the event log and blobs (blocking I/O)
 * @param tls the server side of TLS ({@link FeedTls#server}): with it the feed speaks TLS only;
 *     null: plain TCP
 */
public record FeedServerSettings(
    String bindAddress,
    int port,
    String token,
    int maxLineBytes,
    Duration heartbeatInterval,
    Duration idleTimeout,
    int outboundLimitBytes,
    Duration stallTimeout,
    int ringSize,
    int workerThreads,
    int replayThreads,
    Duration helloTimeout,
    int maxUnauthenticated,
    SslContext tls) {

  public FeedServerSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(stallTimeout, "stallTimeout");
    require(!bindAddress.isBlank(), "bindAddress must not be empty");
    require(port >= 0 && port <= 65535, "port must be 0..65535, was " + port);
    require(!token.isEmpty(), "token must not be empty");
    require(maxLineBytes >= 1024, "maxLineBytes must be >= 1024, was " + maxLineBytes);
    require(positive(heartbeatInterval), "heartbeatInterval must be > 0, was " + heartbeatInterval);
    require(idleTimeout.compareTo(heartbeatInterval) > 0,
        "idleTimeout (" + idleTimeout + ") must be longer than heartbeatInterval (" + heartbeatInterval + ")");
    require(outboundLimitBytes >= 2 * maxLineBytes,
        "outboundLimitBytes must be >= 2 * maxLineBytes, was " + outboundLimitBytes);
    require(positive(stallTimeout), "stallTimeout must be > 0, was " + stallTimeout);
    require(ringSize >= 1, "ringSize must be >= 1, was " + ringSize);
    require(workerThreads >= 1, "workerThreads must be >= 1, was " + workerThreads);
    require(replayThreads >= 1, "replayThreads must be >= 1, was " + replayThreads);
    Objects.requireNonNull(helloTimeout, "helloTimeout");
    require(positive(helloTimeout), "helloTimeout must be > 0, was " + helloTimeout);
    require(maxUnauthenticated >= 1, "maxUnauthenticated must be >= 1, was " + maxUnauthenticated);
    require(tls == null || tls.isServer(), "tls must be a server-side SslContext");
  }

  /** Whether the feed speaks TLS. */
  public boolean usesTls() {
    return tls != null;
  }

  /**
   * Defaults: 127.0.0.1:9000, 64 KiB lines, ping every 10 s, idle 30 s, 1 MiB, stall 30 s, hello
   * within 5 s, at most 1,024 connections waiting for their hello, plain TCP.
   */
  public static Builder builder(String token) {
    return new Builder(token);
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("feed server: " + message);
    }
  }

  /** Builds settings from the defaults. */
  public static final class Builder {
    private String bindAddress = "127.0.0.1";
    private int port = 9000;
    private final String token;
    private int maxLineBytes = FeedCodec.MAX_LINE_BYTES;
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(30);
    private int outboundLimitBytes = 1024 * 1024;
    private Duration stallTimeout = Duration.ofSeconds(30);
    private int ringSize = 4096;
    private int workerThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int replayThreads = 2;
    private Duration helloTimeout = Duration.ofSeconds(5);
    private int maxUnauthenticated = 1024;
    private SslContext tls;

    private Builder(String token) {
      this.token = token;
    }

    public Builder bindAddress(String v) { bindAddress = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder maxLineBytes(int v) { maxLineBytes = v; return this; }
    public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder outboundLimitBytes(int v) { outboundLimitBytes = v; return this; }
    public Builder stallTimeout(Duration v) { stallTimeout = v; return this; }
    public Builder ringSize(int v) { ringSize = v; return this; }
    public Builder workerThreads(int v) { workerThreads = v; return this; }
    public Builder replayThreads(int v) { replayThreads = v; return this; }
    public Builder helloTimeout(Duration v) { helloTimeout = v; return this; }
    public Builder maxUnauthenticated(int v) { maxUnauthenticated = v; return this; }
    /** Speak TLS only, with this server-side context ({@link FeedTls#server}); null: plain TCP. */
    public Builder tls(SslContext v) { tls = v; return this; }

    public FeedServerSettings build() {
      return new FeedServerSettings(bindAddress, port, token, maxLineBytes, heartbeatInterval,
          idleTimeout, outboundLimitBytes, stallTimeout, ringSize, workerThreads, replayThreads,
          helloTimeout, maxUnauthenticated, tls);
    }
  }
}
