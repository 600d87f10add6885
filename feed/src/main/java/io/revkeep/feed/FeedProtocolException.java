package io.revkeep.feed;

/** A feed line broke the protocol: not JSON, an unknown op, a missing or mistyped field. */
public class FeedProtocolException extends RuntimeException {
  public FeedProtocolException(String message) {
    super(message);
  }

  public FeedProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
