package io.revkeep.config;

import io.revkeep.config.Config.BackupSource;
import io.revkeep.config.Config.RetentionKind;
import io.revkeep.config.Config.StoreType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the configuration file, reads it strictly and returns the sealed {@link Config}; {@link
 * #load} also creates the folders it names (the services), {@link #read} creates nothing (every
 * other command). The file is, in this order: the one given with {@code --config} (it must exist),
 * the one named by {@code $REVKEEP_CONFIG} (it must exist), {@code ./revkeep.ini} if present, else
 * the nearest folder above the working directory that holds a {@code revkeep.ini} or a
 * {@code revkeep-data/} folder (so a command run anywhere inside the default layout's shared folder
 * finds it, as git finds {@code .git}): its {@code revkeep.ini}, or the built-in defaults relative
 * to it. Without any, the built-in defaults apply relative to the working directory.
 *
 * <p>Every problem is a {@link ConfigException} naming the file, line, section and key and what was
 * expected: unknown sections and keys, a key given twice, a malformed value, couchbase without a
 * connection, a folder that cannot be created, the backup folder inside the shared folder (or the
 * other way round), the data or logs folder inside the shared folder, a feed token shorter than
 * {@value #MIN_TOKEN_LENGTH} characters, a web port equal to the feed port, a bind address this host
 * cannot listen on (see {@link BindAddresses}). Nothing is created when the
 * configuration is refused.
 */
public final class ConfigLoader {
  /** The environment variable that names the configuration file. */
  public static final String ENV_VARIABLE = "REVKEEP_CONFIG";
  /**
   * The longest {@code revisionsuffix}, in UTF-8 bytes: a backup copy's name keeps room for it
   * within the file system's 255 bytes (the backup module's CopyNames).
   */
  public static final int MAX_SUFFIX_BYTES = 32;
  /** The file looked for in the working directory when no other is named. */
  public static final String DEFAULT_FILE = "revkeep.ini";
  /** The folder of the built-in defaults' paths, looked for above the working directory too. */
  public static final String DEFAULT_DATA = "revkeep-data";
  /** The shortest feed token accepted in {@code [listener] token}. */
  public static final int MIN_TOKEN_LENGTH = 16;
  /** The fewest {@code [web] max_connections}: one browser alone opens up to seven. */
  static final int MIN_CONNECTIONS = 16;
  /** The most {@code [web] max_connections}: each is a file descriptor of the process. */
  static final int MAX_CONNECTIONS = 100_000;
  /** The longest {@code [web] header_timeout}, in seconds. */
  static final int MAX_HEADER_TIMEOUT_SECONDS = 600;

  private static final List<String> SECTIONS =
      List.of("paths", "revisions", "listener", "backup", "store", "web", "logs", "alarms",
          TlsSection.SECTION);

  private ConfigLoader() {}

  /** {@link #load(Path, Map, Path)} with the process environment and working directory. */
  public static Config load(Path explicitOrNull) {
    return load(explicitOrNull, System.getenv(), Path.of(""));
  }

  /** {@link #read(Path, Map, Path)} with the process environment and working directory. */
  public static Config read(Path explicitOrNull) {
    return read(explicitOrNull, System.getenv(), Path.of(""));
  }

  /**
   * Finds, reads and validates the configuration and creates its folders: for the services
   * ({@code up}, {@code listener}, {@code backup}, {@code web}) and what rebuilds a data folder.
   *
   * @param explicitOrNull the {@code --config} argument, or null; relative to {@code workingDir}
   * @param env            the environment, for {@value #ENV_VARIABLE}
   * @param workingDir     where {@value #DEFAULT_FILE} and the default folders are looked for
   * @throws ConfigException if a named file does not exist or the configuration is not valid
   */
  public static Config load(Path explicitOrNull, Map<String, String> env, Path workingDir) {
    Found found = find(explicitOrNull, env, workingDir);
    Config config = parse(found.ini(), Config.defaults(found.base()));
    Folders.prepare(config, found.ini());
    return config;
  }

  /**
   * Like {@link #load(Path, Map, Path)} but creates nothing: for every command that only reads or
   * asks a running listener to write. The folders' overlap is still checked.
   */
  public static Config read(Path explicitOrNull, Map<String, String> env, Path workingDir) {
    Found found = find(explicitOrNull, env, workingDir);
    Config config = parse(found.ini(), Config.defaults(found.base()));
    Folders.check(config, found.ini());
    return config;
  }

  /** The file read (or none) and the folder the built-in defaults are relative to. */
  private record Found(IniFile ini, Path base) {}

  private static Found find(Path explicitOrNull, Map<String, String> env, Path workingDir) {
    Path dir = workingDir.toAbsolutePath().normalize();
    Optional<Path> file = locate(explicitOrNull, env, dir);
    if (file.isPresent()) {
      return new Found(IniFile.read(file.get()), dir);
    }
    for (Path above = dir.getParent(); above != null; above = above.getParent()) {
      Path ini = above.resolve(DEFAULT_FILE);
      if (Files.isRegularFile(ini)) {
        return new Found(IniFile.read(ini), above);
      }
      if (Files.isDirectory(above.resolve(DEFAULT_DATA))) {
        return new Found(IniFile.none(above), above);
      }
    }
    return new Found(IniFile.none(dir), dir);
  }

  /** The file named or in the working directory, or empty (then the folders above are looked at). */
  static Optional<Path> locate(Path explicitOrNull, Map<String, String> env, Path workingDir) {
    if (explicitOrNull != null) {
      return Optional.of(existing(workingDir.resolve(explicitOrNull), "given with --config"));
    }
    String fromEnv = env.get(ENV_VARIABLE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(existing(workingDir.resolve(fromEnv.strip()), "named by $" + ENV_VARIABLE));
    }
    Path local = workingDir.resolve(DEFAULT_FILE);
    return Files.exists(local) ? Optional.of(existing(local, "in the working directory")) : Optional.empty();
  }

  private static Path existing(Path file, String how) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw new ConfigException(absolute.toString(), absolute, 0, null, null,
          "configuration file " + how + " does not exist");
    }
    if (!Files.isRegularFile(absolute)) {
      throw new ConfigException(absolute.toString(), absolute, 0, null, null,
          "configuration file " + how + " is not a regular file");
    }
    return absolute;
  }

  /**
   * Refuses a web port equal to the feed port (both fixed) and a bind address this host cannot listen
   * on; runs after every value has been read, so a malformed value is reported first.
   */
  private static void checkListening(IniFile ini, Config.Listener listener, Config.Web web) {
    for (String section : List.of("listener", "web")) {
      String bind = section.equals("web") ? web.bind() : listener.bind();
      BindAddresses.problem(bind).ifPresent(problem -> {
        throw ini.error(section, "bind", problem);
      });
    }
    if (web.port() != 0 && web.port() == listener.port()) {
      List<Integer> webLines = ini.linesOf("web", "port");
      List<Integer> feedLines = ini.linesOf("listener", "port");
      int webLine = webLines.isEmpty() ? 0 : webLines.get(0);
      int feedLine = feedLines.isEmpty() ? 0 : feedLines.get(0);
      boolean blameWeb = webLine >= feedLine;
      String section = blameWeb ? "web" : "listener";
      String other = blameWeb ? "[listener] port" + (feedLine > 0 ? " (line " + feedLine + ")" : " (default)")
          : "[web] port" + (webLine > 0 ? " (line " + webLine + ")" : " (default)");
      throw ini.error(section, "port", Math.max(webLine, feedLine), "port " + web.port()
          + " is also " + other + ": the web and the feed cannot listen on the same port; use another"
          + " (or 0 for any free port)");
    }
  }

  private static Config parse(IniFile ini, Config d) {
    ini.sections().stream()
        .filter(name -> !SECTIONS.contains(name))
        .min(Comparator.comparingInt(ini::lineOf))
        .ifPresent(name -> {
          throw ini.sectionError(name, "unknown section [" + name + "]; expected one of ["
              + String.join("], [", SECTIONS) + "]");
        });

    var paths = new SectionReader(ini, "paths");
    var parsedPaths = new Config.Paths(
        paths.path("shared", d.paths().shared()),
        paths.path("backup", d.paths().backup()),
        paths.path("data", d.paths().data()));

    var revisions = new SectionReader(ini, "revisions");
    int count = revisions.wholeNumber("count", 0, Integer.MAX_VALUE, d.revisions().count());
    String suffix = revisions.string("revisionsuffix", d.revisions().revisionSuffix());
    // a digit first would run into the seq that ends a copy's name (backup: CopyNames)
    if (suffix.contains("/") || suffix.contains("\\")
        || (!suffix.isEmpty() && Character.isDigit(suffix.charAt(0)))
        || suffix.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SUFFIX_BYTES) {
      throw revisions.error("revisionsuffix", "expected a file-name suffix such as .rev, without / or \\,"
          + " not starting with a digit, at most " + MAX_SUFFIX_BYTES + " bytes, got '" + suffix + "'");
    }
    var parsedRevisions = new Config.Revisions(count, suffix,
        revisions.bool("lockfiles", d.revisions().lockFiles()),
        revisions.oneOf("policy", RetentionKind.class, d.revisions().policy()),
        revisions.seconds("max_age", 0, d.revisions().maxAge()),
        revisions.sizeOrZero("quota", d.revisions().quota()));

    var listener = new SectionReader(ini, "listener");
    var parsedListener = new Config.Listener(
        listener.word("bind", d.listener().bind()),
        listener.wholeNumber("port", 0, 65535, d.listener().port()),
        listener.millis("settle_ms", 0, d.listener().settle()),
        listener.globs("ignore", d.listener().ignore()),
        listener.string("token", d.listener().token()));
    int tokenLength = parsedListener.token().codePointCount(0, parsedListener.token().length());
    if (tokenLength > 0 && tokenLength < MIN_TOKEN_LENGTH) {
      throw listener.error("token", "expected a feed token of at least " + MIN_TOKEN_LENGTH
          + " characters (or nothing, to have one generated into <data>/feed-token), got "
          + tokenLength + " character" + (tokenLength == 1 ? "" : "s"));
    }

    var backup = new SectionReader(ini, "backup");
    var parsedBackup = new Config.Backup(
        backup.oneOf("source", BackupSource.class, d.backup().source()),
        backup.hostPort("listener", d.backup().listener()),
        backup.seconds("scrub_every", 0, d.backup().scrubEvery()),
        backup.size("scrub_rate", d.backup().scrubRate()));

    var store = new SectionReader(ini, "store");
    var parsedStore = new Config.Store(
        store.oneOf("type", StoreType.class, d.store().type()),
        store.string("connection", d.store().connection()),
        store.string("bucket", d.store().bucket()),
        store.string("username", d.store().username()),
        store.string("password", d.store().password()),
        store.string("scope", d.store().scope()),
        store.string("collection", d.store().collection()),
        store.millis("timeout_ms", 1, d.store().timeout()),
        store.oneOf("durability", Config.Durability.class, d.store().durability()));
    if (parsedStore.type() == StoreType.COUCHBASE && parsedStore.connection().isEmpty()) {
      int typeLine = ini.linesOf("store", "type").get(0);
      throw ini.error("store", "connection", typeLine, "required when type = couchbase, e.g. couchbase://db1,db2");
    }

    var web = new SectionReader(ini, "web");
    var parsedWeb = new Config.Web(
        web.word("bind", d.web().bind()),
        web.wholeNumber("port", 0, 65535, d.web().port()),
        web.size("max_upload", d.web().maxUpload()),
        web.wholeNumber("max_connections", MIN_CONNECTIONS, MAX_CONNECTIONS,
            d.web().maxConnections()),
        Duration.ofSeconds(web.wholeNumber("header_timeout", 1, MAX_HEADER_TIMEOUT_SECONDS,
            (int) d.web().headerTimeout().toSeconds())));

    var logs = new SectionReader(ini, "logs");
    var parsedLogs = new Config.Logs(
        logs.path("dir", d.logs().dir()),
        logs.seconds("rotateLength", 1, d.logs().rotateLength()),
        logs.size("max_size", d.logs().maxSize()),
        logs.level("level", d.logs().level()));

    var alarms = new SectionReader(ini, "alarms");
    var parsedAlarms = new Config.Alarms(
        alarms.emails("emails", d.alarms().emails()),
        alarms.optionalHostPort("smtp"),
        alarms.mailAddress("from", d.alarms().from()),
        alarms.seconds("min_interval", 0, d.alarms().minInterval()),
        alarms.wholeNumber("backup_behind_events", 1, Integer.MAX_VALUE,
            (int) d.alarms().backupBehindEvents()),
        alarms.seconds("backup_behind_seconds", 0, d.alarms().backupBehindFor()),
        alarms.wholeNumber("disk_free_percent", 1, 99, d.alarms().diskFreePercent()));

    for (SectionReader section : List.of(paths, revisions, listener, backup, store, web, logs, alarms)) {
      section.rejectUnknownKeys();
    }
    checkListening(ini, parsedListener, parsedWeb);
    TlsConfig tls = TlsSection.read(ini);
    return new Config(ini.source(), parsedPaths, parsedRevisions, parsedListener, parsedBackup,
        parsedStore, parsedWeb, parsedLogs, parsedAlarms, tls);
  }
}
