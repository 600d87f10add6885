package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The pages: plain HTML from {@code resources/web/}, with the session's CSRF token in a meta tag,
 * and their assets under {@code /static/} (CSS, JS; no build step). Without a session a page
 * redirects to the login page (see {@link Auth}). The users page is served to admins only; others
 * get a 403 page saying so.
 */
final class PageRoutes {
  private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.(js|css|svg)");
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  void register(RoutesConfig routes) {
    routes.get("/login", ctx -> page(ctx, "login.html", ""));
    routes.get("/", ctx -> page(ctx, "index.html", Auth.session(ctx).csrf));
    routes.get("/file", ctx -> page(ctx, "file.html", Auth.session(ctx).csrf));
    routes.get("/account", ctx -> page(ctx, "account.html", Auth.session(ctx).csrf));
    routes.get("/admin", this::admin);
    routes.get("/static/{name}", this::asset);
  }

  /** The users page, for admins only: anyone else gets a 403 page, never the form. */
  private void admin(Context ctx) {
    if (Auth.user(ctx).role() != Role.ADMIN) {
      ctx.status(403);
      page(ctx, "forbidden.html", Auth.session(ctx).csrf);
      return;
    }
    page(ctx, "admin.html", Auth.session(ctx).csrf);
  }

  private void page(Context ctx, String name, String csrf) {
    String html = new String(resource(name), StandardCharsets.UTF_8).replace("{{csrf}}", csrf);
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:;"
        + " style-src 'self'; script-src 'self'; frame-ancestors 'none'");
    ctx.contentType("text/html; charset=utf-8").result(html);
  }

  private void asset(Context ctx) {
    String name = ctx.pathParam("name");
    if (!ASSET.matcher(name).matches()) {
      throw new HttpError(404, "no such asset");
    }
    byte[] bytes = resource("static/" + name);
    String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
        : name.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml";
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType(type).result(bytes);
  }

  private byte[] resource(String name) {
    return cache.computeIfAbsent(name, n -> {
      try (InputStream in = PageRoutes.class.getResourceAsStream("/web/" + n)) {
        if (in == null) {
          throw new HttpError(404, "no such page");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
