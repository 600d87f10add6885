package io.revkeep.core.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
    String changeSet) {

  /**
   * The JSON form every interface prints (CLI {@code --json}, the web API): snake_case names as in
   * the store's records, origin and action as their wire names. A new map each call.
   */
  public Map<String, Object> asJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("version", version);
    m.put("hash", hash);
    m.put("size", size);
    m.put("time", time);
    m.put("user", user);
    m.put("origin", origin.wire());
    m.put("action", action.name());
    m.put("change_set", changeSet);
    return m;
  }
}
