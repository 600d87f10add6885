package io.revkeep.core.model;

import java.time.Instant;

/**
 * Announces, before the web or the CLI renames a file into the shared folder, who is writing
 * which content there. When the listener records that path with that hash before {@code expiry},
 * the version gets this user, origin and change set instead of the file owner and {@code fs}.
 */
public record WriteIntent(
    String path, String hash, String user, Origin origin, String changeSet, Instant expiry) {}
