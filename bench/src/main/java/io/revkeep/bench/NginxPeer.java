package io.revkeep.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx serving one JSON document as a static file — the same bytes revkeep's
 * {@code GET /api/files} answered — on a loopback port: the practical limit of the web rows
 * (issue 17), since no server answers a request in less work than sending a file it already
 * has. Its own prefix, configuration, logs and temporary folders live under the bench's folder;
 * the process is the bench's, stopped by {@link #close}.
 */
final class NginxPeer implements AutoCloseable {
  private final Process nginx;
  private final int port;

  static boolean available() {
    return Machine.has("nginx");
  }

  /** Starts nginx under {@code dir} serving {@code json} at {@code /api/files}. */
  NginxPeer(Path dir, String json) throws IOException, InterruptedException {
    Path www = Files.createDirectories(dir.resolve("www").resolve("api"));
    Files.writeString(www.resolve("files"), json);
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("temp"));
    port = freePort();
    String temp = dir.resolve("temp").toString();
    // as root, nginx's workers would run as nobody, who may not enter the bench's folder
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    Path conf = Files.writeString(dir.resolve("nginx.conf"), user
        + "worker_processes " + Runtime.getRuntime().availableProcessors() + ";\n"
        + "error_log " + dir.resolve("logs/error.log") + " warn;\n"
        + "pid " + dir.resolve("nginx.pid") + ";\n"
        + "events { worker_connections 8192; }\n"
        + "http {\n"
        + "  access_log off;\n"
        + "  default_type application/json;\n"
        + "  keepalive_requests 1000000;\n"
        + "  client_body_temp_path " + temp + "/body; proxy_temp_path " + temp + "/proxy;\n"
        + "  fastcgi_temp_path " + temp + "/fastcgi; uwsgi_temp_path " + temp + "/uwsgi;\n"
        + "  scgi_temp_path " + temp + "/scgi;\n"
        + "  server {\n"
        + "    listen 127.0.0.1:" + port + " backlog=4096;\n"
        + "    root " + dir.resolve("www") + ";\n"
        + "    location / { }\n"
        + "  }\n"
        + "}\n");
    nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(),
        "-g", "daemon off;").redirectErrorStream(true)
        .redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!answers()) {
      if (!nginx.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IOException("nginx did not start (see " + dir.resolve("logs") + ")");
      }
      Thread.sleep(50);
    }
  }

  /** The URL of the static copy. */
  String url() {
    return "http://127.0.0.1:" + port + "/api/files";
  }

  private boolean answers() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    nginx.destroy(); // SIGTERM: nginx's fast shutdown, workers included
    if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
      nginx.destroyForcibly();
    }
  }
}
