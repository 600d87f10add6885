package io.revkeep.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import io.revkeep.web.api.ErrorBody;

/**
 * JSON in and out of handlers, with Jackson 2 (the version the rest of revkeep pins): the
 * records of {@link io.revkeep.web.api} with snake_case names and ISO-8601 instants.
 */
final class Json {
  static final ObjectMapper MAPPER = mapper();

  private Json() {}

  private static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper().registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    // a number field given as a string is refused, as before the bodies were records
    m.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return m;
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass() + ": " + e, e);
    }
  }

  /** {@code value} as UTF-8 JSON bytes. */
  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass() + ": " + e, e);
    }
  }

  /** Sends JSON already serialised ({@link #bytes}) with status 200. */
  static void okBytes(Context ctx, byte[] json) {
    ctx.status(200).contentType("application/json; charset=utf-8").result(json);
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
    send(ctx, status, new ErrorBody(message));
  }

  /**
   * The request body as a {@code type} record; {@link HttpError} 400 when it is not a JSON
   * object or a field has the wrong type. Unknown fields are ignored, missing ones are null.
   */
  static <T> T body(Context ctx, Class<T> type) {
    return parse(ctx.body(), type);
  }

  /** {@link #body} of a body already read. */
  static <T> T parse(String text, Class<T> type) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "the request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new HttpError(400, "the request body must be a JSON object");
    }
    try {
      return MAPPER.treeToValue(node, type);
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
      // Jackson's own message names Java types: not for the client
      throw new HttpError(400, field == null ? "the request body does not fit the fields"
          + " expected" : "the field '" + field + "' has the wrong type");
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "the request body does not fit the fields expected");
    }
  }

  /** A required string field of a request body: 400 when it is null or empty. */
  static String required(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new HttpError(400, "the field '" + field + "' is required");
    }
    return value;
  }

  /** An optional string field: null when absent or empty. */
  static String optional(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
