package io.godwit.apply;

import static io.godwit.engine.Engine.MARIADB;
import static io.godwit.engine.Engine.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.engine.Engine;
import io.godwit.schema.RowFilter;
import io.godwit.schema.TargetTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A filtered table's change events: a new row the filter selects is upserted, any other becomes a
 * delete of its key; a row entering the filter takes values its event lacks from a full before
 * image, and without one stops as a poison event.
 */
class FilteredEventsTest {

  private static TargetTable orders(Engine source, String filter) {
    boolean pg = source == POSTGRESQL;
    TargetTable t =
        TestTables.table(
            source,
            POSTGRESQL,
            "tgt",
            "orders",
            List.of("id"),
            "id",
            pg ? "integer" : "int(11)",
            "status",
            pg ? "character varying(16)" : "varchar(16)",
            "placed",
            pg ? "timestamp(6) without time zone" : "datetime(6)",
            "doc",
            "text");
    return t.withRows(RowFilter.parse(filter).bind(t, source));
  }

  private static List<ChangeEvent> decode(
      TargetTable table, Engine source, String op, String before, String after)
      throws PoisonEventException {
    return EventDecoder.of(table, source, POSTGRESQL)
        .decode(
            "godwit.shop.orders",
            0,
            7,
            "{\"id\":1}".getBytes(StandardCharsets.UTF_8),
            EventDecoderTest.envelope(source, op, before, after).getBytes(StandardCharsets.UTF_8));
  }

  /** 2024-01-01 00:00:00 as Debezium's epoch micros. */
  private static final long NEW_YEAR = 1704067200_000000L;

  @Test
  void aRowUpdatedOutOfTheFilterIsDeletedAndOneUpdatedIntoItUpserted() throws Exception {
    TargetTable t = orders(MARIADB, "status = 'paid' AND placed >= '2024-01-01'");
    String paid = "{\"id\":1,\"status\":\"paid\",\"placed\":%d,\"doc\":\"x\"}".formatted(NEW_YEAR);
    String shipped = paid.replace("paid", "shipped");
    String early =
        "{\"id\":1,\"status\":\"paid\",\"placed\":%d,\"doc\":\"x\"}".formatted(NEW_YEAR - 1);

    ChangeEvent leaves = decode(t, MARIADB, "u", paid, shipped).get(0);
    assertThat(leaves.op()).isEqualTo(ChangeEvent.Op.DELETE);
    assertThat(leaves.key()).containsExactly("1");

    ChangeEvent enters = decode(t, MARIADB, "u", shipped, paid).get(0);
    assertThat(enters.op()).isEqualTo(ChangeEvent.Op.UPSERT);
    assertThat(enters.after()).containsExactly("1", "paid", "2024-01-01 00:00:00.000000", "x");

    assertThat(decode(t, MARIADB, "c", "null", early).get(0).op())
        .as("a microsecond before the bound")
        .isEqualTo(ChangeEvent.Op.DELETE);
    assertThat(decode(t, MARIADB, "d", paid, "null").get(0).op()).isEqualTo(ChangeEvent.Op.DELETE);
  }

  @Test
  void aNullInTheFiltersColumnIsNotSelected() throws Exception {
    TargetTable t = orders(MARIADB, "NOT (status = 'paid')");
    String row = "{\"id\":1,\"status\":null,\"placed\":%d,\"doc\":\"x\"}".formatted(NEW_YEAR);
    assertThat(decode(t, MARIADB, "c", "null", row).get(0).op()).isEqualTo(ChangeEvent.Op.DELETE);
  }

  @Test
  void aRowEnteringTheFilterTakesItsUnchangedToastedValuesFromTheFullBeforeImage()
      throws Exception {
    TargetTable t = orders(POSTGRESQL, "status = 'paid'");
    String before =
        "{\"id\":1,\"status\":\"shipped\",\"placed\":%d,\"doc\":\"long text\"}".formatted(NEW_YEAR);
    String after =
        "{\"id\":1,\"status\":\"paid\",\"placed\":%d,\"doc\":\"__debezium_unavailable_value\"}"
            .formatted(NEW_YEAR);

    ChangeEvent enters = decode(t, POSTGRESQL, "u", before, after).get(0);
    assertThat(enters.after()).containsExactly("1", "paid", "2024-01-01 00:00:00", "long text");

    ChangeEvent stays = decode(t, POSTGRESQL, "u", before.replace("shipped", "paid"), after).get(0);
    assertThat(stays.after())
        .as("already on the target: the stored value stays")
        .containsExactly("1", "paid", "2024-01-01 00:00:00", ChangeEvent.UNAVAILABLE);

    assertThatThrownBy(() -> decode(t, POSTGRESQL, "u", "null", after))
        .isInstanceOf(PoisonEventException.class)
        .hasMessageContaining("REPLICA IDENTITY FULL")
        .hasMessageContaining("doc");
  }

  @Test
  void aFilterColumnWithoutAValueStopsTheTableNamingTheFix() {
    TargetTable t = orders(POSTGRESQL, "doc = 'x'");
    String after =
        "{\"id\":1,\"status\":\"paid\",\"placed\":%d,\"doc\":\"__debezium_unavailable_value\"}"
            .formatted(NEW_YEAR);
    assertThatThrownBy(() -> decode(t, POSTGRESQL, "u", "null", after))
        .isInstanceOf(PoisonEventException.class)
        .hasMessageContaining("filter")
        .hasMessageContaining("REPLICA IDENTITY FULL");
  }
}
