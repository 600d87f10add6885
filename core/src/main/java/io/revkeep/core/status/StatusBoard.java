package io.revkeep.core.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.revkeep.core.HostName;
import io.revkeep.core.Threads;
import io.revkeep.core.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The folder where running services publish their status ({@code <data>/status/}), one JSON file
 * each, renewed every {@link #INTERVAL}; {@code revkeep status} reads them. A file is replaced
 * atomically, so a reader never sees half of one.
 */
public final class StatusBoard {

  /** How often a running service renews its file. */
  public static final Duration INTERVAL = Duration.ofSeconds(2);
  /** A file older than this belongs to a service that is no longer running. */
  public static final Duration STALE_AFTER = INTERVAL.multipliedBy(3);

  private static final Logger LOG = LogManager.getLogger();
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path dir;

  public StatusBoard(Path dataDir) {
    this.dir = dataDir.resolve("status");
  }

  /** Writes (replaces) one service's status. */
  public void write(ServiceStatus status) throws IOException {
    OwnerOnly.createFolder(dir);
    Path temp = Files.createTempFile(dir, status.service() + ".", ".tmp", OwnerOnly.fileAttribute());
    try {
      JSON.writeValue(temp.toFile(), status);
      Files.move(temp, file(status.service()), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Removes a service's file: it stopped cleanly. */
  public void remove(String service) {
    try {
      Files.deleteIfExists(file(service));
    } catch (IOException e) {
      LOG.warn("cannot remove the status of {}: {}", service, e.toString());
    }
  }

  public Optional<ServiceStatus> read(String service) {
    try {
      return Optional.of(JSON.readValue(file(service).toFile(), ServiceStatus.class));
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("unreadable status file of {}: {}", service, e.toString());
      return Optional.empty();
    }
  }

  /** Every service that has a status file, alive or stale, ordered by name. */
  public List<ServiceStatus> readAll() {
    List<ServiceStatus> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - 5))
          .sorted()
          .forEach(s -> read(s).ifPresent(all::add));
    } catch (NoSuchFileException e) {
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e, e);
    }
    return all;
  }

  private Path file(String service) {
    return dir.resolve(service + ".json");
  }

  /**
   * Renews a service's status every {@link #INTERVAL} from a supplier, on its own daemon thread,
   * until closed; closing removes the file (a clean stop is not "down").
   */
  public Publication publish(String service, Supplier<ServiceStatus> status) {
    /*
     * Threads:  one scheduler thread ("revkeep-status-<service>") owned by the returned handle.
     * Errors:   a failed write is logged and retried at the next tick; it never stops the ticks.
     * Shutdown: close() stops the scheduler, waits for a tick in progress, removes the file.
     */
    ScheduledExecutorService timer = Threads.scheduler("revkeep-status-" + service);
    timer.scheduleWithFixedDelay(() -> {
      try {
        write(status.get());
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot write the status of {}: {}", service, e.toString());
      }
    }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return () -> {
      Threads.shutdownNow(timer, Duration.ofSeconds(5));
      remove(service);
    };
  }

  /** A running publication; closing it stops the renewals and removes the file. */
  @FunctionalInterface
  public interface Publication extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * The status a service reports now by {@code clock}, with the common fields (pid, host,
   * updated) filled in.
   */
  public static ServiceStatus now(String service, Instant started, boolean healthy,
      Map<String, Object> details, Clock clock) {
    return new ServiceStatus(service, ProcessHandle.current().pid(), HostName.get(), started,
        clock.instant(), healthy, details);
  }

  /**
   * {@link #now(String, Instant, boolean, Map, Clock)} by the system clock, for callers that
   * have no clock of their own.
   */
  public static ServiceStatus now(String service, Instant started, boolean healthy,
      Map<String, Object> details) {
    return now(service, started, healthy, details, Clock.systemUTC());
  }

}
