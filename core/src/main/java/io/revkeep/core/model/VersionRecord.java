package io.revkeep.core.model;

import java.time.Instant;

/**
 * One recorded version of a file.
 *
 * @param path the path the file had when this version was recorded
 * @param version 1-based, gap-free per file
 * @param hash SHA-256 hex of the content; null for a DELETE tombstone
 * @param origin where the change came from
 * @param action what happened
 * @param changeSet id shared by the versions of one multi-file operation, or null
 */
public record VersionRecord(
    String path,
    int version,
    String hash,
    long size,
    Instant time,
    String user,
    Origin origin,
    Action action,
    String changeSet) {}
