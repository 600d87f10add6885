package io.revkeep.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The web's logged-in sessions, kept in the store so that they survive a restart of the web and
 * are shared by every web server on the store (several behind a balancer). The store is given
 * every time (it never reads a clock) and keeps no policy: the idle timeout and how often a
 * session's last use is written are the web's ({@code io.revkeep.web.Sessions}). Thread-safe,
 * and several processes may share one store.
 *
 * <p>Sessions are keyed by {@link WebSession#idHash}, never by the cookie itself. A session of a
 * user that no longer exists may linger until it is swept; the web checks the user on every
 * request anyway.
 */
public interface WebSessions {

  /** Keeps a new session; {@link ConflictException} if its id hash is taken (never, in practice). */
  void addWebSession(WebSession session);

  /** The session with this id hash, if any (idle or not: the caller judges). */
  Optional<WebSession> webSession(String idHash);

  /**
   * Sets the session's last use to {@code lastSeen} unless it is already later; false when
   * there is no such session (it ended meanwhile).
   */
  boolean touchWebSession(String idHash, Instant lastSeen);

  /** Ends one session; false when there was none. */
  boolean removeWebSession(String idHash);

  /**
   * Ends every session of {@code user} but the one with id hash {@code keepIdHash} (null: ends
   * them all).
   *
   * @return how many ended
   */
  int removeWebSessions(String user, String keepIdHash);

  /**
   * Ends every session last used before {@code idleBefore} and counts the others.
   *
   * @return how many sessions remain (used at or after {@code idleBefore})
   */
  int sweepWebSessions(Instant idleBefore);
}
