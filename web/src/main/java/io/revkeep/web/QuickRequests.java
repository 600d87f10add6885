package io.revkeep.web;

import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.QoSHandler;

/**
 * How many short requests the server works on at once: at most {@link #atOnce()} GET and HEAD
 * requests (listings, history, search, health, pages…) are handled at a time; the others wait,
 * in arrival order and without holding a thread (Jetty's {@link QoSHandler} suspends them), for
 * at most {@link #LONGEST_WAIT} (then 503), and at most as many wait as the server has
 * connections.
 *
 * <p>Why: the request threads ({@link WebThreads}, up to 250 for long transfers) all ran short
 * requests at once under a thousand clients, and the two CPUs were shared among hundreds of
 * runnable threads: the few requests the scheduler passed over waited seconds (bench/run row 6:
 * wrk's p99 1.2–1.4 s at 1,000 connections). A handful at a time, the others queued in order,
 * each request is served in its turn.
 *
 * <p>Not counted, since their length is the client's pace, not the server's work: requests with
 * a body (a slow sender would hold a place; bodies are bounded by {@link HttpLimits} and logins
 * by {@link LoginAdmission}), downloads ({@code /api/content}) and event streams ({@code
 * /api/events}). A short answer to a client that does not read it still holds its place until
 * the socket's buffer is full and then at most {@link HttpLimits#BLOCKED_IO}.
 */
final class QuickRequests {
  /** How long a request may wait for its turn before it is refused with 503. */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

  private QuickRequests() {}

  /** Short requests handled at once: four per CPU, at least eight (a read may wait on disk). */
  static int atOnce() {
    return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * Puts the queue inside {@code server}'s outermost handler wrapper (so Javalin, which fills the
   * innermost wrapper, ends up inside it); {@code waiting} is how many requests may wait at once.
   */
  static void install(Server server, int waiting) {
    QoSHandler queue = new QoSHandler();
    queue.setMaxRequestCount(atOnce());
    queue.setMaxSuspendedRequestCount(waiting);
    queue.setMaxSuspend(LONGEST_WAIT);
    queue.includeMethod("GET", "HEAD");
    queue.excludePath("/api/content", "/api/events");
    Handler.Wrapper outer = (Handler.Wrapper) server.getHandler();
    outer.setHandler(queue);
  }
}
