/**
 * The backup: {@link io.revkeep.backup.BackupDaemon} follows the listener's feed and writes an
 * independent, read-only, versioned copy of every version into the backup folder, exactly once
 * ({@link io.revkeep.backup.BackupFolder} holds the copies and the durable cursor), and keeps the
 * folder's own record of every version and of what retention removed, read by {@link
 * io.revkeep.backup.BackupRecord} (docs/ARCHITECTURE.md, "The backup record"). Retention is a
 * {@link io.revkeep.backup.RetentionPolicy} — one pure class per strategy — carried out by
 * {@link io.revkeep.backup.Pruner} on backup copies and vault objects; {@link
 * io.revkeep.backup.Verifier} checks that retained bytes still match their hashes.
 *
 * <p>Depends on config, core and feed only; never on the listener or the web (the module rule).
 */
package io.revkeep.backup;
