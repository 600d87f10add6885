package io.revkeep.web;

/** Ends a request with this status and a JSON {@code {"error": message}} (or a page redirect). */
final class HttpError extends RuntimeException {
  final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
