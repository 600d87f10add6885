package io.revkeep.core;

/**
 * {@link TextDiff#unified} gave up: the two versions differ in more lines than a line-by-line
 * diff shows within its budget of work ({@link TextDiff#MAX_CHANGED_LINES}). Nothing is wrong
 * with the versions; a caller answers with one line saying they are too different to show line
 * by line (the CLI exits 1; the web answers 422).
 */
public class VersionsTooDifferentException extends RuntimeException {
  public VersionsTooDifferentException() {
    super("the versions are too different to show line by line (more than "
        + TextDiff.MAX_CHANGED_LINES + " changed lines)");
  }
}
