package io.godwit.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.godwit.apply.ChangeEvent.Op;
import io.godwit.db.CopyCodecs;
import io.godwit.engine.Engine;
import io.godwit.schema.RowFilter;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decodes one table's Debezium change events (JSON envelope, schemas disabled) into {@link
 * ChangeEvent}s whose values are exactly what the snapshot writes for the same column. An update
 * that changes the row key becomes a delete of the old key and an upsert of the new one.
 */
public final class EventDecoder {

  /** What Debezium sends for an unchanged TOASTed PostgreSQL value. */
  static final String PLACEHOLDER = "__debezium_unavailable_value";

  private static final byte[] PLACEHOLDER_BYTES = PLACEHOLDER.getBytes(StandardCharsets.UTF_8);
  private static final String PLACEHOLDER_BASE64 =
      Base64.getEncoder().encodeToString(PLACEHOLDER_BYTES);

  private static final ObjectMapper JSON =
      JsonMapper.builder().nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

  private final String table;
  private final String[] fields;
  private final ValueDecoder[] decoders;
  private final int[] keyColumns;
  private final Map<String, Integer> byField = new HashMap<>();
  private final boolean toastPlaceholders;
  private final boolean wholeSecondTimestamps;
  private final Set<String> addedLater;
  private final RowFilter rows;

  /** Source columns {@code tables.columns} leaves out: their values in events are not applied. */
  private final Set<String> excluded;

  /**
   * Columns the target computes, as the source does; PostgreSQL's change stream sends no value for
   * them, and the target computes theirs.
   */
  private final Set<String> computed;

  private EventDecoder(
      TargetTable target, Engine source, Engine targetEngine, Set<String> addedLater) {
    this.addedLater = Set.copyOf(addedLater);
    this.rows = target.rows();
    this.excluded = Set.copyOf(target.columnRules().exclude());
    this.computed =
        target.columns().stream()
            .filter(TargetColumn::isGenerated)
            .map(c -> c.source().name())
            .collect(Collectors.toUnmodifiableSet());
    this.wholeSecondTimestamps = source != Engine.POSTGRESQL;
    if (target.primaryKey().isEmpty()) {
      throw new IllegalArgumentException(
          ("table %s has neither a primary key nor a unique key of NOT NULL columns, so its"
                  + " changes cannot be applied by key; fix: add a primary key at the source or"
                  + " leave the table out")
              .formatted(target.source().name()));
    }
    this.table = target.source().name();
    List<TargetColumn> columns = target.columns();
    boolean sameFamily = targetEngine.sharesSqlWith(source);
    this.fields = new String[columns.size()];
    this.decoders = new ValueDecoder[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      TargetColumn c = columns.get(i);
      fields[i] = c.source().name();
      byField.put(fields[i], i);
      String to = CopyCodecs.baseName(c.type().sqlType());
      decoders[i] =
          c.isMasked()
              ? masked(c)
              : NarrowerColumn.guarded(
                  c,
                  source,
                  targetEngine,
                  source.isMySqlFamily()
                      ? MySqlValueDecoders.of(c.source(), to, sameFamily)
                      : PostgresValueDecoders.of(c.source().type(), to, sameFamily));
    }
    List<String> names = columns.stream().map(TargetColumn::name).toList();
    this.keyColumns = target.primaryKey().stream().mapToInt(names::indexOf).toArray();
    this.toastPlaceholders = !source.isMySqlFamily();
  }

  /**
   * A masked column's decoder: Debezium sends a text column's value as a JSON string, which is
   * written as its mask, as the copy writes it.
   */
  private static ValueDecoder masked(TargetColumn c) {
    return value -> {
      if (!value.isTextual()) {
        throw new BadValueException(
            "the masked column's value is %s, not text".formatted(value.getNodeType()));
      }
      return c.mask().apply(value.textValue());
    };
  }

  /**
   * @param source the source engine, whose connector's encodings the events use
   * @param target the target engine, whose input forms the values take
   */
  public static EventDecoder of(TargetTable table, Engine source, Engine target) {
    return new EventDecoder(table, source, target, Set.of());
  }

  /**
   * @param addedLater columns added to the source table during the migration: an event from before
   *     the addition has no value for them, and they take their default, as the source row did
   */
  public static EventDecoder of(
      TargetTable table, Engine source, Engine target, Set<String> addedLater) {
    return new EventDecoder(table, source, target, addedLater);
  }

  /** Source columns added during the migration, which older events lack. */
  public Set<String> addedLater() {
    return addedLater;
  }

  /**
   * Decodes one Kafka record of the table's topic.
   *
   * @param key the record key (the row key as JSON), used when the row image lacks the key
   * @param value the record value; null for a tombstone, which carries nothing to apply
   * @return the row changes, in order: none, one, or a delete and an upsert for a key change
   */
  public List<ChangeEvent> decode(
      String topic, int partition, long offset, byte[] key, byte[] value)
      throws PoisonEventException {
    if (value == null) {
      return List.of();
    }
    Event e = new Event(topic, partition, offset, key);
    JsonNode root = e.parse(value);
    if (root.has("payload") && root.has("schema")) {
      root = root.get("payload");
    }
    String op = root.path("op").asText("");
    JsonNode source = root.path("source");
    long tsMs = commitTimeMs(source, root);
    String position = position(source);
    JsonNode before = root.path("before");
    switch (op) {
      case "d" -> {
        return List.of(e.event(Op.DELETE, e.key(before), null, tsMs, position));
      }
      case "c", "r", "u" -> {
        JsonNode after = root.path("after");
        if (!after.isObject()) {
          throw e.poison(null, "the event has no after image", null);
        }
        List<Object> values = e.row(after);
        List<Object> newKey = e.key(values);
        ChangeEvent upsert =
            rows.selectsAll()
                ? e.event(Op.UPSERT, newKey, values, tsMs, position)
                : filtered(e, values, before, newKey, tsMs, position);
        if (op.equals("u") && hasKey(before)) {
          List<Object> oldKey = e.key(before);
          if (!sameKey(oldKey, newKey)) {
            return List.of(e.event(Op.DELETE, oldKey, null, tsMs, position), upsert);
          }
        }
        return List.of(upsert);
      }
      case "t" -> {
        return List.of(e.event(Op.TRUNCATE, List.of(), null, tsMs, position));
      }
      default ->
          throw e.poison(
              null,
              ("operation \"%s\" is not applied (Godwit applies c, r, u, d and t); fix: turn"
                      + " off message events on the connector")
                  .formatted(op),
              null);
    }
  }

  /**
   * When the source committed the change. PostgreSQL stamps commits in microseconds. The MySQL and
   * MariaDB binlog stamps whole seconds, so the commit lies between {@code source.ts_ms} and the
   * next second, and no later than when the connector read it (the envelope's {@code ts_ms}): the
   * latest of those bounds is taken, which reads lag short by at most the connector's own read
   * delay instead of long by up to a second.
   */
  private long commitTimeMs(JsonNode source, JsonNode root) {
    long stamped = source.path("ts_ms").asLong(0);
    long read = root.path("ts_ms").asLong(0);
    if (stamped == 0) {
      return read;
    }
    if (!wholeSecondTimestamps || read == 0) {
      return stamped;
    }
    return Math.max(stamped, Math.min(read, stamped + 999));
  }

  /** True when a before image carries the whole row key (not so for PostgreSQL's default). */
  private boolean hasKey(JsonNode before) {
    for (int index : keyColumns) {
      if (!before.hasNonNull(fields[index])) {
        return false;
      }
    }
    return before.isObject();
  }

  private static boolean sameKey(List<Object> a, List<Object> b) {
    return Arrays.deepEquals(a.toArray(), b.toArray());
  }

  /** Where the change is in the source's log: binlog file:pos and GTID, or LSN and transaction. */
  static String position(JsonNode source) {
    if (source.hasNonNull("lsn")) {
      long lsn = source.get("lsn").asLong();
      String text = "lsn %X/%X".formatted(lsn >>> 32, lsn & 0xFFFFFFFFL);
      return source.hasNonNull("txId") ? text + " txId " + source.get("txId").asText() : text;
    }
    if (source.hasNonNull("file")) {
      String text = source.get("file").asText() + ":" + source.path("pos").asText();
      return source.hasNonNull("gtid") ? text + " gtid " + source.get("gtid").asText() : text;
    }
    return "";
  }

  private boolean unavailable(JsonNode value) {
    if (!toastPlaceholders) {
      return false;
    }
    if (value.isTextual()) {
      return value.textValue().equals(PLACEHOLDER) || value.textValue().equals(PLACEHOLDER_BASE64);
    }
    if (!value.isArray() || value.isEmpty()) {
      return false;
    }
    if (value.size() == 1 && value.get(0).isTextual()) {
      return unavailable(value.get(0));
    }
    if (value.size() != PLACEHOLDER_BYTES.length) {
      return false;
    }
    for (int i = 0; i < PLACEHOLDER_BYTES.length; i++) {
      if (!value.get(i).isIntegralNumber() || value.get(i).intValue() != PLACEHOLDER_BYTES[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The change a filtered table's row image makes on the target: the upsert where the row filter
   * selects the new row (it enters or stays), else a delete of its key (it leaves, or was never
   * there: deleting an absent row changes nothing). A row that enters the filter is inserted whole,
   * so a value the event lacks (an unchanged TOASTed PostgreSQL value) is taken from the before
   * image, which {@code REPLICA IDENTITY FULL} makes complete; without one it is a poison event.
   */
  private ChangeEvent filtered(
      Event e, List<Object> values, JsonNode before, List<Object> key, long tsMs, String position)
      throws PoisonEventException {
    if (!selects(e, values)) {
      return e.event(Op.DELETE, key, null, tsMs, position);
    }
    if (!values.contains(ChangeEvent.UNAVAILABLE)) {
      return e.event(Op.UPSERT, key, values, tsMs, position);
    }
    List<Object> old = before.isObject() ? e.row(before) : null;
    if (old != null && !old.contains(ChangeEvent.UNAVAILABLE) && sameKey(e.key(old), key)) {
      if (selects(e, old)) {
        return e.event(Op.UPSERT, key, values, tsMs, position);
      }
      List<Object> whole = new ArrayList<>(values);
      for (int i = 0; i < whole.size(); i++) {
        if (whole.get(i) == ChangeEvent.UNAVAILABLE) {
          whole.set(i, old.get(i));
        }
      }
      return e.event(Op.UPSERT, key, whole, tsMs, position);
    }
    throw e.poison(
        fields[values.indexOf(ChangeEvent.UNAVAILABLE)],
        ("the row may enter the table's filter with this update, but the event lacks the column's"
                + " value (unchanged and TOASTed) and has no full before image to take it from;"
                + " fix: ALTER TABLE %s REPLICA IDENTITY FULL on the source, then resnapshot the"
                + " table")
            .formatted(table),
        null);
  }

  /** Whether the table's row filter selects the row of {@code values} (decoded, column order). */
  private boolean selects(Event e, List<Object> values) throws PoisonEventException {
    for (String column : rows.columns()) {
      Object value = values.get(byField.get(column));
      if (value == ChangeEvent.UNAVAILABLE || value == ChangeEvent.DEFAULT) {
        throw e.poison(
            column,
            ("the event has no value for this column of the table's filter (%s), so whether the"
                    + " row is selected is unknown; fix: ALTER TABLE %s REPLICA IDENTITY FULL on"
                    + " the source")
                .formatted(rows.text(), table),
            null);
      }
    }
    try {
      return rows.accepts(column -> (String) values.get(byField.get(column)));
    } catch (IllegalArgumentException | ClassCastException ex) {
      throw e.poison(
          null,
          "a value of the filter's columns (%s) does not compare: %s"
              .formatted(rows.text(), ex.getMessage()),
          ex);
    }
  }

  /** One Kafka record being decoded: its coordinates for errors, and its parsed key. */
  private final class Event {
    private final String topic;
    private final int partition;
    private final long offset;
    private final byte[] rawKey;
    private JsonNode keyJson;

    Event(String topic, int partition, long offset, byte[] rawKey) {
      this.topic = topic;
      this.partition = partition;
      this.offset = offset;
      this.rawKey = rawKey;
    }

    JsonNode parse(byte[] json) throws PoisonEventException {
      try {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject()) {
          throw poison(null, "the value is not a JSON object", null);
        }
        return root;
      } catch (IOException ex) {
        throw poison(
            null,
            "the value is not JSON (%s); fix: use Kafka Connect's JsonConverter with"
                    .formatted(ex.getMessage())
                + " schemas.enable=false",
            ex);
      }
    }

    ChangeEvent event(Op op, List<Object> key, List<Object> after, long tsMs, String position) {
      return new ChangeEvent(table, op, key, after, tsMs, position, topic, partition, offset);
    }

    /** Every column of the image decoded, {@link ChangeEvent#UNAVAILABLE} for placeholders. */
    List<Object> row(JsonNode image) throws PoisonEventException {
      List<String> unknown = new ArrayList<>();
      for (Iterator<String> names = image.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!byField.containsKey(name) && !excluded.contains(name)) {
          unknown.add(name);
        }
      }
      if (!unknown.isEmpty()) {
        throw new NewColumnsException(table, topic, partition, offset, keyText(), unknown);
      }
      List<Object> values = new ArrayList<>(fields.length);
      for (int i = 0; i < fields.length; i++) {
        JsonNode value = image.get(fields[i]);
        if (value == null && (addedLater.contains(fields[i]) || computed.contains(fields[i]))) {
          values.add(ChangeEvent.DEFAULT);
          continue;
        }
        if (value == null) {
          throw poison(
              fields[i],
              "the event has no value for the column: the source table changed; fix: re-plan"
                  + " the migration",
              null);
        }
        values.add(unavailable(value) ? ChangeEvent.UNAVAILABLE : decode(i, value));
      }
      return values;
    }

    /** The key from decoded after values. */
    List<Object> key(List<Object> values) throws PoisonEventException {
      List<Object> key = new ArrayList<>(keyColumns.length);
      for (int index : keyColumns) {
        Object value = values.get(index);
        if (value == null || value == ChangeEvent.UNAVAILABLE) {
          throw poison(fields[index], "the row key column has no value", null);
        }
        key.add(value);
      }
      return key;
    }

    /**
     * The key from a before image; where it lacks a key column (PostgreSQL sends only the replica
     * identity), from the record key.
     */
    List<Object> key(JsonNode image) throws PoisonEventException {
      List<Object> key = new ArrayList<>(keyColumns.length);
      for (int index : keyColumns) {
        JsonNode value = image.path(fields[index]);
        if (value.isMissingNode() || value.isNull()) {
          value = recordKey().path(fields[index]);
        }
        if (value.isMissingNode() || value.isNull() || unavailable(value)) {
          throw poison(
              fields[index],
              "neither the before image nor the record key has this key column",
              null);
        }
        key.add(decode(index, value));
      }
      return key;
    }

    private Object decode(int index, JsonNode value) throws PoisonEventException {
      if (value.isNull()) {
        return null;
      }
      try {
        return decoders[index].decode(value);
      } catch (BadValueException | ArithmeticException | DateTimeException ex) {
        throw poison(fields[index], ex.getMessage(), ex);
      }
    }

    private JsonNode recordKey() throws PoisonEventException {
      if (keyJson == null) {
        try {
          keyJson = rawKey == null ? JSON.missingNode() : JSON.readTree(rawKey);
        } catch (IOException ex) {
          throw poison(null, "the record key is not JSON", ex);
        }
        if (keyJson.has("payload") && keyJson.has("schema")) {
          keyJson = keyJson.get("payload");
        }
      }
      return keyJson;
    }

    PoisonEventException poison(String column, String reason, Throwable cause) {
      return new PoisonEventException(
          table, topic, partition, offset, keyText(), column, reason, cause);
    }

    private String keyText() {
      String key = rawKey == null ? "none" : new String(rawKey, StandardCharsets.UTF_8);
      return key.length() > 200 ? key.substring(0, 197) + "..." : key;
    }
  }
}
