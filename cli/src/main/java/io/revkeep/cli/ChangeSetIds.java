package io.revkeep.cli;

import io.revkeep.core.store.Store;

/**
 * Change-set ids on the command line: core's {@link io.revkeep.core.restore.ChangeSetIds} (the
 * same rules as the web), its refusals as {@link UserError}s.
 */
final class ChangeSetIds {
  private ChangeSetIds() {}

  /** The short form of an id (null stays null). */
  static String shortOf(String id) {
    return io.revkeep.core.restore.ChangeSetIds.shortOf(id);
  }

  /** The full id a typed id or prefix names; a user error when none or several match. */
  static String resolve(Store store, String typed) {
    try {
      return io.revkeep.core.restore.ChangeSetIds.resolve(store, typed);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
