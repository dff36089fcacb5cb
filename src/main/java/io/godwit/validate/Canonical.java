package io.godwit.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The engine-neutral text of a value, so the same logical value read from MariaDB, MySQL or
 * PostgreSQL gives the same string: decimals without trailing zeros, booleans as 1/0, timestamps in
 * UTC to the microsecond, binary as hex, JSON with its keys sorted, arrays and MySQL sets as
 * comma-separated elements. {@code null} stays distinct from every string, the empty one included.
 */
final class Canonical {

  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter TIME_MICROS =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(false))
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final HexFormat HEX = HexFormat.of();

  private Canonical() {}

  /** How a column is read: by its JDBC type on this side, and whether it holds JSON. */
  record Kind(int jdbcType, boolean json) {}

  static String of(ResultSet rs, int i, Kind kind) throws SQLException {
    String value = read(rs, i, kind.jdbcType());
    if (value == null || !kind.json()) {
      return value;
    }
    return json(value);
  }

  private static String read(ResultSet rs, int i, int type) throws SQLException {
    switch (type) {
      case Types.BIT, Types.BOOLEAN -> {
        Object o = rs.getObject(i);
        if (o instanceof Boolean b) {
          return b ? "1" : "0";
        }
        if (o instanceof byte[] bytes) {
          return HEX.formatHex(bytes);
        }
        return o == null ? null : o.toString();
      }
      case Types.DECIMAL, Types.NUMERIC -> {
        BigDecimal d = rs.getBigDecimal(i);
        return d == null ? null : decimal(d);
      }
      case Types.REAL -> {
        float f = rs.getFloat(i);
        return rs.wasNull() ? null : Float.toString(f);
      }
      case Types.FLOAT, Types.DOUBLE -> {
        double d = rs.getDouble(i);
        return rs.wasNull() ? null : Double.toString(d);
      }
      case Types.DATE -> {
        LocalDate d = rs.getObject(i, LocalDate.class);
        return d == null ? null : d.toString();
      }
      case Types.TIME -> {
        LocalTime t = rs.getObject(i, LocalTime.class);
        return t == null ? null : t.format(TIME_MICROS);
      }
      case Types.TIMESTAMP -> {
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        return t == null ? null : t.format(MICROS);
      }
      case Types.TIMESTAMP_WITH_TIMEZONE -> {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null
            ? null
            : t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().format(MICROS);
      }
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
        byte[] b = rs.getBytes(i);
        return b == null ? null : HEX.formatHex(b);
      }
      case Types.ARRAY -> {
        Array a = rs.getArray(i);
        if (a == null) {
          return null;
        }
        List<String> items = new ArrayList<>();
        for (Object o : (Object[]) a.getArray()) {
          items.add(o == null ? "NULL" : o.toString());
        }
        return String.join(",", items);
      }
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
        Object o = rs.getObject(i);
        return o == null ? null : o.toString();
      }
      default -> {
        return rs.getString(i);
      }
    }
  }

  static String decimal(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  /** JSON re-written with sorted keys and normalised numbers; text that is not JSON stays. */
  static String json(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
