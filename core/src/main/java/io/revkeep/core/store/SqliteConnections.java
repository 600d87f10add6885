package io.revkeep.core.store;

import io.revkeep.core.OwnerOnly;
import io.revkeep.core.retry.Backoff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sqlite.BusyHandler;

/**
 * The connections to one SQLite file: one write connection for BEGIN IMMEDIATE transactions and
 * a small pool of read connections, with SQLite's errors turned into clear StoreExceptions.
 */
final class SqliteConnections implements AutoCloseable {
  /*
   * Threads:    any number of caller threads. Writes serialize on writeLock and run on the one
   *             write connection; reads borrow one of READERS read connections from a queue, so
   *             up to READERS reads run at once, concurrently with a write (WAL: readers see the
   *             last committed state and never block the writer, nor it them).
   * State:      writer — guarded by writeLock (a JDBC connection is not safe for concurrent use).
   *             readers — a BlockingQueue of idle read connections; a borrowed connection is
   *             owned by the borrowing thread until it is offered back.
   *             closed — set once by close(); every operation checks it first.
   * Processes:  every write is one BEGIN IMMEDIATE transaction: it takes SQLite's write lock
   *             before its first read, so a read-modify-write is atomic across threads AND
   *             processes. Another process holding the lock makes BEGIN IMMEDIATE wait up to
   *             busyTimeoutMs (10 s), polling about every millisecond (PatientBusyHandler: a busy
   *             process cannot starve another), then StoreException naming SQLITE_BUSY.
   * Invariants: a write's work runs inside its transaction and nothing else's: committed if it
   *             returns, rolled back if it throws. A RevChanged from the work rolls back and
   *             runs it again from scratch (at most MAX_ATTEMPTS times).
   * Shutdown:   close() (idempotent) sets closed, waits for the in-flight write (writeLock) and
   *             closes the writer, then takes back each of the READERS connections — waiting
   *             for in-flight reads to return theirs — and closes them. Nothing stays open.
   * Testing:    through SqliteStoreTest (busy, closed, not a database, file descriptors over
   *             many open/close cycles) and SqliteStoreIT (child JVMs on one file).
   */

  private static final Logger LOG = LogManager.getLogger(SqliteConnections.class);

  /** Read connections kept open; WAL lets them all read while the writer commits. */
  static final int READERS = 4;
  /** How long a read waits for a free read connection (all busy) before it fails. */
  private static final long READER_WAIT_MS = 30_000;
  /** Attempts of one write transaction when its work throws RevChanged. */
  private static final int MAX_ATTEMPTS = 5;
  /**
   * Pauses between attempts to switch a file another process is creating to WAL: 1 ms doubling
   * to 4 ms, each lengthened by up to a quarter (at most 5 ms), so two openers do not retry in
   * step and the file's creator is not kept waiting.
   */
  private static final Backoff WAL_BUSY =
      Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(4)).withJitter(0.25);

  private final Path file;
  private final int busyTimeoutMs;
  private final ReentrantLock writeLock = new ReentrantLock();
  /** The one write connection. Guarded by writeLock. */
  private final Connection writer;
  /** Idle read connections; thread-safe queue, a borrowed connection belongs to its borrower. */
  private final BlockingQueue<Connection> readers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SqliteConnections(Path file, int busyTimeoutMs, Connection writer,
      List<Connection> readers) {
    this.file = file;
    this.busyTimeoutMs = busyTimeoutMs;
    this.writer = writer;
    this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
  }

  /** One unit of work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Thrown by a write's work when a row changed since it was read: the write runs again. */
  static final class RevChanged extends RuntimeException {
    RevChanged(String message) {
      super(message, null, false, false);
    }
  }

  /** The absolute path of the database file. */
  Path file() {
    return file;
  }

  /**
   * Opens (creating if needed) the file, its parent folders and the schema.
   *
   * @throws StoreException if the file cannot be opened, is not a SQLite database, or was
   *     written by a newer revkeep
   */
  static SqliteConnections open(Path dbFile, int busyTimeoutMs) {
    Path file = dbFile.toAbsolutePath().normalize();
    if (file.toString().indexOf('?') >= 0) {
      // sqlite-jdbc reads whatever follows '?' in a JDBC URL as connection parameters.
      throw new StoreException("cannot open sqlite " + file + ": the path must not contain '?'");
    }
    List<Connection> opened = new ArrayList<>();
    try {
      Path parent = file.getParent();
      if (parent != null) {
        OwnerOnly.createFolder(parent);
      }
      // Created 0600 before SQLite sees it: SQLite gives its -wal and -shm the database's mode.
      OwnerOnly.createFile(file);
      Connection writer = connect(file, busyTimeoutMs);
      opened.add(writer);
      try (Statement st = writer.createStatement()) {
        // WAL: readers (this process's pool, the CLI, the web) never block the writer or each
        // other. The mode is stored in the file, so every later connection uses it too.
        String mode = walMode(st, busyTimeoutMs);
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new StoreException("cannot open sqlite " + file
              + ": could not switch to WAL journal mode (got " + mode + ")");
        }
        // FULL, not NORMAL: in WAL mode NORMAL survives a process crash but a power loss may
        // undo the last committed transactions — after their events were broadcast and backed
        // up. A version the feed has announced must never vanish (the invariants in
        // docs/ARCHITECTURE.md: no version is lost, exactly once), and one fsync per recorded
        // change (~1 ms) is cheap next to hashing and copying the file that caused it.
        st.execute("PRAGMA synchronous = FULL");
      }
      SqliteSchema.migrate(writer, file);
      tightenDatabaseFiles(file);
      List<Connection> pool = new ArrayList<>(READERS);
      for (int i = 0; i < READERS; i++) {
        Connection reader = connect(file, busyTimeoutMs);
        opened.add(reader);
        try (Statement st = reader.createStatement()) {
          st.execute("PRAGMA query_only = ON"); // a read connection can never write by mistake
        }
        pool.add(reader);
      }
      LOG.info("opened sqlite {} (schema version {})", file, SqliteSchema.CURRENT);
      return new SqliteConnections(file, busyTimeoutMs, writer, pool);
    } catch (SQLException | IOException | RuntimeException e) {
      for (Connection c : opened) {
        closeQuietly(c);
      }
      if (e instanceof StoreException se) {
        throw se;
      }
      if (e instanceof SQLException sql && SqliteErrors.isNotADatabase(sql)) {
        throw new StoreException("cannot open sqlite " + file
            + ": the file exists but is not a SQLite database", e);
      }
      if (e instanceof SQLException sql && SqliteErrors.isBusy(sql)) {
        throw new StoreException(SqliteErrors.busyMessage(file, "open", busyTimeoutMs), e);
      }
      throw new StoreException("cannot open sqlite " + file + ": " + e.getMessage(), e);
    }
  }

  /** Makes the database and its -wal and -shm owner-only (they hold password hashes). */
  private static void tightenDatabaseFiles(Path file) {
    for (String suffix : List.of("", "-wal", "-shm")) {
      Path part = file.resolveSibling(file.getFileName() + suffix);
      OwnerOnly.tighten(part).ifPresent(was ->
          LOG.info("made {} owner-only (rw-------, was {})", part, was));
    }
  }

  /**
   * Switches to WAL. While another process is creating the same new file, SQLite answers
   * SQLITE_BUSY at once here without calling the busy handler, so this retries, pausing as
   * {@link #WAL_BUSY} says, until the busy timeout.
   */
  private static String walMode(Statement st, int busyTimeoutMs) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(busyTimeoutMs);
    Backoff.Attempts attempts = WAL_BUSY.attempts();
    while (true) {
      try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
        return rs.next() ? rs.getString(1) : null;
      } catch (SQLException e) {
        if (!SqliteErrors.isBusy(e) || System.nanoTime() - deadline > 0) {
          throw e;
        }
        LockSupport.parkNanos(
            attempts.failed(n -> ThreadLocalRandom.current().nextLong(n)).toNanos());
      }
    }
  }

  private static Connection connect(Path file, int busyTimeoutMs) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement st = c.createStatement()) {
      // Waits for another connection's lock; replaces PRAGMA busy_timeout (see the handler).
      BusyHandler.setHandler(c, new PatientBusyHandler(busyTimeoutMs));
      st.execute("PRAGMA foreign_keys = ON");
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
    return c;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    writeLock.lock(); // waits for the write in flight; later writes see closed and fail
    try {
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
    // Every read connection is either idle in the queue or borrowed by a read in flight, which
    // offers it back when done: taking READERS connections closes each exactly once.
    for (int i = 0; i < READERS; i++) {
      Connection c;
      try {
        c = readers.poll(READER_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn("sqlite {}: interrupted while closing; {} read connections left open", file,
            READERS - i);
        return;
      }
      if (c == null) {
        LOG.warn("sqlite {}: a read did not finish within {} ms; its connection is left open",
            file, READER_WAIT_MS);
        continue;
      }
      closeQuietly(c);
    }
    LOG.info("closed sqlite {}", file);
  }

  /**
   * Runs work in one BEGIN IMMEDIATE transaction on the write connection: committed if it
   * returns, rolled back if it throws. A failed rev check retries from a fresh read.
   */
  <T> T write(String what, Work<T> work) {
    writeLock.lock();
    try {
      ensureOpen();
      for (int attempt = 1; ; attempt++) {
        try {
          return inTransaction(writer, "BEGIN IMMEDIATE", work);
        } catch (RevChanged e) {
          if (attempt >= MAX_ATTEMPTS) {
            throw new ConflictException(what + " on " + "sqlite " + file + ": " + e.getMessage()
                + ", still after " + attempt + " attempts");
          }
          LOG.debug("{}: {}; retrying (attempt {})", what, e.getMessage(), attempt + 1);
        } catch (SQLException e) {
          throw translate(what, e);
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs work on a borrowed read connection (autocommit: each statement is one snapshot). */
  <T> T read(String what, Work<T> work) {
    Connection c = borrow();
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw translate(what, e);
    } finally {
      readers.add(c); // never full: only borrowed connections come back
    }
  }

  /**
   * Runs work in one read transaction on a borrowed read connection: every statement sees the
   * same snapshot, and SQLite takes its read lock on the WAL (an fcntl lock and unlock) and
   * checks its page cache once for all of them instead of once per statement. For many small
   * lookups together (the records of a settled batch, FileVersions.filesAt).
   */
  <T> T readSnapshot(String what, Work<T> work) {
    return read(what, c -> inTransaction(c, "BEGIN", work));
  }

  /** Runs work between {@code begin} and COMMIT on {@code c}; rolled back if it throws. */
  private static <T> T inTransaction(Connection c, String begin, Work<T> work)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(begin);
      try {
        T result = work.run(c);
        st.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    }
  }

  private Connection borrow() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READER_WAIT_MS);
    try {
      while (true) {
        ensureOpen();
        // Short polls so that a read waiting while close() drains the queue notices closed.
        Connection c = readers.poll(100, TimeUnit.MILLISECONDS);
        if (c != null) {
          if (closed.get()) {
            readers.add(c); // close() is waiting for it
            ensureOpen();
          }
          return c;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new StoreException("sqlite " + file + ": all " + READERS
              + " read connections stayed busy for " + READER_WAIT_MS + " ms");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a read connection to " + file, e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new StoreException("sqlite " + file + " is closed");
    }
  }

  private StoreException translate(String what, SQLException e) {
    return SqliteErrors.translate(file, what, busyTimeoutMs, e);
  }

  static void rollbackQuietly(Connection c) {
    try (Statement st = c.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException e) {
      // No transaction active (BEGIN itself failed) or the connection is gone: nothing to undo.
      LOG.debug("rollback: {}", e.getMessage());
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.warn("closing a sqlite connection failed: {}", e.getMessage());
    }
  }
}
