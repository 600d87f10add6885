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
 * @param origin where the change came from (as on its version); null when it is not known: an
 *     event a Couchbase store recorded before events carried it, or a feed peer that omits it
 * @param changeSet the id shared by the versions of one multi-file operation, or null
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
    String user,
    Origin origin,
    String changeSet) {}
