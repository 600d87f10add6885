package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /static/icons/NAME.svg}: one icon of Bootstrap Icons (MIT licence), served from its
 * WebJar on the class path, so the pages need nothing from the Internet and no build step. Only
 * plain icon names are looked up; an icon never changes for a version, hence the long cache.
 * Public like every {@code /static/} asset (see {@link Auth}): the icons hold no data.
 *
 * <p>Jetty's request threads call it concurrently; its cache is a concurrent map of the few
 * icons the pages use.
 */
final class IconRoutes {
  /** The WebJar's version: the one pinned in the root pom ({@code bootstrap-icons.version}). */
  static final String VERSION = "1.11.3";
  private static final String FOLDER = "/META-INF/resources/webjars/bootstrap-icons/" + VERSION
      + "/icons/";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,60}\\.svg");
  private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

  void register(RoutesConfig routes) {
    routes.get("/static/icons/{name}", this::icon);
    // a page without <link rel="icon"> makes the browser ask for /favicon.ico: no 404 then
    routes.get("/favicon.ico", this::favicon);
  }

  private void favicon(Context ctx) {
    byte[] svg = cache.computeIfAbsent("/web/static/favicon.svg", IconRoutes::resource)
        .orElseThrow(() -> new HttpError(404, "no such icon"));
    ctx.header("Cache-Control", "public, max-age=86400");
    ctx.contentType("image/svg+xml").result(svg);
  }

  private void icon(Context ctx) {
    String name = ctx.pathParam("name");
    byte[] svg = NAME.matcher(name).matches() ? icon(name).orElse(null) : null;
    if (svg == null) {
      throw new HttpError(404, "no such icon");
    }
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "public, max-age=86400");
    ctx.contentType("image/svg+xml").result(svg);
  }

  /** The icon's SVG, or empty when the WebJar has none of that name. */
  Optional<byte[]> icon(String name) {
    return cache.computeIfAbsent(name, n -> resource(FOLDER + n));
  }

  private static Optional<byte[]> resource(String path) {
    try (InputStream in = IconRoutes.class.getResourceAsStream(path)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
