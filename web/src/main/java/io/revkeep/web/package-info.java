/**
 * The Javalin web server ({@code revkeep web}, and part of {@code revkeep up}): login, the folder
 * browser and file history pages, the JSON API under {@code /api}, uploads and restores written
 * into the shared folder the way an edit arrives (so the listener records them), and live
 * updates by server-sent events fed by the web's own feed subscription. The API's JSON bodies
 * are the records of {@link io.revkeep.web.api}; its routes, one group per concern, are wired
 * by {@code ApiRoutes}. Entry point: {@link io.revkeep.web.WebDaemon}. Depends on config, core
 * and feed only: never on the listener or the backup (it sees the listener through the feed and
 * the status board).
 */
package io.revkeep.web;
