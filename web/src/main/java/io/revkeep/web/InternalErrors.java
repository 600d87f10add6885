package io.revkeep.web;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The answer to a request that failed unexpectedly: 500 with only "internal error (id X)", never
 * the exception, a class name or a server path; the log has the id with the method, the path
 * and the exception, so an operator finds what the user reports.
 */
final class InternalErrors {
  private static final Logger LOG = LogManager.getLogger();
  private static final SecureRandom RANDOM = new SecureRandom();

  private InternalErrors() {}

  /** Logs {@code e} under a fresh id and answers 500 with that id only. */
  static void answer(Exception e, Context ctx) {
    if (e instanceof org.eclipse.jetty.io.EofException) {
      LOG.debug("client went away: {}", e.toString());
      return;
    }
    String id = newId();
    LOG.warn("internal error {}: {} {} failed", id, ctx.method(), ctx.path(), e);
    Json.error(ctx, 500, message(id));
  }

  /** What a 500 says. */
  static String message(String id) {
    return "internal error (id " + id + ")";
  }

  private static String newId() {
    byte[] raw = new byte[6];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }
}
