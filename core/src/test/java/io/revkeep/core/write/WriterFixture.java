package io.revkeep.core.write;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A shared folder, a real SQLite store and vault, and a writer on them — for the writer's tests.
 * {@link #recordAsListener} does what the listener does once a file has settled, so a test can
 * play the listener's part at the moment it chooses.
 */
final class WriterFixture implements AutoCloseable {
  final Path base;
  final SharedRoot root;
  final SqliteStore store;
  final Vault vault;
  final SharedFolderWriter writer;

  WriterFixture(Path base, ListenerCheck listener, boolean lockFiles) throws IOException {
    this.base = base;
    this.root = new SharedRoot(Files.createDirectories(base.resolve("shared")));
    Path data = Files.createDirectories(base.resolve("data"));
    this.store = SqliteStore.open(data.resolve("revkeep.db"));
    this.vault = new Vault(data.resolve("vault"));
    this.writer = SharedFolderWriter.open(new SharedFolderWriter.Settings(root, store, vault,
        listener, new TargetRules(root, List.of("*.swp"), List.of(root.path().resolve("own"))),
        lockFiles, Origin.WEB, Clock.systemUTC(), SharedRoot.TEMP_PREFIX + "test-staging"));
  }

  WriterFixture(Path base) throws IOException {
    this(base, what -> {}, false);
  }

  static java.io.InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  Path abs(String path) {
    return root.path().resolve(path);
  }

  /** Records what stands at {@code path} as the listener would (a new version, or nothing). */
  Optional<Event> recordAsListener(String path) throws IOException {
    Path file = abs(path);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return store.record(Change.delete(path, Clock.systemUTC().instant(), "os", "test"));
    }
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    String hash = Sha256.ofFile(file).orElseThrow();
    return store.record(Change.content(path, hash, a.size(),
        a.lastModifiedTime().to(TimeUnit.NANOSECONDS), Clock.systemUTC().instant(), "os",
        "test"));
  }

  /** Writes {@code text} as a user's edit and records it; returns its hash (in the vault). */
  String edit(String path, String text) throws IOException {
    Files.createDirectories(abs(path).getParent());
    Files.writeString(abs(path), text);
    vault.put(bytes(text));
    recordAsListener(path);
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  WriteRequest request(WriteOp... ops) {
    return new WriteRequest("the test write", "alice", UUID.randomUUID().toString(),
        List.of(ops), Duration.ZERO, Duration.ZERO, null);
  }

  /** revkeep's temporary names anywhere under the root, the staging folder itself excepted. */
  List<Path> leftovers() throws IOException {
    try (Stream<Path> all = Files.walk(root.path())) {
      return all.filter(p -> !p.equals(root.path()))
          .filter(p -> p.getFileName().toString().startsWith(SharedRoot.TEMP_PREFIX))
          .filter(p -> !p.getFileName().toString().endsWith("test-staging"))
          .toList();
    }
  }

  @Override
  public void close() throws IOException {
    writer.close();
    store.close();
  }
}
