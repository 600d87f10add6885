package io.revkeep.core.write;

/**
 * Content streamed into the writer's staging folder, hashed on the way and fsynced, waiting to
 * be moved into place by a {@link WriteRequest}. Discard it ({@link SharedFolderWriter#discard})
 * unless a request moved it.
 *
 * @param name the file's name inside the staging folder
 * @param hash the content's SHA-256, hex
 * @param size the content's length in bytes
 */
public record Staged(String name, String hash, long size) {}
