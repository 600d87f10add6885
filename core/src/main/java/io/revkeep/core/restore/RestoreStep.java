package io.revkeep.core.restore;

import io.revkeep.core.model.VersionRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One path of a {@link RestorePlan}: what will happen to it, and why.
 *
 * @param kind what happens
 * @param path the target, relative to the shared root (a move's destination)
 * @param source the version whose bytes are written (WRITE, RECREATE, KEEP) or that a moved
 *     file had then (MOVE), else null
 * @param currentVersion the version standing at the target now (0 when nothing does; a move:
 *     the moved file's version now)
 * @param reason one line a user understands
 * @param from where a MOVE takes the file from (its path now), else null
 * @param rewrite whether a MOVE also writes {@code source}'s bytes back (the file changed since)
 * @param replaces whether another file lives at a MOVE's target now: it is removed first (a
 *     DELETE recorded, its versions kept in its history), then the file is moved there
 */
public record RestoreStep(Kind kind, String path, VersionRecord source, int currentVersion,
    String reason, String from, boolean rewrite, boolean replaces) {

  /** A step that moves nothing. */
  public RestoreStep(Kind kind, String path, VersionRecord source, int currentVersion,
      String reason) {
    this(kind, path, source, currentVersion, reason, null, false, false);
  }

  /** A step that replaces no file (a MOVE onto a path where no file lives). */
  public RestoreStep(Kind kind, String path, VersionRecord source, int currentVersion,
      String reason, String from, boolean rewrite) {
    this(kind, path, source, currentVersion, reason, from, rewrite, false);
  }

  /** What a step does. */
  public enum Kind {
    /**
     * The file is elsewhere now (renamed or moved since): moved back, its history with it (a
     * file living at the target now is removed first: {@link RestoreStep#replaces}).
     */
    MOVE(true),
    /** The target holds other content now: the old content is written over it. */
    WRITE(true),
    /** Nothing stands at the target now (deleted since, or never there): it is written. */
    RECREATE(true),
    /** The target holds that content already: left alone. */
    KEEP(false),
    /** The target did not exist then: left in place (a restore without --exact). */
    LEAVE(false),
    /** The target did not exist then: removed (--exact); its history keeps it. */
    REMOVE(true),
    /** The bytes of the version are gone (retention): the target is left as it is. */
    UNAVAILABLE(false);

    private final boolean changes;

    Kind(boolean changes) {
      this.changes = changes;
    }

    /** Whether executing the step changes the shared folder. */
    public boolean changes() {
      return changes;
    }

    /** The lower-case name printed and sent as JSON. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The JSON form the CLI's --json and the web API print (a move adds from, to, rewrite and
   * replaces).
   */
  public Map<String, Object> asJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", kind.wire());
    m.put("path", path);
    if (kind == Kind.MOVE) {
      m.put("from", from);
      m.put("to", path);
      m.put("rewrite", rewrite);
      m.put("replaces", replaces);
    }
    m.put("from_path", source == null ? null : source.path());
    m.put("version", source == null ? null : source.version());
    m.put("hash", source == null ? null : source.hash());
    m.put("size", source == null ? null : source.size());
    m.put("current_version", currentVersion == 0 ? null : currentVersion);
    m.put("reason", reason);
    return m;
  }
}
