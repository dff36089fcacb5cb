package io.godwit.capture;

import io.debezium.data.Uuid;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * MariaDB's {@code uuid} columns as their text, exact. The binlog carries a uuid as 16 bytes with
 * its trailing zero bytes cut off (as for every fixed-length binary value), and the MariaDB
 * connector reads the rest as a number, which shifts a uuid ending in {@code 00} by a byte: {@code
 * 123e4567-...-426614174000} arrived as {@code 00123e45-...-564266141740}. This converter puts the
 * cut zero bytes back at the end first. Registered as {@code converters=godwituuid}.
 */
public final class MariaDbUuidConverter
    implements CustomConverter<SchemaBuilder, RelationalColumn> {

  /** The converter's name in the connector's {@code converters} setting. */
  public static final String NAME = "godwituuid";

  private static final int BYTES = 16;

  @Override
  public void configure(Properties properties) {}

  @Override
  public void converterFor(
      RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
    if (!column.typeName().equalsIgnoreCase("uuid")) {
      return;
    }
    SchemaBuilder schema = Uuid.builder();
    if (column.isOptional()) {
      schema.optional();
    }
    registration.register(schema, MariaDbUuidConverter::text);
  }

  /** A uuid's text from the binlog's bytes, a {@link UUID} or text. */
  static Object text(Object value) {
    if (value instanceof byte[] bytes) {
      return fromBinlog(bytes);
    }
    if (value instanceof UUID || value instanceof String) {
      return value.toString().toLowerCase(Locale.ROOT);
    }
    return value;
  }

  static String fromBinlog(byte[] bytes) {
    if (bytes.length > BYTES) {
      throw new IllegalArgumentException(
          "a MariaDB uuid value of %d bytes in the binlog; a uuid has %d"
              .formatted(bytes.length, BYTES));
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < BYTES; i++) {
      long b = i < bytes.length ? bytes[i] & 0xff : 0;
      if (i < 8) {
        high = high << 8 | b;
      } else {
        low = low << 8 | b;
      }
    }
    return new UUID(high, low).toString();
  }
}
