package io.revkeep.web;

import io.revkeep.core.Passwords;

/**
 * Whether a password matches a stored hash: {@link Passwords#matches} in the server, a counting
 * stand-in in tests (the login's equal work for known and unknown names is asserted by counting
 * calls, not by the clock).
 */
@FunctionalInterface
interface PasswordCheck {
  /** The server's check: bcrypt. */
  PasswordCheck BCRYPT = (password, hash) -> Passwords.matches(password, hash);

  /**
   * A hash no password is known to match, made at {@link Passwords#COST} like every user's, so
   * that checking a password against it for an unknown name costs what a known name costs.
   */
  String DUMMY_HASH = Passwords.hash(Sessions.randomToken().toCharArray());

  boolean matches(char[] password, String hash);
}
