package io.revkeep.cli;

/**
 * A command line that cannot be run as given, found while the command runs (after parsing): one
 * line on stderr with where the help is, exit status 2 ({@link Main#handle}), as picocli's own
 * usage errors ({@link UsageErrors}).
 */
final class BadUsage extends RuntimeException {
  BadUsage(String message) {
    super(message);
  }
}
