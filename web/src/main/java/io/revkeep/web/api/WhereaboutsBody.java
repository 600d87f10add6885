package io.revkeep.web.api;

/**
 * The body of {@code GET /api/whereabouts}: what became of a path.
 *
 * @param state {@code live}, {@code deleted}, {@code moved} or {@code unknown}
 * @param movedTo for a file renamed or moved since (live or deleted there): its path today
 */
public record WhereaboutsBody(String path, String state, String movedTo) {}
