package io.revkeep.core.model;

import java.util.Locale;

/** What a user may do: admins manage users, editors upload and restore, viewers only read. */
public enum Role {
  ADMIN, EDITOR, VIEWER;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #wire()}; throws {@link IllegalArgumentException} naming the bad value. */
  public static Role fromWire(String s) {
    for (Role r : values()) {
      if (r.wire().equalsIgnoreCase(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + s + "' (expected admin, editor or viewer)");
  }
}
