package io.revkeep.core.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteFilesAtAndNowTest extends FilesAtAndNowContract {
  private final AtomicInteger files = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected Store newStore() {
    return SqliteStore.open(dir.resolve("revkeep-" + files.incrementAndGet() + ".db"));
  }
}
