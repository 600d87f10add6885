package io.revkeep.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open browser tabs: N {@code GET /api/events} streams (server-sent events) held open for the
 * whole soak, read line by line without a thread each (the JDK HTTP client's selector delivers
 * the lines to a {@link Flow.Subscriber}). A stream the server ends before {@link #close} is an
 * error, as is any answer but 200.
 *
 * <p>Threads: the HTTP client's own (a selector and a small pool), none of ours. State: each
 * stream's subscription is kept so {@link #close} can cancel it, which closes its connection.
 */
final class EventStreams {
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
  private final List<LineCounter> streams = new ArrayList<>();
  private volatile boolean closing;
  final AtomicLong changes = new AtomicLong();
  final Queue<String> errors = new ConcurrentLinkedQueue<>();

  void open(String base, String cookie, int n) {
    for (int i = 0; i < n; i++) {
      LineCounter counter = new LineCounter(i);
      streams.add(counter);
      CompletableFuture<HttpResponse<Void>> f = http.sendAsync(
          HttpRequest.newBuilder(URI.create(base + "/api/events")).header("Cookie", cookie)
              .header("Accept", "text/event-stream").GET().build(),
          HttpResponse.BodyHandlers.fromLineSubscriber(counter));
      f.whenComplete((r, e) -> {
        if (closing) {
          return;
        }
        if (e != null) {
          errors.add("event stream " + counter.id + ": " + e);
        } else if (r.statusCode() != 200) {
          errors.add("event stream " + counter.id + ": HTTP " + r.statusCode());
        } else {
          errors.add("event stream " + counter.id + ": ended by the server");
        }
      });
    }
  }

  /** Streams whose response has begun (the server accepted them). */
  long connected() {
    return streams.stream().filter(s -> s.subscribed).count();
  }

  void close() {
    closing = true;
    for (LineCounter s : streams) {
      s.cancel();
    }
  }

  private final class LineCounter implements Flow.Subscriber<String> {
    final int id;
    volatile boolean subscribed;
    private volatile Flow.Subscription subscription;

    LineCounter(int id) {
      this.id = id;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      subscribed = true;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("event: change") || line.startsWith("event:change")) {
        changes.incrementAndGet();
      }
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }
}
