package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Turns a path typed on the command line into the stored form (relative to the shared folder),
 * as git does with paths: inside the shared folder a relative path is relative to the working
 * directory ({@code ..} allowed while it stays inside); an absolute path inside the shared folder
 * is accepted from anywhere; outside it, a relative path is relative to the shared folder, as
 * before. The text is handled as text (never through the file system), so every name the listener
 * records — backslashes, control characters — stays reachable; {@link SharedRoot#normalize}
 * applies its checks last.
 */
final class PathArguments {
  /** The shared folder as configured and as its real path (links resolved), when it exists. */
  private final List<Path> roots = new ArrayList<>();
  /** Where the working directory lies in the shared folder ("" for its root), or null: outside. */
  private final String here;

  PathArguments(Path shared, Path workingDir) {
    Path configured = shared.toAbsolutePath().normalize();
    roots.add(configured);
    real(configured).filter(r -> !r.equals(configured)).ifPresent(roots::add);
    Path cwd = workingDir.toAbsolutePath().normalize();
    here = within(cwd).or(() -> real(cwd).flatMap(this::within)).orElse(null);
  }

  static PathArguments of(Config config) {
    return new PathArguments(config.paths().shared(), Path.of(""));
  }

  /** A file's stored form. */
  String file(String arg) throws BadPathException {
    String rel = resolve(arg);
    if (rel.isEmpty()) {
      throw new BadPathException("'" + arg + "' is the shared folder itself; name a file in it");
    }
    return SharedRoot.normalize(rel);
  }

  /** A folder's stored form; "" for the root (also for an empty argument outside the share). */
  String dir(String arg) throws BadPathException {
    String rel = resolve(arg == null || arg.isEmpty() ? "." : arg);
    return SharedRoot.normalizeDir(rel);
  }

  /** Whether the command runs inside the shared folder. */
  boolean inside() {
    return here != null;
  }

  private String resolve(String arg) throws BadPathException {
    if (arg == null || arg.isEmpty()) {
      throw new BadPathException("the path is empty");
    }
    if (arg.indexOf('\0') >= 0) {
      return arg; // SharedRoot.normalize names the NUL
    }
    if (arg.startsWith("/")) {
      return absolute(arg);
    }
    return here == null ? arg : lexical(here, arg);
  }

  private String absolute(String arg) throws BadPathException {
    Path p = Path.of(arg).normalize();
    var inside = within(p);
    if (inside.isEmpty()) {
      inside = realExistingPart(p).flatMap(this::within);
    }
    if (inside.isEmpty()) {
      throw new BadPathException("the path '" + arg + "' is outside the shared folder"
          + " (see 'revkeep config check')");
    }
    return inside.get();
  }

  /** The stored form of an absolute, normalised path under one of the roots. */
  private Optional<String> within(Path p) {
    for (Path root : roots) {
      if (p.startsWith(root)) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(p)) {
          if (!part.toString().isEmpty()) {
            sb.append(sb.length() == 0 ? "" : "/").append(part);
          }
        }
        return Optional.of(sb.toString());
      }
    }
    return Optional.empty();
  }

  /** {@code base/arg} with {@code .} and {@code ..} applied as text; refused above the root. */
  private static String lexical(String base, String arg) throws BadPathException {
    Deque<String> parts = new ArrayDeque<>();
    for (String seg : (base + "/" + arg).split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (parts.isEmpty()) {
          throw new BadPathException("the path '" + arg + "' leads out of the shared folder");
        }
        parts.removeLast();
      } else {
        parts.addLast(seg);
      }
    }
    return String.join("/", parts);
  }

  private static Optional<Path> real(Path p) {
    try {
      return Optional.of(p.toRealPath());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The path with the links of its longest existing part resolved. */
  private static Optional<Path> realExistingPart(Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return Optional.empty();
    }
    Path tail = existing.relativize(p);
    return real(existing).map(r -> r.resolve(tail).normalize());
  }
}
