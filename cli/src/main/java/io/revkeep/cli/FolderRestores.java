package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.Printable;
import io.revkeep.core.restore.RestoreExecutor;
import io.revkeep.core.restore.RestorePlan;
import io.revkeep.core.restore.RestoreStep;
import io.revkeep.core.store.Store;
import io.revkeep.core.time.TimeSpec;
import io.revkeep.core.vault.Vault;
import io.revkeep.core.write.SharedFolderWriter;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CLI side of point-in-time restores ({@code restore DIR --at}, {@code revert --change-set}):
 * prints a plan (the dry run) or runs it through {@link RestoreExecutor} after the same checks a
 * single-file restore makes (a running listener, locks, versionable names).
 */
final class FolderRestores {
  private FolderRestores() {}

  /** Reads {@code --at}: a user mistake is one line naming the text and the accepted forms. */
  static Instant parseAt(String text) {
    try {
      return TimeSpec.parsePast(text, Services.CLOCK, ZoneId.systemDefault());
    } catch (IllegalArgumentException e) {
      throw new UserError("--at: " + e.getMessage());
    }
  }

  /** Prints the plan: one line per path (action, path, reason), then the counts. */
  static void print(RestorePlan plan, boolean json, Map<String, Object> result) {
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>(plan.asJson());
      if (result != null) {
        out.put("result", result);
      }
      System.out.println(Json.write(out));
      return;
    }
    System.out.println(Printable.of(plan.what()) + ":");
    for (RestoreStep s : plan.steps()) {
      String where = s.kind() == RestoreStep.Kind.MOVE
          ? Printable.of(s.from()) + " -> " + Printable.of(s.path()) : Printable.of(s.path());
      System.out.printf("  %-11s %s  — %s%n", s.kind().wire(), where, Printable.of(s.reason()));
    }
    StringBuilder counts = new StringBuilder();
    plan.counts().forEach((k, n) -> {
      if (n > 0) {
        counts.append(counts.length() == 0 ? "" : ", ").append(n).append(' ').append(k.wire());
      }
    });
    System.out.println(counts.length() == 0 ? "nothing to do" : counts.toString());
  }

  /**
   * Runs a plan after the checks every CLI write makes; prints what was done and how to undo it.
   *
   * @return the exit status
   */
  static int run(Config config, Store store, Vault vault, RestorePlan plan, boolean json)
      throws IOException {
    if (plan.changing().isEmpty()) {
      print(plan, json, null);
      if (!json) {
        System.out.println("nothing to change");
      }
      return 0;
    }
    String changeSet = UUID.randomUUID().toString();
    int total = plan.changing().size();
    int every = Math.max(1, total / 10);
    RestoreExecutor.Result result;
    try (SharedFolderWriter writer = CliWriter.open(config, store, vault)) {
      result = new RestoreExecutor(writer, CliWriter.RECORD_TIMEOUT).execute(plan,
          CliWriter.osUser(), changeSet, (i, n, step) -> {
            if (!json && n >= 20 && (i % every == 0 || i == n)) {
              System.err.printf("written %d of %d%n", i, n);
            }
          });
    }
    if (json) {
      print(plan, true, result.asJson());
    } else {
      print(plan, false, null);
      System.out.printf("done: %d moved, %d written, %d removed, %d unchanged; change set %s%n",
          result.moved(), result.written(), result.removed(), result.kept(), changeSet);
      System.out.printf("undo with: revkeep revert --change-set %s%n", changeSet);
    }
    return 0;
  }
}
