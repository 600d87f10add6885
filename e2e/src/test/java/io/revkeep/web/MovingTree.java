package io.revkeep.web;

import static org.awaitility.Awaitility.await;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A shared folder changed by hand (as a user would: write, delete, rename, move a folder), each
 * change awaited until the listener recorded it, and beside it a plain model of what it holds
 * and of file identities as the store defines them — a record follows its renames, re-creating
 * a deleted path continues its record, a deleted file's record stays at its last path — so a
 * test knows, without asking revkeep, which file of today is which file of any earlier moment.
 */
final class MovingTree {
  /** What the model says at one moment: path → content of each live file, and its identity. */
  record Snapshot(SortedMap<String, String> tree, Map<String, Integer> ids) {}

  private final Path shared;
  private final Store store;
  private final Map<String, Integer> recordAt = new HashMap<>(); // live or deleted
  private final Set<Integer> deleted = new HashSet<>();
  private final SortedMap<String, String> tree = new TreeMap<>();
  private int next;

  MovingTree(Path shared, Store store) {
    this.shared = shared;
    this.store = store;
  }

  void put(String path, String content) throws IOException {
    Path f = shared.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    Integer id = recordAt.get(path);
    if (id == null) {
      recordAt.put(path, ++next);
    } else {
      deleted.remove(id);
    }
    tree.put(path, content);
    awaitRecorded(path, Optional.of(content));
  }

  void delete(String path) throws IOException {
    Files.delete(shared.resolve(path));
    deleted.add(recordAt.get(path));
    tree.remove(path);
    awaitRecorded(path, Optional.empty());
  }

  /** Renames a file or a whole folder (its live files move; deleted files' records stay). */
  void move(String from, String to) throws IOException {
    Path target = shared.resolve(to);
    Files.createDirectories(target.getParent());
    Files.move(shared.resolve(from), target);
    List<String> moved = new ArrayList<>();
    for (String p : new ArrayList<>(tree.keySet())) {
      if (p.equals(from) || p.startsWith(from + "/")) {
        String q = to + p.substring(from.length());
        recordAt.put(q, recordAt.remove(p));
        tree.put(q, tree.remove(p));
        moved.add(p);
      }
    }
    for (String p : moved) {
      String q = to + p.substring(from.length());
      awaitRecorded(q, Optional.of(tree.get(q)));
      awaitRecorded(p, Optional.empty());
    }
  }

  Snapshot snapshot() {
    Map<String, Integer> ids = new HashMap<>();
    tree.keySet().forEach(p -> ids.put(p, recordAt.get(p)));
    return new Snapshot(new TreeMap<>(tree), ids);
  }

  /**
   * The whole tree after a restore of {@code dir} in place as it was in {@code then}: the files
   * of then at their paths then (moved back, not copied), files created or moved in since left
   * under {@code dir} unless {@code exact}, and nothing else changed.
   */
  static SortedMap<String, String> restored(Snapshot now, Snapshot then, String dir,
      boolean exact) {
    SortedMap<String, String> out = new TreeMap<>(now.tree());
    Set<Integer> thenIds = new HashSet<>();
    SortedMap<String, String> thenUnder = under(then.tree(), dir);
    thenUnder.keySet().forEach(p -> thenIds.add(then.ids().get(p)));
    now.tree().keySet().forEach(p -> {
      boolean sameFile = thenIds.contains(now.ids().get(p));
      if (sameFile || (exact && p.startsWith(dir + "/"))) {
        out.remove(p);
      }
    });
    out.putAll(thenUnder);
    return out;
  }

  static SortedMap<String, String> under(Map<String, String> tree, String dir) {
    SortedMap<String, String> out = new TreeMap<>();
    tree.forEach((p, c) -> {
      if (p.startsWith(dir + "/")) {
        out.put(p, c);
      }
    });
    return out;
  }

  /** The model's files under {@code from}, as they would appear under {@code to}. */
  static SortedMap<String, String> rebased(Map<String, String> tree, String from, String to) {
    SortedMap<String, String> out = new TreeMap<>();
    under(tree, from).forEach((p, c) -> out.put(to + p.substring(from.length()), c));
    return out;
  }

  /** The files on disk under the shared folder: path → content, minus a folder left out. */
  SortedMap<String, String> onDisk(String leftOut) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(shared)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = shared.relativize(f).toString();
        if (!rel.startsWith(leftOut + "/")) {
          out.put(rel, Files.readString(f));
        }
      }
    }
    return out;
  }

  private void awaitRecorded(String path, Optional<String> content) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
      Optional<FileRecord> r = store.file(path);
      return content.isEmpty() ? r.isEmpty() || r.get().deleted()
          : r.isPresent() && !r.get().deleted() && r.get().hash().equals(
              Sha256.of(content.get().getBytes(StandardCharsets.UTF_8)));
    });
  }
}
