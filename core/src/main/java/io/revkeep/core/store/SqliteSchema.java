package io.revkeep.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The versioned schema of the SQLite store: {@code PRAGMA user_version} says which steps a file
 * has; {@link #migrate} applies the missing ones in order, in one transaction, and refuses a file
 * from a newer revkeep.
 */
final class SqliteSchema {
  private static final Logger LOG = LogManager.getLogger(SqliteSchema.class);

  /**
   * Schema steps in order, resources next to this class: step i brings user_version from i to
   * i + 1. Append only; a released step never changes.
   */
  static final List<String> MIGRATIONS = List.of("schema-1.sql", "schema-2.sql", "schema-3.sql",
      "schema-4.sql", "schema-5.sql", "schema-6.sql", "schema-7.sql", "schema-8.sql");

  /** A part of a step computed in Java, after its statements, in the same transaction. */
  @FunctionalInterface
  private interface Computed {
    void run(Connection c) throws SQLException;
  }

  /**
   * The steps whose statements are followed by a computation no SQL statement does well:
   * schema-7.sql's folder sums replay the event log (SqliteFolderSums.rebuild).
   */
  private static final Map<String, Computed> COMPUTED =
      Map.of("schema-7.sql", SqliteFolderSums::rebuild);

  /** The user_version of a database this revkeep has brought up to date. */
  static final int CURRENT = MIGRATIONS.size();

  private SqliteSchema() {}

  /**
   * Brings the schema to the newest version in one write transaction (safe across processes).
   * Foreign keys are off while it runs — a step that rebuilds a table (schema-5.sql) drops the
   * table other tables refer to, which SQLite allows only so (and the pragma has no effect inside
   * a transaction) — and checked before the commit: a step that broke one rolls back.
   */
  static void migrate(Connection c, Path file) throws SQLException, IOException {
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA foreign_keys = OFF");
      try {
        migrate(st, file, c);
      } finally {
        st.execute("PRAGMA foreign_keys = ON");
      }
    }
  }

  private static void migrate(Statement st, Path file, Connection c)
      throws SQLException, IOException {
    st.execute("BEGIN IMMEDIATE");
    try {
      int current;
      try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
        current = rs.next() ? rs.getInt(1) : 0;
      }
      if (current > CURRENT) {
        throw new StoreException("cannot open sqlite " + file + ": its schema version is "
            + current + " but this revkeep knows versions up to " + CURRENT
            + "; the database was written by a newer revkeep — upgrade revkeep to use it");
      }
      for (int step = current; step < CURRENT; step++) {
        String name = MIGRATIONS.get(step);
        for (String sql : statements(name)) {
          st.execute(sql);
        }
        Computed computed = COMPUTED.get(name);
        if (computed != null) {
          computed.run(c);
        }
        LOG.info("sqlite {}: schema migrated to version {} ({})", file, step + 1, name);
      }
      if (current != CURRENT) {
        try (ResultSet broken = st.executeQuery("PRAGMA foreign_key_check")) {
          if (broken.next()) {
            throw new StoreException("cannot open sqlite " + file + ": migrating its schema"
                + " to version " + CURRENT + " left a row of " + broken.getString(1)
                + " without the row of " + broken.getString(3) + " it refers to; the file is"
                + " unchanged");
          }
        }
        st.execute("PRAGMA user_version = " + CURRENT);
      }
      st.execute("COMMIT");
    } catch (SQLException | IOException | RuntimeException e) {
      SqliteConnections.rollbackQuietly(c);
      throw e;
    }
  }

  /** The statements of a schema resource: ';' ends a statement at the end of a line. */
  private static List<String> statements(String resource) throws IOException {
    String text;
    try (InputStream in = SqliteSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("schema resource " + resource + " is missing from the classpath");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        out.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IOException("schema resource " + resource + " ends without ';'");
    }
    return out;
  }
}
