/**
 * The backup daemon (issue "Backup daemon"): follows the listener's feed and writes an
 * independent, versioned copy of every version, with retention. Empty until that issue lands;
 * the module exists so the dependency rule (listener, backup and web never depend on each other)
 * is enforced by the build from the start.
 */
package io.revkeep.backup;
