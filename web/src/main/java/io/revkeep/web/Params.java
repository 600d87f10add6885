package io.revkeep.web;

import io.javalin.http.Context;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.time.TimeSpec;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The query parameters of the API's GET routes, checked: a bad one is an {@link HttpError} 400.
 */
final class Params {
  private Params() {}

  /** {@code ?dir=}: a folder of the shared folder, normalised ("" for the root or absent). */
  static String dir(Context ctx) {
    try {
      return SharedRoot.normalizeDir(ctx.queryParam("dir"));
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
  }

  /** A required path of the shared folder, normalised. */
  static String path(Context ctx, String name) {
    try {
      return SharedRoot.normalize(ctx.queryParam(name));
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
  }

  /** A required whole number (a version number, a limit). */
  static int integer(Context ctx, String name) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) {
      throw new HttpError(400, "the parameter '" + name + "' is required");
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new HttpError(400, "the parameter '" + name + "' must be a version number, not '" + s
          + "'");
    }
  }

  /** An optional whole number: {@code dflt} when absent or blank. */
  static int integer(Context ctx, String name, int dflt) {
    String s = ctx.queryParam(name);
    return s == null || s.isBlank() ? dflt : integer(ctx, name);
  }

  /** An optional moment as {@link TimeSpec} reads it ("2026-11-02 14:00", "3h"…), else null. */
  static Instant moment(Context ctx, String name, Clock clock) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) {
      return null;
    }
    Instant at;
    try {
      at = TimeSpec.parse(s, clock, ZoneId.systemDefault());
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    } catch (DateTimeException | ArithmeticException e) {
      throw new HttpError(400, "the parameter '" + name + "' is not a moment revkeep reads: '"
          + s + "'");
    }
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw new HttpError(400, "the parameter '" + name + "' is out of range: a moment lies"
          + " between the years 1 and 9999");
    }
    return at;
  }

  /** The earliest and latest moment a query may name (what the stores can compare). */
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
}
