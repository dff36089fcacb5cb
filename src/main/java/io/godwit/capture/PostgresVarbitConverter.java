package io.godwit.capture;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * PostgreSQL {@code bit varying} values as their text of 0s and 1s. The connector sends them as
 * bytes as long as the highest set bit, which loses the leading zeros: {@code 0010} arrived as
 * {@code 10}. Its logical decoding reads the value as text first, and this keeps that text.
 * Registered as {@code converters=godwitvarbit}.
 */
public final class PostgresVarbitConverter
    implements CustomConverter<SchemaBuilder, RelationalColumn> {

  /** The converter's name in the connector's {@code converters} setting. */
  public static final String NAME = "godwitvarbit";

  @Override
  public void configure(Properties properties) {}

  @Override
  public void converterFor(
      RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
    String type = column.typeName();
    if (!type.equalsIgnoreCase("varbit") && !type.equalsIgnoreCase("bit varying")) {
      return;
    }
    SchemaBuilder schema = SchemaBuilder.string();
    if (column.isOptional()) {
      schema.optional();
    }
    registration.register(schema, PostgresVarbitConverter::text);
  }

  /** The bit string's text; anything else is refused by name, never guessed at. */
  static Object text(Object value) {
    if (value == null || value instanceof String) {
      return value;
    }
    throw new IllegalArgumentException(
        "a PostgreSQL bit varying value arrived as %s, not as text"
            .formatted(value.getClass().getName()));
  }
}
