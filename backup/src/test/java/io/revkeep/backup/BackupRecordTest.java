package io.revkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Origin;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record's files, read and written on a real folder: segments, damage, merges, crashes. */
class BackupRecordTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  @TempDir Path root;
  private BackupFolder folder;
  private Path dir;

  @BeforeEach
  void folder() {
    folder = new BackupFolder(root, ".rev");
    dir = folder.recordDir();
  }

  private static RecordedVersion version(long seq) {
    String hash = Vault.sha256Hex(("content " + seq).getBytes(StandardCharsets.UTF_8));
    String path = "docs/f" + seq % 3 + ".txt";
    return new RecordedVersion(seq, path, (int) seq, hash, 10 + seq, T0.plusSeconds(seq),
        "ann", seq % 2 == 0 ? Origin.WEB : Origin.FS, Action.MODIFY, null,
        seq % 2 == 0 ? "cs-" + seq : null, "host:/srv", CopyNames.of(path, (int) seq, seq, ".rev"));
  }

  private static List<String> lines(long first, long last) {
    return LongStream.rangeClosed(first, last).mapToObj(s -> RecordLines.encode(version(s)))
        .toList();
  }

  private void segment(long first, long last) throws IOException {
    RecordSegments.writeVersions(dir, first, last, lines(first, last));
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void every_field_survives_a_line_and_the_line_reads_as_documented() {
    RecordedVersion v = new RecordedVersion(12, "docs/report.docx", 3, "ab".repeat(32), 1234,
        Instant.parse("2026-01-01T00:00:12Z"), "alice", Origin.WEB, Action.RENAME,
        "docs/old.docx", "cs-7", "files01:/srv/shared", "docs/report.docx.3.s12.rev");
    String line = RecordLines.encode(v);
    assertThat(line).isEqualTo("{\"v\":1,\"kind\":\"version\",\"seq\":12,\"path\":\"docs/report.docx\","
        + "\"version\":3,\"hash\":\"" + "ab".repeat(32) + "\",\"size\":1234,"
        + "\"time\":\"2026-01-01T00:00:12Z\",\"user\":\"alice\",\"origin\":\"web\","
        + "\"action\":\"RENAME\",\"from\":\"docs/old.docx\",\"change_set\":\"cs-7\","
        + "\"location\":\"files01:/srv/shared\",\"copy\":\"docs/report.docx.3.s12.rev\"}");
    assertThat(RecordLines.decode(line)).isEqualTo(v);
    RecordedRemoval r = new RecordedRemoval(12, "docs/report.docx", 3, "ab".repeat(32),
        "docs/report.docx.3.s12.rev", T0, "keep the newest 2 versions of each file",
        "not among the newest 2 versions of docs/report.docx");
    assertThat(RecordLines.decode(RecordLines.encode(r))).isEqualTo(r);
    // a newer revkeep may add fields
    assertThat(RecordLines.decode(line.replace("{\"v\":1,", "{\"v\":1,\"later\":[1],")))
        .isEqualTo(v);
  }

  @Test
  void a_line_that_is_not_one_the_writer_makes_is_refused_with_what_is_wrong() {
    String good = RecordLines.encode(version(5));
    assertThat(refusal(good.replace("\"v\":1", "\"v\":2"))).contains("written by a newer revkeep");
    assertThat(refusal(good.replace("\"kind\":\"version\"", "\"kind\":\"note\"")))
        .isEqualTo("unknown kind \"note\"");
    assertThat(refusal(good.replace("MODIFY", "EXPLODE"))).isEqualTo("unknown action \"EXPLODE\"");
    assertThat(refusal(good.replace("\"seq\":5", "\"seq\":0"))).isEqualTo("seq 0 is not positive");
    assertThat(refusal(good.substring(0, 40))).startsWith("not JSON");
    assertThat(refusal(good + " {}")).startsWith("not JSON");
    // a copy name must be its own version's and stay inside the folder
    assertThat(refusal(good.replace("docs/f2.txt.5.s5.rev", "../../etc/passwd")))
        .contains("is not a relative path inside the folder");
    assertThat(refusal(good.replace("docs/f2.txt.5.s5.rev", "docs/f2.txt.5.s51.rev")))
        .contains("is not a name of seq 5");
    assertThat(refusal(good.replace("docs/f2.txt.5.s5.rev", "docs/other.txt.5.s5.rev")))
        .contains("is not a name of seq 5");
    assertThat(refusal(good.replace("\"path\":\"docs/f2.txt\"", "\"path\":\"/etc/f2.txt\"")))
        .contains("path \"/etc/f2.txt\" is not a relative path");
  }

  private static String refusal(String line) {
    try {
      RecordLines.decode(line);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + line);
  }

  @Test
  void segments_are_read_in_seq_order_whatever_their_names_sort_as() throws IOException {
    segment(10, 12);
    segment(1, 9);
    segment(13, 13);
    BackupRecord record = BackupRecord.read(root);
    assertThat(record.versions()).extracting(RecordedVersion::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 13).boxed().toList());
    assertThat(record.versions().get(3)).isEqualTo(version(4));
    assertThat(record.lastSeq()).isEqualTo(13);
    assertThat(record.complete()).isFalse(); // no layout mark
    List<Long> streamed = new ArrayList<>();
    BackupRecord.forEachVersion(root, v -> streamed.add(v.seq()));
    assertThat(streamed).containsExactlyElementsOf(LongStream.rangeClosed(1, 13).boxed().toList());
  }

  @Test
  void a_torn_temporary_file_a_crash_left_is_no_segment() throws IOException {
    segment(1, 3);
    // a crash while writing segment 4-6: its temporary file holds half a line
    Files.writeString(dir.resolve(".revkeep-tmp-4-6.jsonl-k3j2"),
        RecordLines.encode(version(4)) + "\n" + RecordLines.encode(version(5)).substring(0, 30));
    assertThat(BackupRecord.read(root).versions()).extracting(RecordedVersion::seq)
        .containsExactly(1L, 2L, 3L);
    // and the daemon removes it at its next start
    assertThat(folder.removeLeftovers()).isEqualTo(1);
    assertThat(names()).containsExactly("1-3.jsonl");
  }

  @Test
  void a_damaged_segment_names_its_file_and_line_and_the_salvaging_read_keeps_the_rest()
      throws IOException {
    segment(1, 3);
    segment(4, 6);
    Path damaged = dir.resolve("4-6.jsonl");
    damaged.toFile().setWritable(true);
    List<String> content = new ArrayList<>(Files.readAllLines(damaged));
    content.set(1, content.get(1).replace("\"hash\":\"", "\"hash\":\"zz"));
    Files.write(damaged, content);

    assertThatThrownBy(() -> BackupRecord.read(root))
        .isInstanceOf(RecordDamagedException.class)
        .hasMessage("backup record " + damaged + ", line 2: hash is not a SHA-256 (64 lower-case"
            + " hex digits)")
        .satisfies(e -> assertThat(((RecordDamagedException) e).line()).isEqualTo(2));
    List<String> damage = new ArrayList<>();
    assertThat(BackupRecord.read(root, damage::add).versions()).extracting(RecordedVersion::seq)
        .containsExactly(1L, 2L, 3L, 4L, 6L);
    assertThat(damage).containsExactly("backup record " + damaged + ", line 2: hash is not a"
        + " SHA-256 (64 lower-case hex digits)");
  }

  @Test
  void a_segment_whose_last_line_has_no_end_is_damage_not_a_crash() throws IOException {
    segment(1, 2);
    Path cut = dir.resolve("1-2.jsonl");
    cut.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 5),
        StandardOpenOption.TRUNCATE_EXISTING);
    assertThatThrownBy(() -> BackupRecord.read(root))
        .isInstanceOf(RecordDamagedException.class)
        .hasMessageContaining("1-2.jsonl, line 2: the last line is cut short");
  }

  @Test
  void a_version_outside_its_segments_range_or_of_the_wrong_kind_is_damage() throws IOException {
    RecordSegments.writeVersions(dir, 1, 2, lines(1, 3));
    assertThatThrownBy(() -> BackupRecord.read(root)).hasMessageContaining(
        "1-2.jsonl, line 3: seq 3 is outside the segment's 1-2");
  }

  @Test
  void sixteen_small_segments_are_merged_into_one_and_read_the_same() throws IOException {
    for (int i = 0; i < RecordCompaction.MERGE_AT; i++) {
      segment(i * 3 + 1, i * 3 + 3);
    }
    List<RecordedVersion> before = BackupRecord.read(root).versions();
    RecordCompaction.versions(dir);
    assertThat(names()).containsExactly("1-48.jsonl");
    assertThat(BackupRecord.read(root).versions()).isEqualTo(before).hasSize(48);
    // fewer than sixteen small ones after it: left as they are
    segment(49, 60);
    RecordCompaction.versions(dir);
    assertThat(names()).containsExactly("1-48.jsonl", "49-60.jsonl");
  }

  @Test
  void a_merge_cut_short_leaves_entries_twice_which_readers_collapse_and_the_next_start_tidies()
      throws IOException {
    segment(1, 3);
    segment(4, 6);
    segment(7, 8);
    // the crash came after the merged segment was renamed in, before its sources were deleted
    RecordSegments.writeVersions(dir, 1, 6, lines(1, 6));
    assertThat(BackupRecord.read(root).versions()).extracting(RecordedVersion::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    List<Long> streamed = new ArrayList<>();
    BackupRecord.forEachVersion(root, v -> streamed.add(v.seq()));
    assertThat(streamed).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);

    RecordWriter writer = RecordWriter.open(folder);
    assertThat(names()).containsExactly("1-6.jsonl", "7-8.jsonl");
    assertThat(writer.highestRecorded()).isEqualTo(8);
  }

  @Test
  void the_writer_records_a_seq_once_and_makes_entries_durable_up_to_the_seq_asked()
      throws IOException {
    RecordWriter writer = RecordWriter.open(folder);
    for (long s = 1; s <= 5; s++) {
      writer.add(version(s));
    }
    writer.add(version(3)); // a replay: already recorded
    writer.flushUpTo(3);
    assertThat(names()).containsExactly("1-3.jsonl");
    writer.flushUpTo(5);
    assertThat(names()).containsExactly("1-3.jsonl", "4-5.jsonl");
    writer.flushUpTo(5); // nothing pending: no empty segment
    assertThat(names()).hasSize(2);

    RecordWriter reopened = RecordWriter.open(folder);
    assertThat(reopened.highestRecorded()).isEqualTo(5);
    reopened.add(version(4)); // replayed after a restart: not recorded again
    reopened.add(version(6));
    reopened.flushUpTo(6);
    assertThat(names()).containsExactly("1-3.jsonl", "4-5.jsonl", "6-6.jsonl");
    assertThat(BackupRecord.read(root).versions()).hasSize(6);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("1-3.jsonl")))).isEqualTo("r--r--r--");
  }

  @Test
  void removals_of_two_prunes_are_kept_once_per_seq_and_merged_like_versions() throws IOException {
    segment(1, 3);
    RecordedRemoval first = removal(2, T0);
    RecordSegments.writeRemovals(dir, T0, List.of(RecordLines.encode(first)));
    // a prune that crashed before deleting the copy records it again
    RecordSegments.writeRemovals(dir, T0.plusSeconds(600),
        List.of(RecordLines.encode(removal(2, T0.plusSeconds(600))),
            RecordLines.encode(removal(1, T0.plusSeconds(600)))));
    BackupRecord record = BackupRecord.read(root);
    assertThat(record.removals()).containsExactly(removal(1, T0.plusSeconds(600)), first);
    assertThat(record.removal(2)).contains(first);
    assertThat(record.removal(3)).isEmpty();

    for (int i = 0; i < RecordCompaction.MERGE_AT; i++) {
      RecordSegments.writeRemovals(dir, T0.plusSeconds(1000 + i), List.of());
    }
    RecordCompaction.removals(dir, T0.plusSeconds(5000));
    assertThat(names()).hasSize(2).contains("1-3.jsonl");
    assertThat(BackupRecord.read(root).removals()).extracting(RecordedRemoval::seq)
        .containsExactly(1L, 2L);
  }

  private static RecordedRemoval removal(long seq, Instant at) {
    RecordedVersion v = version(seq);
    return new RecordedRemoval(seq, v.path(), v.version(), v.hash(), v.copy(), at,
        "keep the newest 1 versions of each file", "not among the newest 1");
  }

  @Test
  void a_folder_without_a_record_reads_as_empty() throws IOException {
    BackupRecord record = BackupRecord.read(root.resolve("never-backed-up"));
    assertThat(record.versions()).isEmpty();
    assertThat(record.removals()).isEmpty();
    assertThat(record.lastSeq()).isZero();
  }
}
