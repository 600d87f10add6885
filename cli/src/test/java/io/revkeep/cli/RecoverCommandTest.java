package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.backup.RecordedVersion;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.model.Origin;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How {@code recover} turns the backup record's versions into the versions a store imports. */
class RecoverCommandTest {
  static final Instant T = Instant.parse("2026-03-01T08:00:00Z");
  static final String HASH = "a".repeat(64);

  @Test
  void every_field_of_a_recorded_version_is_imported() {
    RecordedVersion v = new RecordedVersion(7, "docs/b.txt", 3, HASH, 12, T, "alice",
        Origin.WEB, Action.RENAME, "docs/a.txt", "cs-1", "host1:/srv/shared",
        "docs/b.txt.3.s7.rev");
    assertThat(RecoverCommand.imported(v)).isEqualTo(new ImportedVersion(7, Action.RENAME,
        "docs/b.txt", "docs/a.txt", 3, HASH, 12, T, "alice", Origin.WEB, "cs-1",
        "host1:/srv/shared"));
  }

  @Test
  void a_version_from_a_listener_that_did_not_send_its_origin_is_imported_as_seen_on_disk() {
    RecordedVersion v = new RecordedVersion(1, "a.txt", 1, HASH, 3, T, null, null,
        Action.CREATE, null, null, null, "a.txt.1.s1.rev");
    assertThat(RecoverCommand.imported(v).origin()).isEqualTo(Origin.FS);
  }

  @Test
  void a_deletion_has_no_content() {
    RecordedVersion v = new RecordedVersion(2, "a.txt", 2, null, 0, T, "bob", Origin.FS,
        Action.DELETE, null, null, null, null);
    ImportedVersion i = RecoverCommand.imported(v);
    assertThat(i.hash()).isNull();
    assertThat(i.action()).isEqualTo(Action.DELETE);
  }
}
