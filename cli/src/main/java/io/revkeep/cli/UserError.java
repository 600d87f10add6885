package io.revkeep.cli;

/**
 * A mistake the user can fix (unknown path, no such version…). Printed as one line on stderr,
 * without a stack trace; exit status 1.
 */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
