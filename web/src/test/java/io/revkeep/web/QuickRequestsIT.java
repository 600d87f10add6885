package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: QuickRequests lets a few short requests run at once and queues the others in order
 * without a thread each; bodies, downloads and event streams pass beside the queue. A real Jetty
 * server with the web's thread pool and the same handler chain as the web (an outer wrapper, the
 * queue installed inside it, the application innermost), whose application blocks every GET of
 * {@code /api/files} until the test lets it go.
 */
class QuickRequestsIT {
  static final int WAITING = 40;

  final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger inside = new AtomicInteger();
  final AtomicInteger mostInside = new AtomicInteger();
  Server server;
  QueuedThreadPool threads;
  HttpClient client;

  @BeforeEach
  void start() throws Exception {
    threads = (QueuedThreadPool) WebThreads.pool();
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Wrapper());
    QuickRequests.install(server, 1000);
    ((Handler.Wrapper) ((Handler.Wrapper) server.getHandler()).getHandler())
        .setHandler(new Application());
    server.start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    server.stop();
  }

  @Test
  void short_requests_beyond_the_limit_wait_their_turn_without_a_thread_and_all_succeed()
      throws Exception {
    int atOnce = QuickRequests.atOnce();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < atOnce + WAITING; i++) {
      answers.add(send("GET", "/api/files"));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> inside.get() == atOnce);
    // the waiting requests have arrived (each on its own connection) and hold no thread:
    // far fewer busy threads than requests
    await().atMost(Duration.ofSeconds(20))
        .until(() -> answers.stream().filter(CompletableFuture::isDone).count() == 0
            && threads.getBusyThreads() <= atOnce + 8 && queueLength() == WAITING);

    // a download, an event stream and a request with a body are not held behind them
    assertThat(send("GET", "/api/content").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/events").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/api/mkdir").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    release.countDown();
    for (CompletableFuture<HttpResponse<String>> a : answers) {
      assertThat(a.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(mostInside.get()).as("short requests handled at once").isEqualTo(atOnce);
  }

  private int queueLength() {
    return server.getDescendant(org.eclipse.jetty.server.handler.QoSHandler.class)
        .getSuspendedRequestCount();
  }

  private CompletableFuture<HttpResponse<String>> send(String method, String path) {
    URI uri = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0])
        .getLocalPort() + path);
    HttpRequest.BodyPublisher body = method.equals("POST")
        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody();
    return client.sendAsync(HttpRequest.newBuilder(uri).method(method, body)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Blocks GET /api/files until released; answers everything else at once. */
  private final class Application extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback)
        throws Exception {
      if (request.getMethod().equals("GET")
          && Request.getPathInContext(request).equals("/api/files")) {
        int now = inside.incrementAndGet();
        mostInside.accumulateAndGet(now, Math::max);
        try {
          release.await(30, TimeUnit.SECONDS);
        } finally {
          inside.decrementAndGet();
        }
      }
      response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }
}
