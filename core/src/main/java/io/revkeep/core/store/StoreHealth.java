package io.revkeep.core.store;

/** Whether the store answers, and what it is, for health checks, status and logs. */
public interface StoreHealth {

  /** Throws {@link StoreException} if the store cannot be reached or read right now. */
  void ping();

  /** A short description for logs and status, e.g. {@code sqlite /var/lib/revkeep/revkeep.db}. */
  String describe();
}
