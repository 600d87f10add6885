package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.HistoryScenario;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The history the disaster-recovery tests lose and get back: a long one recorded in-process
 * ({@link HistoryScenario}; thousands of changes through the file system would take many
 * minutes), then changes through the running revkeep — the file system, the web over HTTP and
 * the command line — and what a store says of it, to compare before and after.
 */
final class DisasterScenario {
  private DisasterScenario() {}

  /** What a store said: every event, every file's history, the tree at instants, the vault. */
  record Snapshot(List<Event> events, Map<String, List<String>> histories,
      Map<Instant, List<String>> trees, List<String> retained) {}

  /** Records a history in-process; the shared folder then holds its live files. */
  static HistoryScenario.Played seed(RecoveryRig rig, int changes) throws IOException {
    Store store = rig.view();
    HistoryScenario.Played played = HistoryScenario.play(store, changes, 16);
    Vault vault = new Vault(rig.data.resolve("vault"));
    for (String content : played.contents().values()) {
      vault.put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }
    for (FileRecord f : store.files("", true, false)) {
      Path file = rig.shared.resolve(f.path());
      Files.createDirectories(file.getParent());
      Files.writeString(file, played.contents().get(f.hash()));
    }
    return played;
  }

  /**
   * Changes through the running revkeep: edits, a rename and the path reused, a delete and a
   * re-create, a CLI restore and folder restore, uploads over HTTP (a new file, a new version of
   * a file, a new folder) and a folder restore from the web.
   */
  static void liveChanges(RecoveryRig rig) throws Exception {
    rig.edit("live/a.txt", "a one");
    rig.edit("live/a.txt", "a two");
    long seq = rig.lastSeq();
    Files.move(rig.shared.resolve("live/a.txt"), rig.shared.resolve("live/b.txt"));
    rig.awaitSeq(seq + 1);
    rig.edit("live/a.txt", "a new file where a was");
    Instant t1 = Instant.now(); // a: "a new file where a was", b: "a two"
    seq = rig.lastSeq();
    Files.delete(rig.shared.resolve("live/b.txt"));
    rig.awaitSeq(seq + 1);
    rig.edit("live/b.txt", "b again");
    rig.edit("live/a.txt", "a edited");
    rig.ok("restore", "live/b.txt", "--version", "1"); // "a one", origin cli
    rig.ok("restore", "live", "--at", t1.toString()); // a folder restore: both files change
    assertThat(Files.readString(rig.shared.resolve("live/a.txt")))
        .isEqualTo("a new file where a was");
    assertThat(Files.readString(rig.shared.resolve("live/b.txt"))).isEqualTo("a two");

    WebSession web = WebSession.login(rig.webBase(), "admin",
        Files.readString(rig.data.resolve("initial-admin-password")).strip());
    seq = rig.lastSeq();
    web.upload("live", "up.txt", "uploaded from a browser");
    web.upload("live", "a.txt", "a uploaded over");
    rig.awaitSeq(seq + 2);
    Instant t2 = Instant.now(); // a: "a uploaded over"
    seq = rig.lastSeq();
    web.upload("web/new", "n.txt", "uploaded into a new folder");
    rig.awaitSeq(seq + 1);
    rig.edit("live/a.txt", "a edited after the upload");
    seq = rig.lastSeq();
    web.restoreFolder("live", t2.toString());
    rig.awaitSeq(seq + 1);
    assertThat(Files.readString(rig.shared.resolve("live/a.txt"))).isEqualTo("a uploaded over");

    seq = rig.lastSeq();
    rig.edit("live/c.txt", "the last change before the disk died");
    assertThat(rig.lastSeq()).isEqualTo(seq + 1);
  }

  /** The 10 instants the tree is compared at: 9 in the recorded history, and now. */
  static List<Instant> probes(HistoryScenario.Played played) {
    List<Instant> out = new ArrayList<>(played.probes().subList(0, 9));
    out.add(Instant.parse("2100-01-01T00:00:00Z"));
    return out;
  }

  static Snapshot snapshot(Store store, Path data, List<Instant> probes) {
    List<Event> events = store.eventsAfter(0, Integer.MAX_VALUE);
    Map<String, List<String>> histories = new TreeMap<>();
    for (FileRecord f : store.files("", true, true)) {
      histories.put(f.path(), store.history(f.path()).stream().map(DisasterScenario::row)
          .toList());
    }
    Map<Instant, List<String>> trees = new LinkedHashMap<>();
    for (Instant at : probes) {
      trees.put(at, store.filesAt("", at).stream().map(DisasterScenario::row).toList());
    }
    Vault vault = new Vault(data.resolve("vault"));
    List<String> retained = events.stream().map(Event::hash).filter(h -> h != null)
        .distinct().filter(vault::contains).sorted().toList();
    return new Snapshot(events, histories, trees, retained);
  }

  /** The live changes went through every way in: the web, the command line and the disk. */
  static void assertEveryOrigin(Store store) {
    assertThat(store.history("live/up.txt")).singleElement()
        .satisfies(v -> assertThat(v.origin()).isEqualTo(Origin.WEB))
        .satisfies(v -> assertThat(v.user()).isEqualTo("admin"));
    assertThat(store.history("live/a.txt")).extracting(VersionRecord::origin)
        .contains(Origin.FS, Origin.CLI, Origin.WEB);
  }

  static String row(VersionRecord v) {
    return v.path() + " v" + v.version() + " " + v.hash() + " " + v.size() + " " + v.user()
        + " " + v.origin() + " " + v.action() + " " + v.changeSet() + " " + v.time();
  }
}
