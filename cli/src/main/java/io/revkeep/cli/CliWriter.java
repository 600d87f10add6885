package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.core.write.ListenerCheck;
import io.revkeep.core.write.SharedFolderWriter;
import io.revkeep.core.write.TargetRules;
import io.revkeep.core.write.WriteOp;
import io.revkeep.core.write.WriteRequest;
import io.revkeep.core.write.WriteResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The command line's {@link SharedFolderWriter}: writes as origin {@code cli}, by the OS user
 * running the command, with the configuration's rules; stages nothing (its bytes come from the
 * vault and are staged beside their target).
 */
final class CliWriter {
  /** How long a command waits for the listener, before writing and after. */
  static final Duration RECORD_TIMEOUT = Duration.ofSeconds(30);

  private CliWriter() {}

  static SharedFolderWriter open(Config config, Store store, Vault vault) throws IOException {
    SharedRoot root = new SharedRoot(config.paths().shared());
    Clock clock = Services.CLOCK;
    return SharedFolderWriter.open(new SharedFolderWriter.Settings(root, store, vault,
        ListenerCheck.statusBoard(config.paths().data(), clock),
        new TargetRules(root, config.listener().ignore(),
            List.of(config.paths().data(), config.paths().backup())),
        config.revisions().lockFiles(), Origin.CLI, clock, null));
  }

  /**
   * The guards a single-file command runs before it decides what to write: a listener, a path
   * revkeep versions (any name the file system allows, control characters included: a recorded
   * name is written back as it is, and the command's user can make any name in the folder
   * anyway), no one else's lock, and what stands at {@code dest} recorded (waiting for the
   * listener, bounded).
   *
   * @return the stored form of {@code dest}
   */
  static String prepare(SharedFolderWriter writer, String dest, String what) throws IOException {
    writer.requireListener(what);
    String path = writer.target(dest, TargetRules.Naming.RECORDED);
    writer.requireUnlocked(path, osUser());
    writer.awaitRecorded(List.of(path), RECORD_TIMEOUT);
    return path;
  }

  /** Refuses, naming the version, one that has no bytes to put back. */
  static void requireContent(SharedFolderWriter writer, VersionRecord v) {
    if (v.hash() == null) {
      throw new UserError("version " + v.version() + " of " + v.path() + " is a deletion: it has"
          + " no content to restore; pick another version (see 'revkeep history " + v.path()
          + "')");
    }
    writer.requireContent(v.hash(), label(v));
  }

  /**
   * Writes the bytes of {@code v} at {@code dest} and waits until the listener recorded them.
   *
   * @return the version number the listener gave the new content
   */
  static int writeVersion(SharedFolderWriter writer, String dest, VersionRecord v, String what)
      throws IOException {
    WriteResult r = writer.apply(new WriteRequest(what, osUser(), null,
        List.of(new WriteOp.Put(dest, new WriteOp.FromVault(v.hash(), label(v)))),
        RECORD_TIMEOUT, RECORD_TIMEOUT, null));
    return r.done().get(0).version();
  }

  private static String label(VersionRecord v) {
    return "version " + v.version() + " of " + v.path();
  }

  /** The OS user running the command: the owner of CLI versions and of locks. */
  static String osUser() {
    return Objects.requireNonNullElse(System.getProperty("user.name"), "unknown");
  }
}
