package io.revkeep.core.write;

import java.util.List;

/**
 * What a {@link WriteRequest} did.
 *
 * @param changeSet the request's change set
 * @param done one entry per operation, in order
 */
public record WriteResult(String changeSet, List<Done> done) {

  public WriteResult {
    done = List.copyOf(done);
  }

  /**
   * One operation done.
   *
   * @param path the stored form of the target path
   * @param hash the content written, or null for a removal
   * @param size bytes written (0 for a removal)
   * @param removed whether this was a removal
   * @param version the version the listener recorded, or 0 when the request did not wait
   */
  public record Done(String path, String hash, long size, boolean removed, int version) {}

  /** How many operations put content. */
  public int written() {
    return (int) done.stream().filter(d -> !d.removed()).count();
  }

  /** How many operations removed a file. */
  public int removed() {
    return (int) done.stream().filter(Done::removed).count();
  }
}
