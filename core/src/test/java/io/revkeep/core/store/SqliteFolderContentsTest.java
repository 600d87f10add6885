package io.revkeep.core.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link FolderContentsContract} on a SQLite file. */
class SqliteFolderContentsTest extends FolderContentsContract {
  @TempDir
  Path dir;

  private int files;

  @Override
  protected Store newStore() {
    return SqliteStore.open(dir.resolve("revkeep-" + ++files + ".db"));
  }
}
