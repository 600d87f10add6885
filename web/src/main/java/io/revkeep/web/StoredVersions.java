package io.revkeep.web;

import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A version of a file whose bytes can be served, found by path and number, with the error a
 * user reads when it cannot: 404 (no such file or version, a deletion), 410 (the bytes were
 * removed by retention).
 */
record StoredVersions(Store store, Vault vault) {
  /** The version asked for ({@code versionParam}, a number), or the newest one with content. */
  VersionRecord find(String path, String versionParam) {
    List<VersionRecord> all = store.history(path);
    if (all.isEmpty()) {
      throw new HttpError(404, "revkeep has no file '" + path + "'");
    }
    VersionRecord v;
    if (versionParam == null || versionParam.isBlank()) {
      v = all.get(all.size() - 1);
      if (v.hash() == null) {
        throw new HttpError(404, path + " is deleted; ask for one of its versions (1 to "
            + all.size() + ")");
      }
    } else {
      int n;
      try {
        n = Integer.parseInt(versionParam.trim());
      } catch (NumberFormatException e) {
        throw new HttpError(400, "the version must be a number, not '" + versionParam + "'");
      }
      v = store.version(path, n).orElseThrow(() -> new HttpError(404, "no version " + n + " of "
          + path + ": it has " + all.size() + " versions"));
    }
    if (v.hash() == null) {
      throw new HttpError(404, "version " + v.version() + " of " + path
          + " is a deletion: it has no content");
    }
    if (!vault.contains(v.hash())) {
      throw new HttpError(410, "the bytes of version " + v.version() + " of " + path
          + " are no longer kept (removed by retention)");
    }
    return v;
  }

  /** The version's bytes from the vault; 410 when they went since {@link #find}. */
  InputStream open(VersionRecord v) throws IOException {
    return vault.open(v.hash()).orElseThrow(
        () -> new HttpError(410, "the bytes of version " + v.version() + " are gone"));
  }
}
