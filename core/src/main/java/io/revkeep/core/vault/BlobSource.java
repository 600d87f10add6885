package io.revkeep.core.vault;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Where the bytes of a version can be read by hash (the vault; over the feed for remote hosts). */
public interface BlobSource {

  /** The content with this SHA-256 (lower-case hex), or empty when it is not kept. */
  Optional<InputStream> open(String hash) throws IOException;
}
