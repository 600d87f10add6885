package io.revkeep.listener;

import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.FileVersions.FileStat;
import io.revkeep.core.store.Store;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One reconcile of a folder tree ({@link Reconciler}): its folders walked by a few threads, each
 * folder compared on its own with the store's records of that folder's direct files
 * ({@link io.revkeep.core.store.FileVersions#forEachLiveFileStatIn}), so what is held at once is
 * a few folders' records and listings, never the tree's. Used once.
 */
final class ParallelReconcile {
  /*
   * Threads:    the caller (the settler thread) runs run(): it starts the first walker, then
   *             takes reported paths from `reports` and hands them to `touch` — so touch, which
   *             feeds the settler's own queues, is only ever called on the settler thread — until
   *             the walk is over, then joins every walker. Walkers ("revkeep-reconcile-N", at
   *             most `threads`, started as folders wait for them) take folders from `folders`
   *             and walk each: register with the watcher, read the store's records of the
   *             folder, list it (one lstat per entry, relative to the open folder), queue its
   *             sub-folders, report.
   * State:      folders — folders queued to walk, newest first (depth first: few wait at once);
   *             pending — folders queued or being walked; the walker that brings it to 0 ends
   *                       the walk (END to reports, one STOP per walker to folders);
   *             reports — paths that may differ, for the caller;
   *             failure — the first exception of a walker (a StoreException when the store
   *                       fails): once set, queued folders are dropped unwalked and run()
   *                       rethrows it after joining the walkers;
   *             walked  — files walked.
   * Invariants: a folder is registered before it is listed, so a file created during the walk
   *             is listed or its event is seen. Every record the store has beneath the walked
   *             folder is matched with a regular file of the same name in its folder's listing,
   *             or reported: the folder's direct records left unmatched after its listing, and
   *             every record beneath a sub-folder the store knows that the listing did not walk
   *             (gone, ignored, a file or a link now, or the folder could not be listed).
   *             Symbolic links are never followed (entries are read with NOFOLLOW_LINKS).
   * Shutdown:   run() returns only after every walker it started has ended (joined), whether
   *             the walk finished, failed, or the caller was interrupted (then queued folders
   *             are dropped, the walkers end after the folder each is on, and run() returns with
   *             the interrupt flag set).
   * Testing:    ReconcilerTest on real folders and a real SQLite store (nested, ignored, gone,
   *             replaced, unlistable folders, a file created during the walk, no thread left).
   */

  private static final Logger LOG = LogManager.getLogger();

  /** A folder to walk: its path and its path as the store names it. */
  private record Folder(Path path, String rel) {}

  private static final Folder STOP = new Folder(null, null);
  private static final Path END = Path.of("");

  private final SharedRoot root;
  /** Null while the store is unavailable: only walk, report every file (walkWithoutStore). */
  private final Store store;
  private final PathFilter filter;
  private final Reconciler.Registrar registrar;
  private final Consumer<Path> touch;
  private final Thread[] walkers;
  private final AtomicInteger started = new AtomicInteger();
  private final BlockingDeque<Folder> folders = new LinkedBlockingDeque<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final BlockingQueue<Path> reports = new LinkedBlockingQueue<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final LongAdder walked = new LongAdder();

  /**
   * @param store null to walk without comparing: every file is reported (to {@code touch} if it
   *     is not null)
   */
  ParallelReconcile(SharedRoot root, Store store, PathFilter filter,
      Reconciler.Registrar registrar, int threads, Consumer<Path> touch) {
    this.root = root;
    this.store = store;
    this.filter = filter;
    this.registrar = registrar;
    this.touch = touch;
    this.walkers = new Thread[Math.max(1, threads)];
  }

  /**
   * Walks {@code dir} (a folder, not ignored) and everything beneath it; reports to touch on
   * this thread.
   *
   * @return how many files were walked
   */
  long run(Path dir, String rel) {
    boolean interrupted = false;
    queue(new Folder(dir, rel));
    try {
      while (true) {
        Path p;
        try {
          p = reports.take();
        } catch (InterruptedException e) {
          interrupted = true;
          failure.compareAndSet(null, e); // drop what is queued; the walkers end soon
          continue;
        }
        if (p == END) {
          break;
        }
        if (touch != null && !interrupted) {
          touch.accept(p);
        }
      }
    } finally {
      interrupted |= joinWalkers();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException e) {
      throw e;
    } else if (t instanceof Error e) {
      throw e;
    }
    return walked.sum();
  }

  /** Joins every walker started; whether this thread was interrupted meanwhile. */
  private boolean joinWalkers() {
    boolean interrupted = false;
    for (int i = 0; i < Math.min(started.get(), walkers.length); i++) {
      while (true) {
        try {
          walkers[i].join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    return interrupted;
  }

  /** Queues a folder, and starts a walker for it if fewer than the most are running. */
  private void queue(Folder folder) {
    pending.incrementAndGet();
    folders.addFirst(folder);
    int n = started.get();
    if (n < walkers.length && n < pending.get() && started.compareAndSet(n, n + 1)) {
      Thread t = new Thread(this::walk, "revkeep-reconcile-" + (n + 1));
      t.setDaemon(true);
      walkers[n] = t;
      t.start();
    }
  }

  private void walk() {
    while (true) {
      Folder f;
      try {
        f = folders.takeFirst();
      } catch (InterruptedException e) {
        return; // nobody interrupts walkers; ending is by STOP
      }
      if (f == STOP) {
        return;
      }
      try {
        if (failure.get() == null) {
          folder(f);
        }
      } catch (RuntimeException | Error e) {
        failure.compareAndSet(null, e);
      } finally {
        if (pending.decrementAndGet() == 0) {
          // the last folder: nothing can be queued any more, so started is final
          for (int i = 0; i < started.get(); i++) {
            folders.addLast(STOP);
          }
          reports.add(END);
        }
      }
    }
  }

  /** Registers, compares and lists one folder, queueing its sub-folders. */
  private void folder(Folder f) {
    Path dir = f.path();
    try {
      registrar.register(dir);
    } catch (IOException e) {
      // keep walking: its files are still compared now, only live changes are not seen
      LOG.error("{}", e.getMessage());
    }
    // the store's direct records by name, and its sub-folders holding records
    Map<String, FileStat> known = new HashMap<>();
    Set<String> knownFolders = new HashSet<>();
    if (store != null) {
      int cut = f.rel().isEmpty() ? 0 : f.rel().length() + 1;
      store.forEachLiveFileStatIn(f.rel(), s -> known.put(s.path().substring(cut), s),
          knownFolders::add);
    }
    long files = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      // on Linux a SecureDirectoryStream: an entry's lstat by its name relative to the open
      // folder (fstatat, as find does), not by a path the kernel walks from the root each time
      SecureDirectoryStream<Path> open = entries instanceof SecureDirectoryStream<Path> s
          ? s : null;
      for (Path entry : entries) {
        if (entry(f, open, entry, known, knownFolders)) {
          files++;
        }
      }
    } catch (NoSuchFileException e) {
      // gone meanwhile: every record of it is reported below
    } catch (IOException e) {
      LOG.warn("cannot read {} while reconciling: {}", dir, e.toString());
    } catch (DirectoryIteratorException e) {
      LOG.warn("cannot read {} while reconciling: {}", dir, e.getCause().toString());
    }
    walked.add(files);
    for (FileStat gone : known.values()) {
      reports.add(root.resolve(gone.path()));
    }
    for (String gone : knownFolders) {
      store.forEachLiveFileStat(gone, s -> reports.add(root.resolve(s.path())));
    }
  }

  /** Compares one entry of a folder's listing; whether it is a file walked. */
  private boolean entry(Folder f, SecureDirectoryStream<Path> open, Path entry,
      Map<String, FileStat> known, Set<String> knownFolders) {
    Path namePath = entry.getFileName();
    BasicFileAttributes attrs;
    try {
      attrs = open != null
          ? open.getFileAttributeView(namePath, BasicFileAttributeView.class,
              LinkOption.NOFOLLOW_LINKS).readAttributes()
          : Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return false; // gone meanwhile: its record, if any, is reported
    } catch (IOException e) {
      LOG.warn("cannot read {} while reconciling: {}", entry, e.toString());
      return false;
    }
    boolean folder = attrs.isDirectory();
    if (!folder && !attrs.isRegularFile()) {
      return false; // a link (never followed), a device, a pipe: its record, if any, is reported
    }
    String name = namePath.toString();
    if (filter.ignored(entry, name)) {
      return false;
    }
    if (folder) {
      String rel = f.rel().isEmpty() ? name : f.rel() + "/" + name;
      knownFolders.remove(rel);
      queue(new Folder(entry, rel));
      return false;
    }
    if (store == null) {
      if (touch != null) {
        reports.add(entry);
      }
      return true;
    }
    FileStat r = known.remove(name);
    if (r == null || r.fsSize() != attrs.size()
        || r.fsMtime() != attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)) {
      reports.add(entry);
    }
    return true;
  }
}
