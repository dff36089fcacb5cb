package io.godwit.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.engine.Engine;
import io.godwit.testing.TypeCases;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The values of {@link TypeCases#postgresToMariaDb()}, streamed instead of copied. */
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
    return TypeCases.postgresToMariaDb().stream()
        .filter(c -> c.json() != null)
        .map(c -> new Case(c.sourceType(), c.json(), c.expected()))
        .toList();
  }

  /**
   * A uuid PostgreSQL takes and MariaDB's uuid type refuses (version digit 8 to f, fourth group
   * starting 01 to 80; {@code plan} counts them on the source) is neither written as NULL nor
   * changed when it arrives in the stream: the batch and its offsets roll back with MariaDB's
   * reason naming the table, column and value.
   */
  @Test
  void aUuidMariaDbRefusesRollsBackTheBatchWithItsOffsets() throws Exception {
    String refused = "59b5bdb2-d905-cec0-6bbe-2bb4c9c169ac";
    List<Case> cases = cases();
    int uuid =
        cases.indexOf(cases.stream().filter(c -> c.sourceType().equals("uuid")).findFirst().get());
    String after =
        matrixRow(7, false)
            .replace("\"c%d\":null".formatted(uuid), "\"c%d\":\"%s\"".formatted(uuid, refused));

    assertThatThrownBy(() -> applier().apply(event("matrix", "c", "{\"id\":7}", "null", after)))
        .isInstanceOfSatisfying(
            ApplyException.class,
            e -> {
              assertThat(e.sqlState()).startsWith("22");
              assertThat(e.retriable()).isFalse();
            })
        .hasMessageContaining("into " + tgt.schema() + ".matrix failed")
        .hasMessageContaining("Incorrect uuid value: '" + refused + "'")
        .hasMessageContaining("`c%d`".formatted(uuid))
        .hasMessageContaining("rolled back");
    assertThat(rows("SELECT id FROM " + qualified("matrix"))).isEmpty();
    assertThat(storedOffsets()).isEmpty();
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
