package io.revkeep.feed;

/**
 * A snapshot of one feed connection, for status pages and tests.
 *
 * @param id unique per server run
 * @param remoteAddress host:port of the peer
 * @param lastSent highest seq written to the connection
 * @param lastAcked highest seq the client acknowledged (its since before any ack)
 * @param lag server's last seq minus lastAcked
 * @param state where the connection is
 */
public record SubscriberInfo(
    long id, String remoteAddress, long lastSent, long lastAcked, long lag, State state) {

  /** Where a connection is in its life. */
  public enum State {
    /** Connected, hello not yet received. */
    HANDSHAKE,
    /** Catching up: reading events from the ring or the event log. */
    REPLAYING,
    /** Caught up with the last published event. */
    LIVE,
    /** Its outbound buffer is over the limit; nothing more is written until it drains. */
    STALLED,
    /** Closed (shown only until it is removed). */
    CLOSED
  }
}
