package io.revkeep.listener;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Watches every folder of the shared tree with one {@link WatchService} and turns its events
 * into {@link Signal}s. Drains keys on a thread that does nothing else, because the JDK keeps at
 * most 512 pending events per key before replacing them with one OVERFLOW.
 */
final class TreeWatcher implements AutoCloseable {
  /*
   * Threads:    one watch thread ("revkeep-watch") runs take() → signals → reset(). register()
   *             may also be called by a reconcile's walker threads, several at once (walks of
   *             the tree, of new or rescanned folders: ParallelReconcile).
   * State:      keys: WatchKey → the folder it stands for, a ConcurrentHashMap written by both
   *             threads. Registering a folder again (same inode after a rename) returns the
   *             same key, and the put maps it to the folder's new path.
   * Invariants: a new folder is registered before it is walked (the settler's rescan walks it),
   *             so a file created in it before registration is still seen. OVERFLOW becomes a
   *             Rescan of that folder, never a log line to forget. A key that stops being valid
   *             (folder deleted or moved away) becomes a Touched of the folder, so the settler
   *             notices the files that went with it.
   * Shutdown:   close() stops the LoopThread by closing the WatchService, which ends take() with
   *             ClosedWatchServiceException; then joins it. Keys die with the service.
   * Testing:    ListenerIT drives it through the whole daemon on real folders (and a tmpfs burst
   *             that overflows).
   */

  private static final Logger LOG = LogManager.getLogger();

  private final WatchService service;
  private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
  private final Predicate<Path> excluded;
  private final Consumer<Signal> sink;
  private final AtomicLong overflows = new AtomicLong();
  private final LoopThread thread;
  private volatile Throwable failure;

  /**
   * @param excluded folders and files that must never be watched or reported (data folder…)
   * @param sink receives signals on the watch thread; must not block for long
   */
  TreeWatcher(Predicate<Path> excluded, Consumer<Signal> sink) {
    try {
      this.service = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a file system watch service: " + e, e);
    }
    this.excluded = excluded;
    this.sink = sink;
    this.thread = new LoopThread("revkeep-watch", this::run);
  }

  void start() {
    thread.start();
  }

  /**
   * Registers one folder (not its subfolders). Idempotent; re-maps the key if the folder moved.
   *
   * @throws IOException if it cannot be watched, for example when the inotify watch limit is
   *     reached (the message then names the sysctl to raise)
   */
  void register(Path dir) throws IOException {
    if (thread.stopping() || excluded.test(dir)) {
      return;
    }
    try {
      WatchKey key = dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
      keys.put(key, dir);
    } catch (ClosedWatchServiceException e) {
      // shutting down
    } catch (IOException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("inotify") || msg.contains("limit")) {
        throw new IOException("cannot watch " + dir + ": " + msg + " — raise the sysctl "
            + "fs.inotify.max_user_watches (now " + readSysctl("max_user_watches") + ")", e);
      }
      throw e;
    }
  }

  /** Folders being watched. */
  int watchedFolders() {
    return keys.size();
  }

  /** OVERFLOW events seen since start. */
  long overflows() {
    return overflows.get();
  }

  /** Whether the watch thread stopped or failed: false before it starts. */
  boolean stopped() {
    return thread.ended() || failure != null;
  }

  private void run() {
    try {
      while (!thread.stopping()) {
        WatchKey key = service.take();
        Path dir = keys.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
          if (dir == null) {
            continue; // a key we have forgotten; its folder was already reported gone
          }
          if (event.kind() == OVERFLOW) {
            overflows.incrementAndGet();
            sink.accept(new Signal.Rescan(dir));
            continue;
          }
          Path child = dir.resolve((Path) event.context());
          if (excluded.test(child)) {
            continue;
          }
          if (event.kind() == ENTRY_CREATE && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            registerQuietly(child);
            sink.accept(new Signal.Rescan(child));
          } else {
            sink.accept(new Signal.Touched(child));
          }
        }
        if (!key.reset()) {
          keys.remove(key);
          if (dir != null) {
            sink.accept(new Signal.Touched(dir));
          }
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // close() was called
    } catch (Throwable t) {
      failure = t;
      LOG.error("the watch thread failed; changes are no longer seen until restart", t);
    }
  }

  private void registerQuietly(Path dir) {
    try {
      register(dir);
    } catch (IOException e) {
      LOG.error("{}", e.getMessage());
    }
  }

  private static String readSysctl(String name) {
    var n = StartupChecks.readNumber(Path.of("/proc/sys/fs/inotify/" + name));
    return n.isPresent() ? Long.toString(n.getAsLong()) : "unknown";
  }

  @Override
  public void close() {
    thread.stop(this::closeService);
    keys.clear();
  }

  /** Ends the watch thread's take() with ClosedWatchServiceException. */
  private void closeService() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.warn("closing the watch service: {}", e.toString());
    }
  }
}
