package io.revkeep.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One logged-in web session as the store keeps it. The cookie itself is never stored: only
 * {@code idHash}, the SHA-256 (lower-case hex) of the cookie's value, so a copy of the store
 * does not hold a single cookie that would log anyone in.
 *
 * @param idHash SHA-256 hex of the session cookie's value
 * @param user the user it belongs to
 * @param csrf the token every state-changing request of this session carries
 * @param created when the login made it
 * @param lastSeen when a request last used it (written at most about once a minute, see
 *     {@code io.revkeep.web.Sessions})
 */
public record WebSession(String idHash, String user, String csrf, Instant created,
    Instant lastSeen) {
  public WebSession {
    Objects.requireNonNull(idHash, "idHash");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(csrf, "csrf");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  /** Whether it has been unused for longer than {@code idle} at {@code now}. */
  public boolean idleAt(Instant now, java.time.Duration idle) {
    return lastSeen.plus(idle).isBefore(now);
  }
}
