package io.revkeep.web.api;

/**
 * The body of every refused or failed request: {@code {"error": "…"}}, one sentence a user
 * understands.
 */
public record ErrorBody(String error) {}
