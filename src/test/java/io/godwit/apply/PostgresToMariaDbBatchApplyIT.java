package io.godwit.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The values of {@code PostgresToMariaDbTypesIT}, streamed instead of copied. */
class PostgresToMariaDbBatchApplyIT extends AbstractBatchApplyIT {

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }

  @Override
  List<String> sourceSetup() {
    return List.of("CREATE TYPE mood AS ENUM ('happy', 'it''s')");
  }

  @Override
  String sourceBlock() {
    return """
        {"version":"3.5.0.Final","connector":"postgresql","name":"godwit","ts_ms":1700000000000,\
        "snapshot":"false","db":"src","schema":"public","table":"t","txId":771,\
        "lsn":24023128,"xmin":null}""";
  }

  @Override
  List<Case> cases() {
    return List.of(
        new Case("smallint", "-32768", "-32768"),
        new Case("integer", "2147483647", "2147483647"),
        new Case("bigint", "-9223372036854775808", "-9223372036854775808"),
        new Case(
            "numeric(38,10)",
            "\"1234567890123456789012345678.0123456789\"",
            "1234567890123456789012345678.0123456789"),
        new Case("numeric(12,2)", "\"10.50\"", "10.50"),
        new Case("real", "1.5", "1.5"),
        new Case("double precision", "0.1", "0.1"),
        new Case("boolean", "true", "1"),
        new Case(
            "varchar(60)", "\"it's a \\\\ back\\tslash\\nline\"", "it's a \\ back\tslash\nline"),
        new Case("text", "\"ünï 😀 中文\"", "ünï 😀 中文"),
        new Case("bytea", "\"AP8Q\"", "00FF10"),
        new Case("date", "19782", "2024-02-29"),
        new Case("timestamp(6)", "1709251199123456", "2024-02-29 23:59:59.123456"),
        new Case("timestamptz", "\"2024-01-01T10:00:00.5Z\"", "2024-01-01 10:00:00.500000"),
        new Case("time", "47655500000", "13:14:15.500000"),
        new Case("timetz", "\"10:15:30.5Z\"", "10:15:30.500000"),
        new Case("interval", "\"P1Y14M3DT4H5M6.78S\"", "P2Y2M3DT4H5M6.78S"),
        new Case(
            "jsonb",
            "\"{\\\"a\\\": \\\"ü\\\", \\\"b\\\": [1, 2]}\"",
            "{\"a\": \"ü\", \"b\": [1, 2]}"),
        new Case(
            "uuid",
            "\"123e4567-e89b-12d3-a456-426614174000\"",
            "123e4567-e89b-12d3-a456-426614174000"),
        new Case("integer[]", "[1,2,3]", "[1,2,3]"),
        new Case("text[]", "[\"a\",null,\"b\\\"c\"]", "[\"a\",null,\"b\\\"c\"]"),
        new Case("mood", "\"it's\"", "it's"),
        new Case("inet", "\"192.168.0.1/24\"", "192.168.0.1/24"),
        new Case("bit(5)", "\"FQ==\"", "10101"),
        new Case("bit varying(8)", "\"00101\"", "101"));
  }

  @Test
  void unchangedToastedValuesKeepTheStoredValue() throws Exception {
    String placeholder = "\"__debezium_unavailable_value\"";
    BatchApplier applier = applier();
    applier.apply(
        event(
            "order_lines",
            "c",
            "{\"order_id\":1,\"line\":\"a\"}",
            "null",
            line(1, "a", 1, "a long note")));
    applier.apply(
        Stream.of(
                event(
                    "order_lines",
                    "u",
                    "{\"order_id\":1,\"line\":\"a\"}",
                    "null",
                    "{\"order_id\":1,\"line\":\"a\",\"qty\":5,\"note\":" + placeholder + "}"),
                event(
                    "order_lines",
                    "c",
                    "{\"order_id\":2,\"line\":\"a\"}",
                    "null",
                    line(2, "a", 1, "n2")),
                event(
                    "order_lines",
                    "u",
                    "{\"order_id\":2,\"line\":\"a\"}",
                    "null",
                    "{\"order_id\":2,\"line\":\"a\",\"qty\":3,\"note\":" + placeholder + "}"),
                event(
                    "order_lines",
                    "u",
                    "{\"order_id\":9,\"line\":\"a\"}",
                    "null",
                    "{\"order_id\":9,\"line\":\"a\",\"qty\":3,\"note\":" + placeholder + "}"))
            .flatMap(List::stream)
            .toList());

    assertThat(
            rows(
                "SELECT order_id, line, qty, note FROM "
                    + qualified("order_lines")
                    + " ORDER BY order_id"))
        .containsExactly("1|a|5|a long note", "2|a|3|n2");
  }
}
