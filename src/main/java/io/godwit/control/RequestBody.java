package io.godwit.control;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The bodies the mutating calls accept, read strictly: a JSON object with only the named fields, of
 * exactly their types (never null), and nothing after it. Anything else is refused before the run
 * is asked to do anything, so a misspelt {@code dryRun} can never start a real cutover.
 */
final class RequestBody {

  /** {@code POST /api/cutover}; no body, {@code {}} or {@code dryRun: false} is a real cutover. */
  record Cutover(Boolean dryRun) {
    boolean onlyCheck() {
      return Boolean.TRUE.equals(dryRun);
    }
  }

  /** {@code POST /api/cutover/abort}; an empty body gives the default reason. */
  record Abort(String reason) {}

  /** {@code POST /api/throttle}. */
  record Throttle(Long rowsPerSecond, Boolean paused) {}

  /** {@code POST /api/apply/pause} and {@code /api/apply/resume}: some tables, or all. */
  record Tables(List<String> tables, Boolean all) {}

  /** {@code POST /api/cutover/confirm} and {@code /api/drain}: nothing to say. */
  record Empty() {}

  /**
   * What one call accepts: its record, what no body means ({@code null}: a body is required) and
   * the accepted form, shown in every refusal.
   */
  record Shape<T>(Class<T> type, T empty, String form) {}

  static final Shape<Cutover> CUTOVER =
      new Shape<>(
          Cutover.class,
          new Cutover(false),
          "{\"dryRun\": true} (only check) or {\"dryRun\": false}");
  static final Shape<Abort> ABORT =
      new Shape<>(Abort.class, new Abort(null), "{\"reason\": \"text\"}, or no body");
  static final Shape<Throttle> THROTTLE =
      new Shape<>(
          Throttle.class,
          null,
          "{\"rowsPerSecond\": 50000} or {\"rowsPerSecond\": 0, \"paused\": true} (rowsPerSecond:"
              + " 0 or more, 0 for no ceiling; paused: true or false, optional)");
  static final Shape<Tables> TABLES =
      new Shape<>(
          Tables.class,
          null,
          "{\"tables\": [\"shop.orders\", \"shop.items\"]} or {\"all\": true} (tables by"
              + " their source name, as GET /api/status lists them)");
  static final Shape<Empty> EMPTY = new Shape<>(Empty.class, new Empty(), "{}, or no body");

  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfigDefaults(
              defaults -> {
                for (CoercionInputShape shape : CoercionInputShape.values()) {
                  defaults.setCoercion(shape, CoercionAction.Fail);
                }
              })
          .build();

  private RequestBody() {}

  /**
   * Reads {@code bytes} as a {@code shape}; an empty body reads as its {@code empty}.
   *
   * @throws HttpError 400, naming the offending field and showing the accepted form
   */
  static <T> T read(byte[] bytes, Shape<T> shape) throws IOException, HttpError {
    Class<T> type = shape.type();
    T empty = shape.empty();
    String form = shape.form();
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      if (empty == null) {
        throw new HttpError(400, "the body is empty; send e.g. " + form);
      }
      return empty;
    }
    JsonNode tree;
    try {
      tree = STRICT.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new HttpError(
          400,
          "the body is not one JSON value (%s); send e.g. %s"
              .formatted(e.getOriginalMessage(), form));
    }
    if (!tree.isObject()) {
      throw new HttpError(
          400,
          "the body must be a JSON object, found %s; send e.g. %s"
              .formatted(tree.getNodeType().name().toLowerCase(Locale.ROOT), form));
    }
    List<String> accepted =
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!accepted.contains(name)) {
        throw new HttpError(
            400,
            "field '%s' is not accepted (accepted: %s); send e.g. %s"
                .formatted(name, accepted.isEmpty() ? "none" : String.join(", ", accepted), form));
      }
      if (tree.get(name).isNull()) {
        throw new HttpError(
            400, "field '%s' is null; leave it out or send e.g. %s".formatted(name, form));
      }
    }
    try {
      return STRICT.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      String field =
          e.getPath().stream()
              .map(JsonMappingException.Reference::getFieldName)
              .filter(Objects::nonNull)
              .collect(Collectors.joining("."));
      JsonNode value = tree.get(field);
      throw new HttpError(
          400,
          (value == null
                  ? "field '%s' is missing".formatted(field)
                  : "field '%s' has the wrong type or value: %s".formatted(field, value))
              + "; send e.g. "
              + form);
    } catch (JsonProcessingException e) {
      throw new HttpError(
          400,
          "the body cannot be read (%s); send e.g. %s".formatted(e.getOriginalMessage(), form));
    }
  }
}
