package io.revkeep.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * Keeps unauthenticated logins from occupying the server: at most {@link #AT_ONCE} logins are
 * handled at a time (more are refused at once with 503 and the connection closed, before their
 * body is read), and a login body longer than {@link #MAX_BODY_BYTES} is refused with 413 — by
 * its declared length before it is read, else as soon as it is longer. A body sent slowly is cut
 * by Jetty's minimum data rate ({@link HttpLimits}).
 */
final class LoginAdmission {
  /*
   * Threads:    Jetty's request threads; the semaphore is the only state. A permit is taken
   *             with tryAcquire (never waits) and released in a finally by the same request.
   * Invariants: at most AT_ONCE request threads are inside a login (reading its body or checking
   *             its password), whatever the number of connections sending logins.
   */

  /** Logins handled at once. */
  static final int AT_ONCE = 16;
  /** The largest login body: a JSON object with a name and a password. */
  static final int MAX_BODY_BYTES = 4096;

  private final Semaphore permits = new Semaphore(AT_ONCE);

  /** The work of one login, given its body. */
  interface Login {
    void handle(String body);
  }

  /** Runs {@code login} with the request's body, or refuses the request without reading it. */
  void admit(Context ctx, Login login) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      refuse(ctx, 413, "a login body is at most " + MAX_BODY_BYTES + " bytes");
    }
    if (!permits.tryAcquire()) {
      ctx.header("Retry-After", "1");
      refuse(ctx, 503, "too many logins at once; try again in a moment");
    }
    try {
      login.handle(body(ctx));
    } finally {
      permits.release();
    }
  }

  /** Permits free now (for tests). */
  int available() {
    return permits.availablePermits();
  }

  private static String body(Context ctx) {
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException | RuntimeException e) { // Jetty's minimum data rate, a deadline
      ctx.header("Connection", "close");
      throw new HttpError(408, "the login body did not arrive in time");
    }
    if (bytes.length > MAX_BODY_BYTES) {
      refuse(ctx, 413, "a login body is at most " + MAX_BODY_BYTES + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void refuse(Context ctx, int status, String message) {
    ctx.header("Connection", "close");
    throw new HttpError(status, message);
  }
}
