package io.revkeep.feed;

import java.io.IOException;

/** A fetch asked for a hash the server does not keep. */
public class BlobMissingException extends IOException {
  public BlobMissingException(String message) {
    super(message);
  }
}
