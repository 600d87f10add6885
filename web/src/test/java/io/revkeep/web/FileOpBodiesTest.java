package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.web.api.AccountBodies.PasswordChange;
import io.revkeep.web.api.AccountBodies.PasswordChanged;
import io.revkeep.web.api.FileOpBodies.Deleted;
import io.revkeep.web.api.FileOpBodies.FolderMade;
import io.revkeep.web.api.FileOpBodies.MoveRequest;
import io.revkeep.web.api.FileOpBodies.Moved;
import io.revkeep.web.api.FileOpBodies.UndoRequest;
import io.revkeep.web.api.FindBodies.DeletedAnswer;
import io.revkeep.web.api.FindBodies.DeletedFile;
import io.revkeep.web.api.FindBodies.Hit;
import io.revkeep.web.api.FindBodies.LastVersion;
import io.revkeep.web.api.FindBodies.SearchAnswer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire form of the file operations, the search, the trash and the own password change:
 * what the page reads and sends.
 */
class FileOpBodiesTest {
  static final Instant T = Instant.parse("2026-11-02T14:00:00Z");

  @Test
  void the_answers_of_the_file_operations_carry_their_change_set() {
    assertThat(Json.write(new FolderMade("a/new", "cs-1")))
        .isEqualTo("{\"path\":\"a/new\",\"change_set\":\"cs-1\"}");
    assertThat(Json.write(new Moved("a.txt", "b/a.txt", "cs-2")))
        .isEqualTo("{\"from\":\"a.txt\",\"to\":\"b/a.txt\",\"change_set\":\"cs-2\"}");
    assertThat(Json.write(new Deleted("a.txt", 3, "cs-3")))
        .isEqualTo("{\"path\":\"a.txt\",\"version\":3,\"change_set\":\"cs-3\"}");
  }

  @Test
  void request_bodies_are_read_by_their_wire_names() {
    assertThat(Json.parse("{\"change_set\":\"abcd1234\"}", UndoRequest.class).changeSet())
        .isEqualTo("abcd1234");
    assertThat(Json.parse("{\"from\":\"a\",\"to\":\"b\"}", MoveRequest.class))
        .isEqualTo(new MoveRequest("a", "b"));
    assertThat(Json.parse("{\"old\":\"one-password\",\"new\":\"two-password\"}",
        PasswordChange.class)).isEqualTo(new PasswordChange("one-password", "two-password"));
    assertThat(Json.write(new PasswordChanged("ann", true)))
        .isEqualTo("{\"user\":\"ann\",\"changed\":true}");
  }

  @Test
  void a_search_answer_with_a_folder_and_a_file() {
    assertThat(Json.write(new SearchAnswer("rep", "", null, List.of(Hit.folder("docs/reports"),
        new Hit("report.txt", "docs/report.txt", "file", 5L, 2, T, "ann")), true)))
        .isEqualTo("{\"q\":\"rep\",\"dir\":\"\",\"at\":null,\"hits\":["
            + "{\"name\":\"reports\",\"path\":\"docs/reports\",\"type\":\"folder\"},"
            + "{\"name\":\"report.txt\",\"path\":\"docs/report.txt\",\"type\":\"file\","
            + "\"size\":5,\"version\":2,\"modified\":\"2026-11-02T14:00:00Z\",\"user\":\"ann\"}"
            + "],\"truncated\":true}");
  }

  @Test
  void the_trash_names_who_deleted_when_and_the_version_to_restore() {
    assertThat(Json.write(new DeletedAnswer("", List.of(new DeletedFile("a.txt", "d/a.txt", T,
        "bob", "cs-4", new LastVersion(1, "ab12", 5, T, "ann"))), false)))
        .isEqualTo("{\"dir\":\"\",\"files\":[{\"name\":\"a.txt\",\"path\":\"d/a.txt\","
            + "\"deleted\":\"2026-11-02T14:00:00Z\",\"deleted_by\":\"bob\","
            + "\"change_set\":\"cs-4\",\"last\":{\"version\":1,\"hash\":\"ab12\",\"size\":5,"
            + "\"time\":\"2026-11-02T14:00:00Z\",\"user\":\"ann\"}}],\"truncated\":false}");
  }
}
