package io.revkeep.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.logging.log4j.Level;

/**
 * The configuration every revkeep process runs with: one immutable value, one record per INI section.
 * Obtain it from {@link ConfigLoader#load}, which finds the file, validates every value and creates
 * the folders; {@link #defaults(Path)} is the value in force when there is no file at all.
 *
 * <p>Every key, with its default (relative paths in a file are resolved against the file's folder;
 * the default folders are resolved against the working directory):
 *
 * <pre>
 * [paths]
 * shared = ./revkeep-data/shared        ; the watched folder
 * backup = ./revkeep-data/backup        ; versioned copies; never inside shared (nor shared inside it)
 * data   = ./revkeep-data/data          ; SQLite file, version vault, feed-token
 *
 * [revisions]
 * count = 2                             ; versions kept per file, 0 keeps all
 * revisionsuffix = .rev                 ; backup copies are &lt;path&gt;.&lt;version&gt;.s&lt;seq&gt;&lt;suffix&gt;
 * lockfiles = false                     ; true or false
 * policy = count                        ; count (keep the newest count) or staggered thinning
 * max_age = 0                           ; seconds; older versions are removed, 0 = off
 * quota = 0                             ; total size of kept versions (512M, 10G…), 0 = off
 *
 * [listener]
 * bind = 127.0.0.1                      ; 0.0.0.0, ::, loopback, or an address or name of this host
 * port = 9000                           ; 0 = any free port
 * settle_ms = 250                       ; quiet time before a change is recorded
 * ignore = *.swp, *~, .#*, ~$*, …       ; globs matched against file names (EditorFiles)
 * token =                               ; feed secret, 16 characters or more; empty: generated into &lt;data&gt;/feed-token
 *
 * [backup]
 * source = vault                        ; vault (same host) or feed (another host)
 * listener = 127.0.0.1:9000             ; host:port of the listener's feed
 * scrub_every = 0                       ; seconds between background scrub passes, 0 = off
 * scrub_rate = 10M                      ; bytes per second the scrub reads (K, M, G, T: base 1024)
 *
 * [store]
 * type = sqlite                         ; sqlite or couchbase
 * connection =                          ; required for couchbase, e.g. couchbase://db1,db2
 * bucket = file_manager
 * username =
 * password =
 * scope = _default
 * collection = _default
 * timeout_ms = 10000
 * durability = none                     ; couchbase: none, majority, majority_and_persist_to_active, persist_to_majority
 *
 * [web]
 * bind = 127.0.0.1                      ; as [listener] bind
 * port = 8080                           ; 0 = any free port; never the [listener] port
 * max_upload = 4G                       ; bytes, or with K, M, G, T (base 1024)
 * max_connections = 4000                ; open connections at most; more wait until some close
 * header_timeout = 10                   ; seconds a connection has to send a request (1-600)
 *
 * [logs]
 * dir = ./revkeep-data/logs             ; one &lt;process&gt;.log per process
 * rotateLength = 86400                  ; seconds between rollovers
 * max_size = 100M                       ; a log file is also rolled at this size
 * level = info                          ; off, fatal, error, warn, info, debug, trace, all
 *
 * [alarms]
 * emails =                              ; comma-separated addresses
 * smtp =                                ; host:port; empty turns alarms off
 * from = revkeep@localhost
 * min_interval = 3600                   ; seconds between two mails about the same problem
 * backup_behind_events = 1000           ; alarm when the backup is more events behind than this…
 * backup_behind_seconds = 600           ; …for longer than this many seconds
 * disk_free_percent = 5                 ; alarm when a folder's disk has less free space (1-99)
 *
 * [tls]                                 ; see TlsConfig; without cert and key: no TLS
 * cert =                                ; PEM certificate chain
 * key =                                 ; its private key, PEM, unencrypted PKCS#8
 * ca =                                  ; PEM certificates clients trust; empty: the system's
 * </pre>
 *
 * <p>Unknown sections and keys are errors. Keys are case-sensitive. A {@code ;} or {@code #} that
 * follows whitespace starts a comment, so a value cannot contain one after a space.
 *
 * @param source where the values came from: the file's path, or {@link #BUILT_IN}
 * @param tls {@code [tls]}: {@link TlsConfig#NONE} when absent
 */
public record Config(
    String source,
    Paths paths,
    Revisions revisions,
    Listener listener,
    Backup backup,
    Store store,
    Web web,
    Logs logs,
    Alarms alarms,
    TlsConfig tls) {

  /** The {@link #source()} of a configuration that was not read from a file. */
  public static final String BUILT_IN = "built-in defaults";

  public Config {
    Objects.requireNonNull(source);
    Objects.requireNonNull(paths);
    Objects.requireNonNull(revisions);
    Objects.requireNonNull(listener);
    Objects.requireNonNull(backup);
    Objects.requireNonNull(store);
    Objects.requireNonNull(web);
    Objects.requireNonNull(logs);
    Objects.requireNonNull(alarms);
    Objects.requireNonNull(tls);
  }

  /** A configuration without {@code [tls]}. */
  public Config(String source, Paths paths, Revisions revisions, Listener listener, Backup backup,
      Store store, Web web, Logs logs, Alarms alarms) {
    this(source, paths, revisions, listener, backup, store, web, logs, alarms, TlsConfig.NONE);
  }

  /** {@code [paths]}: absolute, normalized folders. */
  public record Paths(Path shared, Path backup, Path data) {}

  /**
   * {@code [revisions]}: {@code count} 0 keeps every version; {@code maxAge} zero and {@code quota}
   * 0 are off. Retention removes a version's bytes only, never its record.
   *
   * @param policy which versions of a file are thinned out: the newest {@code count} kept, or
   *     staggered (one per 30 s for an hour, per hour for a day, per day for 30 days, per week after)
   * @param maxAge versions older than this are removed (zero: off)
   * @param quota the kept versions' total size in bytes; the oldest go beyond it (0: off)
   */
  public record Revisions(int count, String revisionSuffix, boolean lockFiles, RetentionKind policy,
      Duration maxAge, long quota) {
    public Revisions {
      Objects.requireNonNull(revisionSuffix);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(maxAge);
    }

    /** The first three keys with the default retention: count policy, no age limit, no quota. */
    public Revisions(int count, String revisionSuffix, boolean lockFiles) {
      this(count, revisionSuffix, lockFiles, RetentionKind.COUNT, Duration.ZERO, 0);
    }

    /** Whether retention removes nothing: count policy with {@code count = 0}, no age, no quota. */
    public boolean keepsAll() {
      return policy == RetentionKind.COUNT && count == 0 && maxAge.isZero() && quota == 0;
    }
  }

  /** {@code [revisions] policy}: how the versions of one file are thinned out. */
  public enum RetentionKind {
    /** Keep the newest {@code count} versions of each file (0 keeps all). */
    COUNT,
    /** Syncthing's staggered thinning: fewer versions the older they are. */
    STAGGERED
  }

  /** {@code [listener]}: an empty {@code token} means the listener generates one. */
  public record Listener(String bind, int port, Duration settle, List<String> ignore, String token) {
    public Listener {
      ignore = List.copyOf(ignore);
    }
  }

  /**
   * {@code [backup]}.
   *
   * @param scrubEvery how often the background scrub reads every copy; zero: off
   * @param scrubRate the scrub's bytes per second
   */
  public record Backup(BackupSource source, HostPort listener, Duration scrubEvery,
      long scrubRate) {
    /** The scrub's rate when none is given: 10 MiB/s. */
    public static final long DEFAULT_SCRUB_RATE = 10L << 20;

    /** Without the background scrub. */
    public Backup(BackupSource source, HostPort listener) {
      this(source, listener, Duration.ZERO, DEFAULT_SCRUB_RATE);
    }
  }

  /** Where the backup daemon reads version bytes from. */
  public enum BackupSource {
    /** The vault under the data folder: backup runs on the listener's host. */
    VAULT,
    /** The listener's feed ({@code fetch}): backup runs on another host. */
    FEED
  }

  /**
   * {@code [store]}: {@code connection} is non-empty when the type is couchbase; {@code
   * durability} is how many Couchbase nodes must hold a write before it counts.
   */
  public record Store(
      StoreType type,
      String connection,
      String bucket,
      String username,
      String password,
      String scope,
      String collection,
      Duration timeout,
      Durability durability) {

    /** The settings with durability {@code none}. */
    public Store(StoreType type, String connection, String bucket, String username,
        String password, String scope, String collection, Duration timeout) {
      this(type, connection, bucket, username, password, scope, collection, timeout,
          Durability.NONE);
    }
  }

  /** Couchbase durability levels ({@code [store] durability}), as the server names them. */
  public enum Durability {
    /** Acknowledged when the active node has it in memory (the SDK's default). */
    NONE,
    /** Held in memory by a majority of the replicas. */
    MAJORITY,
    /** A majority in memory, and on disk on the active node. */
    MAJORITY_AND_PERSIST_TO_ACTIVE,
    /** On disk on a majority of the replicas. */
    PERSIST_TO_MAJORITY
  }

  /** Which store implementation holds files, versions, events and users. */
  public enum StoreType {
    /** One SQLite file under the data folder. */
    SQLITE,
    /** A Couchbase bucket, for many hosts. */
    COUCHBASE
  }

  /**
   * {@code [web]}: {@code maxUpload} in bytes.
   *
   * @param maxConnections connections open at once at most; at the limit the web stops
   *     accepting until some close
   * @param headerTimeout how long a connection may take to send a request's headers: from its
   *     opening, or from the end of its previous request; then it is closed
   */
  public record Web(String bind, int port, long maxUpload, int maxConnections,
      Duration headerTimeout) {
    /** The default connection limit: a thousand people, each with an event stream and more. */
    public static final int MAX_CONNECTIONS = 4000;
    /** The default header timeout. */
    public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);

    public Web {
      Objects.requireNonNull(bind);
      Objects.requireNonNull(headerTimeout);
    }

    /** {@code [web]} with the default connection limit and header timeout. */
    public Web(String bind, int port, long maxUpload) {
      this(bind, port, maxUpload, MAX_CONNECTIONS, HEADER_TIMEOUT);
    }
  }

  /** {@code [logs]}: {@code maxSize} in bytes. */
  public record Logs(Path dir, Duration rotateLength, long maxSize, Level level) {}

  /**
   * {@code [alarms]}: mails are sent only when {@code smtp} is present.
   *
   * @param backupBehindEvents the backup is "behind" when more events than this are not durable
   * @param backupBehindFor … and an alarm is raised when it stays behind longer than this
   * @param diskFreePercent a folder's disk is "nearly full" below this percentage of free space
   */
  public record Alarms(List<String> emails, Optional<HostPort> smtp, String from, Duration minInterval,
      long backupBehindEvents, Duration backupBehindFor, int diskFreePercent) {
    /** The default backup and disk thresholds. */
    public static final long DEFAULT_BACKUP_BEHIND_EVENTS = 1000;
    public static final Duration DEFAULT_BACKUP_BEHIND_FOR = Duration.ofSeconds(600);
    public static final int DEFAULT_DISK_FREE_PERCENT = 5;

    public Alarms {
      emails = List.copyOf(emails);
    }

    /** The mail settings with the default thresholds. */
    public Alarms(List<String> emails, Optional<HostPort> smtp, String from, Duration minInterval) {
      this(emails, smtp, from, minInterval, DEFAULT_BACKUP_BEHIND_EVENTS, DEFAULT_BACKUP_BEHIND_FOR,
          DEFAULT_DISK_FREE_PERCENT);
    }

    /** Whether alarms are sent at all: an SMTP server and at least one address are configured. */
    public boolean enabled() {
      return smtp.isPresent() && !emails.isEmpty();
    }
  }

  /** A host name or address and a port; written {@code host:port}, or {@code [v6addr]:port}. */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * The configuration in force when there is no file: folders under {@code
   * <workingDir>/revkeep-data/}, everything else as listed in the class comment. Touches no file.
   */
  public static Config defaults(Path workingDir) {
    Path root = workingDir.toAbsolutePath().normalize().resolve("revkeep-data");
    return new Config(
        BUILT_IN,
        new Paths(root.resolve("shared"), root.resolve("backup"), root.resolve("data")),
        new Revisions(2, ".rev", false),
        new Listener("127.0.0.1", 9000, Duration.ofMillis(250), EditorFiles.IGNORE, ""),
        new Backup(BackupSource.VAULT, new HostPort("127.0.0.1", 9000)),
        new Store(StoreType.SQLITE, "", "file_manager", "", "", "_default", "_default",
            Duration.ofMillis(10_000)),
        new Web("127.0.0.1", 8080, 4L << 30),
        new Logs(root.resolve("logs"), Duration.ofSeconds(86_400), 100L << 20, Level.INFO),
        new Alarms(List.of(), Optional.empty(), "revkeep@localhost", Duration.ofSeconds(3600)));
  }

  /**
   * This configuration as INI text that {@link ConfigLoader} reads back to an equal value (apart
   * from {@link #source()}): every key, paths absolute. Secrets ({@code token}, {@code password})
   * are included; see {@link #toIni(boolean)}.
   */
  public String toIni() {
    return toIni(false);
  }

  /**
   * This configuration as INI text, as {@link #toIni()}; with {@code redactSecrets} a non-empty
   * {@code token} or {@code password} is shown as {@code (set)}, for displaying on a terminal.
   */
  public String toIni(boolean redactSecrets) {
    var ini = new StringBuilder("; revkeep configuration in force, from ").append(source).append('\n');
    section(ini, "paths");
    key(ini, "shared", paths.shared());
    key(ini, "backup", paths.backup());
    key(ini, "data", paths.data());
    section(ini, "revisions");
    key(ini, "count", revisions.count());
    key(ini, "revisionsuffix", revisions.revisionSuffix());
    key(ini, "lockfiles", revisions.lockFiles());
    key(ini, "policy", name(revisions.policy()));
    key(ini, "max_age", revisions.maxAge().toSeconds());
    key(ini, "quota", revisions.quota() == 0 ? "0" : Sizes.format(revisions.quota()));
    section(ini, "listener");
    key(ini, "bind", listener.bind());
    key(ini, "port", listener.port());
    key(ini, "settle_ms", listener.settle().toMillis());
    key(ini, "ignore", String.join(", ", listener.ignore()));
    key(ini, "token", secret(listener.token(), redactSecrets));
    section(ini, "backup");
    key(ini, "source", name(backup.source()));
    key(ini, "listener", backup.listener());
    key(ini, "scrub_every", backup.scrubEvery().toSeconds());
    key(ini, "scrub_rate", Sizes.format(backup.scrubRate()));
    section(ini, "store");
    key(ini, "type", name(store.type()));
    key(ini, "connection", store.connection());
    key(ini, "bucket", store.bucket());
    key(ini, "username", store.username());
    key(ini, "password", secret(store.password(), redactSecrets));
    key(ini, "scope", store.scope());
    key(ini, "collection", store.collection());
    key(ini, "timeout_ms", store.timeout().toMillis());
    key(ini, "durability", name(store.durability()));
    section(ini, "web");
    key(ini, "bind", web.bind());
    key(ini, "port", web.port());
    key(ini, "max_upload", Sizes.format(web.maxUpload()));
    key(ini, "max_connections", web.maxConnections());
    key(ini, "header_timeout", web.headerTimeout().toSeconds());
    section(ini, "logs");
    key(ini, "dir", logs.dir());
    key(ini, "rotateLength", logs.rotateLength().toSeconds());
    key(ini, "max_size", Sizes.format(logs.maxSize()));
    key(ini, "level", logs.level().name().toLowerCase(Locale.ROOT));
    section(ini, "alarms");
    key(ini, "emails", String.join(", ", alarms.emails()));
    key(ini, "smtp", alarms.smtp().map(HostPort::toString).orElse(""));
    key(ini, "from", alarms.from());
    key(ini, "min_interval", alarms.minInterval().toSeconds());
    key(ini, "backup_behind_events", alarms.backupBehindEvents());
    key(ini, "backup_behind_seconds", alarms.backupBehindFor().toSeconds());
    key(ini, "disk_free_percent", alarms.diskFreePercent());
    ini.append(tls.toIni());
    return ini.toString();
  }

  private static void section(StringBuilder ini, String name) {
    ini.append("\n[").append(name).append("]\n");
  }

  private static void key(StringBuilder ini, String key, Object value) {
    String text = value.toString();
    ini.append(key).append(" =").append(text.isEmpty() ? "" : " " + text).append('\n');
  }

  private static String secret(String value, boolean redact) {
    return redact && !value.isEmpty() ? "(set)" : value;
  }

  static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
