package io.revkeep.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out of handlers, with Jackson 2 (the version the rest of revkeep pins). */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass() + ": " + e, e);
    }
  }

  /** Sends {@code value} as the JSON body with the given status. */
  static void send(Context ctx, int status, Object value) {
    ctx.status(status).contentType("application/json; charset=utf-8").result(write(value));
  }

  static void ok(Context ctx, Object value) {
    send(ctx, 200, value);
  }

  /** An error body: {@code {"error": message}}. */
  static void error(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    send(ctx, status, body);
  }

  /** The request body as a JSON object; {@link HttpError} 400 when it is not one. */
  static JsonNode body(Context ctx) {
    try {
      JsonNode node = MAPPER.readTree(ctx.body());
      if (node == null || !node.isObject()) {
        throw new HttpError(400, "the request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "the request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** A required string field of a JSON body. */
  static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
      throw new HttpError(400, "the field '" + field + "' is required");
    }
    return v.asText();
  }

  /** An optional string field; null when absent or empty. */
  static String optText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
