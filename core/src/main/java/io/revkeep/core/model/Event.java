package io.revkeep.core.model;

import java.time.Instant;

/**
 * One entry of the event log, as broadcast on the feed.
 *
 * @param seq strictly increasing and gap-free per store, starting at 1
 * @param name path relative to the shared root
 * @param from the previous path for a RENAME, else null
 * @param location where the listener saw it: host and absolute path
 * @param hash null for DELETE
 */
public record Event(
    long seq,
    Action action,
    String name,
    String from,
    String location,
    int version,
    String hash,
    long size,
    Instant time,
    String user) {}
