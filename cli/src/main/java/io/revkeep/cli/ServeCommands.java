package io.revkeep.cli;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revkeep.alarms.AlarmDaemon;
import io.revkeep.backup.BackupDaemon;
import io.revkeep.config.Config;
import io.revkeep.core.FeedToken;
import io.revkeep.core.OwnerOnly;
import io.revkeep.core.Printable;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreException;
import io.revkeep.core.vault.Vault;
import io.revkeep.listener.ListenerDaemon;
import io.revkeep.web.WebDaemon;
import java.nio.file.Path;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The long-running commands: {@code up} and one per service. */
final class ServeCommands {
  private ServeCommands() {}

  /**
   * Runs services until SIGTERM/SIGINT, then closes them in reverse order of start.
   */
  private abstract static class Serve implements Callable<Integer> {
    /*
     * Threads:    main starts the services and waits on a latch; the JVM's shutdown-hook thread
     *             closes them and counts the latch down.
     * State:      started, a concurrent stack (main pushes while a signal may already have
     *             started the hook); store and vault, touched only by main; registry, the
     *             process's one PrometheusMeterRegistry (thread-safe), bound by each daemon and
     *             served by the web's /metrics.
     * Shutdown:   SIGTERM → hook → close every AutoCloseable in reverse start order (in-flight
     *             records finish, the feed closes its connections, the store closes last), then
     *             main returns.
     */
    @Mixin ConfigOption configOption;

    /** What was started, newest first; pushed by main, popped by the shutdown hook. */
    private final Deque<AutoCloseable> started = new ConcurrentLinkedDeque<>();
    /** Opened once by main, on first use; shared by the services of this process. */
    private Store store;
    private Vault vault;
    /**
     * The process's one meter registry: every daemon binds its meters here, and the web (when
     * this process runs one) serves it at /metrics. Without a web nothing exposes it. Made by
     * call(), not when picocli builds the command tree: building it brings in micrometer,
     * SLF4J and log4j, which every short command would pay for at start.
     */
    PrometheusMeterRegistry registry;

    abstract String processName();

    /** The console's level: null for the configured one; {@code up} shows warnings and errors. */
    Level consoleLevel() {
      return null;
    }

    abstract void startServices(Config config) throws Exception;

    @Override
    public Integer call() throws Exception {
      Config config = configOption.loadCreating();
      Logging.configure(config, processName(), consoleLevel());
      Logger log = LogManager.getLogger(getClass());
      Path data = config.paths().data();
      OwnerOnly.tighten(data).ifPresent(was -> log.info(
          "made the data folder {} owner-only (rwx------, was {}): it holds password hashes and every"
              + " version", Printable.of(data), was));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stopAll(log);
        stopped.countDown();
        LogManager.shutdown();
      }, "revkeep-shutdown"));
      try {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        startServices(config);
      } catch (Exception e) {
        stopAll(log);
        throw e;
      }
      stopped.await();
      return 0;
    }

    private void stopAll(Logger log) {
      for (AutoCloseable part; (part = started.pollFirst()) != null; ) {
        try {
          part.close();
        } catch (Exception e) {
          log.warn("while stopping: {}", e.toString());
        }
      }
    }

    /** The store, opened once per process and shared by its services; closed after them. */
    Store store(Config config) {
      if (store == null) {
        try {
          store = Services.openStoreForService(config);
        } catch (StoreException e) {
          throw StartRefused.store(e, config.store().type() == Config.StoreType.SQLITE);
        }
        started.push(store);
      }
      return store;
    }

    Vault vault(Config config) {
      if (vault == null) {
        vault = Services.openVault(config);
      }
      return vault;
    }

    /** Starts the listener on the shared store and vault; stopped by stopAll. */
    ListenerDaemon startListener(Config config) throws Exception {
      ListenerDaemon listener;
      Store store = store(config);
      try {
        listener = ListenerDaemon.start(Services.listenerSettings(config), store, vault(config),
            Services.CLOCK);
      } catch (Exception e) {
        throw StartRefused.listening(e, "listener's feed", config.listener().bind() + ":"
            + config.listener().port(), "[listener] port");
      }
      started.push(listener);
      listener.bindMetrics(registry);
      FolderSizes.bind(registry, "revkeep.vault.bytes", "Bytes of the version vault.",
          vault(config).root());
      return listener;
    }

    /** Starts the alarm e-mails when [alarms] smtp and emails are set; else does nothing. */
    void startAlarmsIfConfigured(Config config) {
      if (config.alarms().enabled()) {
        started.push(AlarmDaemon.start(config, store(config), Services.CLOCK));
      }
    }

    /** Starts the web server, following the feed at host:port for live changes. */
    WebDaemon startWeb(Config config, String feedHost, int feedPort) throws Exception {
      String token = FeedToken.resolve(config.listener().token(), config.paths().data());
      Store store = store(config);
      WebDaemon web;
      try {
        web = WebDaemon.start(WebDaemon.Settings.of(config, feedHost, feedPort, token), store,
            vault(config), System.out, registry, Services.CLOCK);
      } catch (Exception e) {
        throw StartRefused.listening(e, "web", config.web().bind() + ":" + config.web().port(),
            "[web] port");
      }
      started.push(web);
      return web;
    }

    /** https with [tls] cert and key (the web serves HTTPS only), else http. */
    static String webScheme(Config config) {
      return config.tls().enabled() ? "https" : "http";
    }

    /** Where this host reaches the listener's feed: its bind address, or loopback for "any". */
    static String feedHost(Config config) {
      String bind = config.listener().bind();
      return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    }

    /**
     * Starts the backup following the feed at host:port; in vault mode it reads the shared store
     * and vault, in feed mode it needs neither.
     */
    BackupDaemon startBackup(Config config, String host, int port) throws Exception {
      boolean local = config.backup().source() == Config.BackupSource.VAULT;
      BackupDaemon backup = BackupCommands.startDaemon(config, local ? store(config) : null,
          local ? vault(config) : null, host, port);
      started.push(backup);
      backup.bindMetrics(registry);
      FolderSizes.bind(registry, "revkeep.backup.bytes", "Bytes of the backup folder.",
          config.paths().backup());
      return backup;
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Run every service in one process on the embedded store.")
  static final class Up extends Serve {
    @Override
    String processName() {
      return "revkeep";
    }

    @Override
    Level consoleLevel() {
      return Level.WARN;
    }

    @Override
    void startServices(Config config) throws Exception {
      // With a fixed feed port (the default, 9000) the web starts first: it serves /api/health
      // at once — "store down" while a Couchbase cluster does not answer yet, when the
      // listener's start waits for it — and its feed client connects as soon as the listener
      // listens. With port 0 the port is only known once the listener has bound it.
      int fixedPort = config.listener().port();
      WebDaemon web = fixedPort != 0 ? startWeb(config, feedHost(config), fixedPort) : null;
      ListenerDaemon listener = startListener(config);
      startBackup(config, feedHost(config), listener.feedPort());
      if (web == null) {
        web = startWeb(config, feedHost(config), listener.feedPort());
      }
      startAlarmsIfConfigured(config);
      System.out.printf("revkeep is up: watching %s%n  versions and vault in %s%n"
              + "  backup copies in %s%n  web on %s://%s:%d/%n"
              + "  feed on %s:%d%n  config: %s%n  logs in %s (the console shows warnings and"
              + " errors)%nStop with Ctrl-C.%n",
          config.paths().shared(), config.paths().data(), config.paths().backup(),
          webScheme(config), config.web().bind(), web.port(), config.listener().bind(), listener.feedPort(),
          config.source(), config.logs().dir());
      System.out.flush();
    }
  }

  @Command(name = "listener", mixinStandardHelpOptions = true,
      description = "Run the listener alone: watch, record, broadcast; and the alarm e-mails"
          + " when [alarms] smtp is set.")
  static final class Listener extends Serve {
    @Override
    String processName() {
      return "listener";
    }

    @Override
    void startServices(Config config) throws Exception {
      ListenerDaemon listener = startListener(config);
      startAlarmsIfConfigured(config); // the listener's host runs the alarms
      System.out.printf("revkeep listener: watching %s, feed on %s:%d%n",
          config.paths().shared(), config.listener().bind(), listener.feedPort());
      System.out.flush();
    }
  }

  @Command(name = "web", mixinStandardHelpOptions = true,
      description = "Run the web server alone: pages and JSON API on [web] bind:port, live"
          + " changes from the listener's feed ([listener] bind:port).")
  static final class Web extends Serve {
    @Override
    String processName() {
      return "web";
    }

    @Override
    void startServices(Config config) throws Exception {
      WebDaemon web = startWeb(config, feedHost(config), config.listener().port());
      StatusMetrics.bind(registry, new StatusBoard(config.paths().data()));
      System.out.printf("revkeep web on %s://%s:%d/ (feed %s:%d)%n", webScheme(config),
          config.web().bind(), web.port(), feedHost(config), config.listener().port());
      System.out.flush();
    }
  }

  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = "Run the backup alone: follow the listener's feed ([backup] listener) and"
          + " write a versioned copy of every version into [paths] backup.")
  static final class Backup extends Serve {
    @Override
    String processName() {
      return "backup";
    }

    @Override
    void startServices(Config config) throws Exception {
      Config.HostPort feed = config.backup().listener();
      BackupDaemon backup = startBackup(config, feed.host(), feed.port());
      System.out.printf("revkeep backup: copies into %s from the feed at %s (%s), durable up to"
              + " seq %d%n", config.paths().backup(), feed,
          config.backup().source().name().toLowerCase(java.util.Locale.ROOT),
          backup.durableSeq());
      System.out.flush();
    }
  }
}
