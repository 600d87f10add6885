package io.revkeep.web;

import io.javalin.http.Context;
import io.revkeep.core.model.User;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.write.Staged;
import io.revkeep.core.write.WriteResult;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code POST /api/upload}: a multipart body with one or more {@code file} parts (the file name
 * may hold a relative folder path, as a dropped folder gives) and an optional {@code dir} field.
 * Every file is staged first; only when the whole body has arrived and every target passed its
 * checks are they renamed into place, so a refused request writes nothing. The body may not
 * exceed {@code [web] max_upload} (413).
 */
final class Uploads {
  private static final Logger LOG = LogManager.getLogger();
  /** A {@code dir} field longer than this is refused. */
  private static final int MAX_FIELD_BYTES = 4096;
  /** The most of a refused request's body that is read (and dropped) so the client sees why. */
  static final long MAX_SWALLOW = 16L * 1024 * 1024;

  private final Writes writes;
  private final long maxUpload;
  final AtomicLong filesWritten = new AtomicLong();
  final AtomicLong bytesWritten = new AtomicLong();

  Uploads(Writes writes, long maxUpload) {
    this.writes = writes;
    this.maxUpload = maxUpload;
  }

  void handle(Context ctx) throws IOException {
    try {
      receive(ctx);
    } catch (HttpError refused) {
      swallowRest(ctx.req().getInputStream());
      throw refused;
    }
  }

  /**
   * Reads and drops what is left of a refused request's body, up to {@link #MAX_SWALLOW}
   * bytes, before the error is answered. A client (browser, curl, Java's HttpClient) sends the
   * whole body before it reads the answer; if the server answers and closes while it is still
   * writing, it sees a reset ("broken pipe") instead of the 413 or 400 that says what was wrong.
   * Beyond the bound the connection is closed after the answer (as Tomcat's maxSwallowSize does):
   * a client may not make the server read gigabytes it refused.
   */
  static void swallowRest(InputStream body) {
    byte[] buf = new byte[64 * 1024];
    long left = MAX_SWALLOW;
    try {
      int n;
      while (left > 0 && (n = body.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("the rest of a refused upload could not be read: {}", e.toString());
    }
  }

  private void receive(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    writes.requireListenerSoon("the upload"); // a starting listener is waited for at commit
    String boundary = MultipartReader.boundary(ctx.header("Content-Type"));
    if (boundary == null) {
      throw new HttpError(400, "an upload is multipart/form-data with one or more 'file' parts");
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxUpload) {
      throw new HttpError(413, "the upload is " + declared + " bytes; the limit ([web]"
          + " max_upload) is " + maxUpload);
    }
    List<Map.Entry<String, Staged>> staged = new ArrayList<>();
    try {
      MultipartReader reader = new MultipartReader(new Limited(ctx.req().getInputStream(),
          maxUpload), boundary);
      String dir = "";
      MultipartReader.Part part;
      while ((part = reader.next()) != null) {
        if ("dir".equals(part.name()) && part.filename() == null) {
          String value = new String(part.body().readNBytes(MAX_FIELD_BYTES + 1),
              StandardCharsets.UTF_8);
          if (value.length() > MAX_FIELD_BYTES) {
            throw new HttpError(400, "the 'dir' field is too long");
          }
          try {
            dir = SharedRoot.normalizeDir(value);
          } catch (BadPathException e) {
            throw new HttpError(400, e.getMessage());
          }
        } else if ("file".equals(part.name())) {
          String name = part.filename();
          if (name == null || name.isEmpty()) {
            throw new HttpError(400, "a 'file' part has no file name");
          }
          writes.target(dir.isEmpty() ? name : dir + "/" + name); // refuse before the bytes
          staged.add(Map.entry(dir.isEmpty() ? name : dir + "/" + name,
              writes.stage(part.body())));
        }
      }
      if (staged.isEmpty()) {
        throw new HttpError(400, "the upload has no 'file' part");
      }
      // The writer checks every target (path, duplicates, lock, recorded) before the first move.
      String changeSet = UUID.randomUUID().toString();
      WriteResult written = writes.commit("the upload",
          staged.stream().map(Map.Entry::getKey).toList(),
          staged.stream().map(Map.Entry::getValue).toList(), user.name(), changeSet);
      List<Map<String, Object>> done = new ArrayList<>();
      for (WriteResult.Done d : written.done()) {
        filesWritten.incrementAndGet();
        bytesWritten.addAndGet(d.size());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", d.path());
        f.put("size", d.size());
        f.put("hash", d.hash());
        done.add(f);
      }
      LOG.info("{} uploaded {} file(s) (change set {})", user.name(), done.size(), changeSet);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("change_set", changeSet);
      body.put("files", done);
      Json.ok(ctx, body);
    } catch (MultipartReader.Malformed e) {
      throw new HttpError(400, "the upload is not well-formed multipart: " + e.getMessage());
    } finally {
      for (Map.Entry<String, Staged> e : staged) {
        writes.discard(e.getValue()); // no-op for the ones moved into place
      }
    }
  }

  /** Refuses (413) a body longer than the limit, whatever its declared length. */
  private static final class Limited extends FilterInputStream {
    private final long max;
    private long count;

    Limited(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) {
      count += n;
      if (count > max) {
        throw new HttpError(413, "the upload exceeds the limit ([web] max_upload) of " + max
            + " bytes");
      }
    }
  }
}
