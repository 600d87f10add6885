package io.revkeep.core.store;

import java.util.Objects;

/** Helpers for the paths a {@link Store} is asked about, shared by its implementations. */
public final class StorePaths {
  private StorePaths() {}

  /**
   * A folder path as the store queries it: without trailing slashes ({@code ""} is the root), so
   * {@code "docs/"}, {@code "docs//"} and {@code "docs"} name the same folder.
   *
   * @throws NullPointerException if {@code dir} is null
   */
  public static String trimDir(String dir) {
    Objects.requireNonNull(dir, "dir");
    String d = dir;
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }
}
