package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.Context;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.restore.RestoreExecutor;
import io.revkeep.core.restore.RestorePlan;
import io.revkeep.core.restore.RestoreStep;
import io.revkeep.core.status.DiskSpace;
import io.revkeep.web.api.AccountBodies.Me;
import io.revkeep.web.api.AccountBodies.UserEntry;
import io.revkeep.web.api.ChangeEvent;
import io.revkeep.web.api.ErrorBody;
import io.revkeep.web.api.FileBodies.Diff;
import io.revkeep.web.api.FileBodies.History;
import io.revkeep.web.api.FileBodies.HistoryEntry;
import io.revkeep.web.api.FolderBodies.ChangeTimes;
import io.revkeep.web.api.FolderBodies.DirEntry;
import io.revkeep.web.api.FolderBodies.FileEntry;
import io.revkeep.web.api.FolderBodies.Listing;
import io.revkeep.web.api.HealthBodies.Details;
import io.revkeep.web.api.HealthBodies.DiskReport;
import io.revkeep.web.api.HealthBodies.HealthReport;
import io.revkeep.web.api.RestoreBodies.FolderRestoreAnswer;
import io.revkeep.web.api.RestoreBodies.FolderRestoreRequest;
import io.revkeep.web.api.RestoreBodies.RestoreAnswer;
import io.revkeep.web.api.RestoreBodies.RestoreRequest;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The API's records on the wire: exact field names (snake_case), their order, null vs absent,
 * instants as ISO-8601 strings, and how request bodies are read. What the pages' scripts (static/*.js) read.
 */
class ApiBodiesTest {
  static final Instant T = Instant.parse("2026-11-02T14:00:00Z");
  static final VersionRecord V = new VersionRecord("docs/a.txt", 2, "ab12", 5, T, "ann",
      Origin.WEB, Action.MODIFY, "cs-1");

  @Test
  void a_listing_with_a_folder_and_a_file() {
    assertThat(Json.write(new Listing("docs", null, 42, List.of(
        new DirEntry("sub", "docs/sub", 7, 2, T, "bob", false),
        new DirEntry("empty", "docs/empty", 0, 0, null, null, true),
        new FileEntry("a.txt", "docs/a.txt", 5, 2, "ab12", T, "ann", false, null, null)))))
        .isEqualTo("{\"dir\":\"docs\",\"at\":null,\"last_seq\":42,\"entries\":["
            + "{\"name\":\"sub\",\"path\":\"docs/sub\",\"type\":\"dir\",\"size\":7,\"files\":2,"
            + "\"last_modified\":\"2026-11-02T14:00:00Z\",\"last_modified_user\":\"bob\","
            + "\"deleted\":false},"
            + "{\"name\":\"empty\",\"path\":\"docs/empty\",\"type\":\"dir\",\"size\":0,"
            + "\"files\":0,\"last_modified\":null,\"last_modified_user\":null,\"deleted\":true},"
            + "{\"name\":\"a.txt\",\"path\":\"docs/a.txt\",\"type\":\"file\",\"size\":5,"
            + "\"versions\":2,\"hash\":\"ab12\",\"last_modified\":\"2026-11-02T14:00:00Z\","
            + "\"last_modified_user\":\"ann\",\"deleted\":false}]}");
    assertThat(Json.write(new FileEntry("a.txt", "docs/a.txt", 5, 2, "ab12", T, "ann", false,
        true, null))).endsWith("\"deleted\":false,\"deleted_since\":true}");
    assertThat(Json.write(new FileEntry("a.txt", "docs/a.txt", 5, 2, "ab12", T, "ann", false,
        false, "docs/b.txt")))
        .endsWith("\"deleted\":false,\"deleted_since\":false,\"moved_to\":\"docs/b.txt\"}");
    assertThat(Json.write(new ChangeTimes("docs", List.of(T))))
        .isEqualTo("{\"dir\":\"docs\",\"times\":[\"2026-11-02T14:00:00Z\"]}");
  }

  @Test
  void history_carries_every_field_of_a_version_record_and_whether_its_bytes_are_kept() {
    Map<String, Object> expected = new LinkedHashMap<>(V.asJson());
    expected.put("available", true);
    assertThat(Json.write(new History("docs/a.txt", false, List.of(HistoryEntry.of(V, true)))))
        .isEqualTo("{\"path\":\"docs/a.txt\",\"deleted\":false,\"versions\":["
            + Json.write(expected) + "]}")
        .contains("\"origin\":\"web\",\"action\":\"MODIFY\",\"change_set\":\"cs-1\"");
    assertThat(Json.write(new Diff("docs/a.txt", 1, 2, false, false, "@@")))
        .isEqualTo("{\"path\":\"docs/a.txt\",\"from\":1,\"to\":2,\"binary\":false,"
            + "\"identical\":false,\"diff\":\"@@\"}");
  }

  @Test
  void restores_and_the_folder_restore_plan_as_core_renders_it() {
    assertThat(Json.write(new RestoreAnswer("a.txt", 1, "b.txt", false)))
        .isEqualTo("{\"path\":\"a.txt\",\"version\":1,\"to\":\"b.txt\",\"unchanged\":false}");
    assertThat(Json.write(new RestoreAnswer("a.txt", 1, "a.txt", false, "cs-1")))
        .isEqualTo("{\"path\":\"a.txt\",\"version\":1,\"to\":\"a.txt\",\"unchanged\":false,"
            + "\"change_set\":\"cs-1\"}");
    RestorePlan plan = new RestorePlan("docs as of " + T, T, List.of(
        new RestoreStep(RestoreStep.Kind.WRITE, "docs/a.txt", V, 3, "changed since"),
        new RestoreStep(RestoreStep.Kind.REMOVE, "docs/new.txt", null, 1, "not there then"),
        new RestoreStep(RestoreStep.Kind.MOVE, "docs/old.txt", V, 4, "renamed to docs/b.txt",
            "docs/b.txt", true)));
    FolderRestoreAnswer planned = FolderRestoreAnswer.planned(plan);
    assertThat(Json.write(planned)).isEqualTo(Json.write(plan.asJson()));
    RestoreExecutor.Result done = new RestoreExecutor.Result("cs-9", 1, 1, 0, 1);
    Map<String, Object> ran = new LinkedHashMap<>(plan.asJson());
    ran.put("result", done.asJson());
    assertThat(Json.write(planned.ran(done))).isEqualTo(Json.write(ran))
        .contains("{\"action\":\"move\",\"path\":\"docs/old.txt\",\"from\":\"docs/b.txt\","
            + "\"to\":\"docs/old.txt\",\"rewrite\":true,")
        .endsWith("\"result\":{\"change_set\":\"cs-9\",\"moved\":1,\"written\":1,"
            + "\"removed\":1,\"unchanged\":0}}");
  }

  @Test
  void health_leaves_out_what_no_service_reported_and_says_null_for_an_unknown_backlog() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("store", "ok");
    parts.put("disk:shared", "ok: 50.0% free");
    DiskReport disk = DiskReport.of(new DiskSpace(1 << 20, 3 << 20), Path.of("/srv/shared"));
    assertThat(Json.write(new HealthReport("ok", parts, new Details(null, null, null,
        Map.of("shared", disk))))).isEqualTo("{\"status\":\"ok\",\"parts\":{\"store\":\"ok\","
            + "\"disk:shared\":\"ok: 50.0% free\"},\"details\":{\"disk\":{\"shared\":"
            + "{\"free_bytes\":1048576,\"total_bytes\":3145728,\"free_percent\":33.3,"
            + "\"folder\":\"/srv/shared\"}}}}");
    Map<String, Object> m = new LinkedHashMap<>(new DiskSpace(1 << 20, 3 << 20).toMap());
    m.put("folder", "/srv/shared");
    assertThat(Json.write(disk)).isEqualTo(Json.write(m));
    assertThat(Json.write(new Details(3L, List.of(Map.of("lag", 1)), Optional.empty(),
        Map.of()))).isEqualTo("{\"journal_pending\":3,\"subscribers\":[{\"lag\":1}],"
            + "\"backup_behind\":null,\"disk\":{}}");
    assertThat(Json.write(new Details(0L, List.of(), Optional.of(7L), Map.of())))
        .contains("\"backup_behind\":7,");
  }

  @Test
  void accounts_errors_and_events() {
    assertThat(Json.write(new Me("ann", "editor", "c0ffee")))
        .isEqualTo("{\"user\":\"ann\",\"role\":\"editor\",\"csrf\":\"c0ffee\"}");
    assertThat(Json.write(List.of(UserEntry.of("ann", Role.VIEWER))))
        .isEqualTo("[{\"name\":\"ann\",\"role\":\"viewer\"}]");
    assertThat(Json.write(new ErrorBody("no"))).isEqualTo("{\"error\":\"no\"}");
    assertThat(Json.write(ChangeEvent.of(new Event(9, Action.RENAME, "b.txt", "a.txt",
        "host:/srv/b.txt", 3, "ab", 4, T, "ann", null, null)))).isEqualTo("{\"seq\":9,\"action\":\"RENAME\","
            + "\"name\":\"b.txt\",\"from\":\"a.txt\",\"version\":3,\"hash\":\"ab\",\"size\":4,"
            + "\"time\":\"2026-11-02T14:00:00Z\",\"user\":\"ann\"}");
  }

  @Test
  void request_bodies_are_read_by_their_snake_case_names_and_ignore_unknown_fields() {
    FolderRestoreRequest f = Json.body(body("{\"dir\":\"docs\",\"at\":\"3h\",\"dry_run\":true,"
        + "\"exact\":\"true\",\"extra\":[1]}"), FolderRestoreRequest.class);
    assertThat(f).isEqualTo(new FolderRestoreRequest("docs", "3h", null, true, true));
    assertThat(Json.body(body("{\"path\":\"a.txt\",\"version\":2}"), RestoreRequest.class))
        .isEqualTo(new RestoreRequest("a.txt", 2, null));
    assertThatThrownBy(() -> Json.body(body("{\"path\":\"a.txt\",\"version\":\"2\"}"),
        RestoreRequest.class)).isInstanceOf(HttpError.class)
        .hasMessage("the field 'version' has the wrong type");
    assertThatThrownBy(() -> Json.body(body("[1]"), RestoreRequest.class))
        .hasMessage("the request body must be a JSON object");
    assertThatThrownBy(() -> Json.body(body("{"), RestoreRequest.class))
        .hasMessageStartingWith("the request body is not valid JSON: ");
    assertThatThrownBy(() -> Json.required("", "path"))
        .hasMessage("the field 'path' is required");
  }

  /** A request whose only answer is its body. */
  private static Context body(String json) {
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
        new Class<?>[] {Context.class}, (proxy, method, args) -> {
          if (method.getName().equals("body")) {
            return json;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
