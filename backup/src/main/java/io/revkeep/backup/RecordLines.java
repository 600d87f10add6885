package io.revkeep.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Origin;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One line of the backup record: a JSON object, UTF-8, fields in a fixed order (docs/ARCHITECTURE.md,
 * "The backup record"). {@code v} is the line format (1); {@code kind} is {@code version} (a
 * {@link RecordedVersion}) or {@code removal} (a {@link RecordedRemoval}); times are ISO-8601 UTC.
 * Unknown extra fields are ignored (a newer revkeep may add some); a line of a newer format, an
 * unknown kind, a missing or mistyped field, or a copy name that does not belong to its version
 * is refused with a message that names what is wrong. Stateless and thread-safe.
 */
final class RecordLines {
  /** The format of the lines written; a reader refuses a line with a higher one. */
  static final int FORMAT = 1;
  /** The longest line read: a path of 4,000 bytes appears at most three times in one. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  /** Anything after the object ends the line's validity: the writer puts nothing there. */
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  static {
    FACTORY.setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
        .maxStringLength(MAX_LINE_CHARS).build());
  }

  private RecordLines() {}

  /** The line of a version, without its line end. */
  static String encode(RecordedVersion v) {
    return write(g -> {
      g.writeNumberField("v", FORMAT);
      g.writeStringField("kind", "version");
      g.writeNumberField("seq", v.seq());
      g.writeStringField("path", v.path());
      g.writeNumberField("version", v.version());
      g.writeStringField("hash", v.hash());
      g.writeNumberField("size", v.size());
      g.writeStringField("time", v.time().toString());
      g.writeStringField("user", v.user());
      g.writeStringField("origin", v.origin() == null ? null : v.origin().wire());
      g.writeStringField("action", v.action().name());
      g.writeStringField("from", v.from());
      g.writeStringField("change_set", v.changeSet());
      g.writeStringField("location", v.location());
      g.writeStringField("copy", v.copy());
    });
  }

  /** The line of a removal, without its line end. */
  static String encode(RecordedRemoval r) {
    return write(g -> {
      g.writeNumberField("v", FORMAT);
      g.writeStringField("kind", "removal");
      g.writeNumberField("seq", r.seq());
      g.writeStringField("path", r.path());
      g.writeNumberField("version", r.version());
      g.writeStringField("hash", r.hash());
      g.writeStringField("copy", r.copy());
      g.writeStringField("removed_at", r.removedAt().toString());
      g.writeStringField("policy", r.policy());
      g.writeStringField("reason", r.reason());
    });
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(384);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Decodes one line: a {@link RecordedVersion} or a {@link RecordedRemoval}.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  static Object decode(String line) {
    if (line.length() > MAX_LINE_CHARS) {
      throw new IllegalArgumentException("a line of " + line.length() + " characters (at most "
          + MAX_LINE_CHARS + ")");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    long format = number(node, "v");
    if (format > FORMAT) {
      throw new IllegalArgumentException("a line of format " + format
          + ", written by a newer revkeep (this one reads format " + FORMAT + ")");
    }
    if (format < 1) {
      throw new IllegalArgumentException("format " + format + " is not one");
    }
    String kind = text(node, "kind", false);
    return switch (kind) {
      case "version" -> version(node);
      case "removal" -> removal(node);
      default -> throw new IllegalArgumentException("unknown kind \"" + abbreviate(kind) + "\"");
    };
  }

  private static RecordedVersion version(JsonNode node) {
    long seq = seq(node);
    String path = path(node, "path");
    int version = versionNumber(node);
    Action action;
    String actionName = text(node, "action", false);
    try {
      action = Action.valueOf(actionName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown action \"" + abbreviate(actionName) + "\"");
    }
    String hash = text(node, "hash", true);
    if (action == Action.DELETE ? hash != null : !Vault.isHash(hash)) {
      throw new IllegalArgumentException(action == Action.DELETE ? "a DELETE with a hash"
          : "hash is not a SHA-256 (64 lower-case hex digits)");
    }
    long size = number(node, "size");
    if (size < 0) {
      throw new IllegalArgumentException("size " + size + " is negative");
    }
    String originName = text(node, "origin", true);
    Origin origin;
    try {
      origin = originName == null ? null : Origin.fromWire(originName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown origin \"" + abbreviate(originName) + "\"");
    }
    String copy = text(node, "copy", true);
    if (copy != null) {
      if (hash == null) {
        throw new IllegalArgumentException("a copy of a version without bytes");
      }
      checkCopy(copy, path, version, seq);
    }
    return new RecordedVersion(seq, path, version, hash, size, time(node, "time"),
        text(node, "user", true), origin, action, text(node, "from", true),
        text(node, "change_set", true), text(node, "location", true), copy);
  }

  private static RecordedRemoval removal(JsonNode node) {
    long seq = seq(node);
    String path = path(node, "path");
    int version = versionNumber(node);
    String hash = text(node, "hash", false);
    if (!Vault.isHash(hash)) {
      throw new IllegalArgumentException("hash is not a SHA-256 (64 lower-case hex digits)");
    }
    String copy = text(node, "copy", false);
    checkCopy(copy, path, version, seq);
    return new RecordedRemoval(seq, path, version, hash, copy, time(node, "removed_at"),
        text(node, "policy", false), text(node, "reason", false));
  }

  /** A copy's name must be its version's ({@link CopyNames}) and stay in the backup folder. */
  private static void checkCopy(String copy, String path, int version, long seq) {
    checkRelative(copy, "copy");
    String prefix = CopyNames.prefix(path, version, seq);
    // the suffix after the seq never starts with a digit (config: revisionsuffix)
    if (!copy.startsWith(prefix) || copy.startsWith(BackupFolder.STATE + "/")
        || (copy.length() > prefix.length() && Character.isDigit(copy.charAt(prefix.length())))) {
      throw new IllegalArgumentException("copy \"" + abbreviate(copy)
          + "\" is not a name of seq " + seq + " (" + abbreviate(path) + " v" + version + ")");
    }
  }

  private static String path(JsonNode node, String field) {
    String path = text(node, field, false);
    checkRelative(path, field);
    return path;
  }

  private static void checkRelative(String path, String field) {
    boolean ok = !path.isEmpty() && !path.startsWith("/") && path.indexOf('\0') < 0;
    for (String segment : path.split("/", -1)) {
      ok &= !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
    }
    if (!ok) {
      throw new IllegalArgumentException(field + " \"" + abbreviate(path)
          + "\" is not a relative path inside the folder");
    }
  }

  private static long seq(JsonNode node) {
    long seq = number(node, "seq");
    if (seq < 1) {
      throw new IllegalArgumentException("seq " + seq + " is not positive");
    }
    return seq;
  }

  private static int versionNumber(JsonNode node) {
    long version = number(node, "version");
    if (version < 1 || version > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("version " + version + " is out of range");
    }
    return (int) version;
  }

  private static Instant time(JsonNode node, String field) {
    String text = text(node, field, false);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " is not ISO-8601 UTC: \"" + abbreviate(text)
          + "\"");
    }
  }

  private static String text(JsonNode node, String field, boolean nullable) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (nullable) {
        return null;
      }
      throw new IllegalArgumentException("field \"" + field + "\" is missing");
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field \"" + field + "\" is not a string");
    }
    return v.textValue();
  }

  private static long number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field \"" + field + "\" is missing");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("field \"" + field + "\" is not an integer");
    }
    return v.longValue();
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
