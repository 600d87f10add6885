/**
 * The Javalin web server (issue "Web UI"): pages, JSON API, live updates. Empty until that issue
 * lands; the module exists so the dependency rule (listener, backup and web never depend on each
 * other) is enforced by the build from the start.
 */
package io.revkeep.web;
