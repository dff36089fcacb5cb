package io.godwit.apply;

import static io.godwit.engine.Engine.MARIADB;
import static io.godwit.engine.Engine.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.engine.Engine;
import io.godwit.schema.ColumnRuleBinder;
import io.godwit.schema.ColumnRules;
import io.godwit.schema.TargetTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Change events of a table under column rules: an excluded column's value is not applied (and is no
 * new column), a renamed column keeps its place, a masked one arrives as its SHA-256.
 */
class ColumnRuleEventsTest {

  private static TargetTable people(Engine source) {
    boolean pg = source == POSTGRESQL;
    TargetTable t =
        TestTables.table(
            source,
            POSTGRESQL,
            "tgt",
            "people",
            List.of("id"),
            "id",
            pg ? "integer" : "int(11)",
            "fname",
            pg ? "character varying(40)" : "varchar(40)",
            "email",
            pg ? "character varying(200)" : "varchar(200)",
            "ssn",
            pg ? "character varying(11)" : "varchar(11)");
    ColumnRules rules =
        new ColumnRules(
            List.of("ssn"),
            Map.of("fname", "first_name"),
            Map.of("email", ColumnRules.Mask.SHA256));
    return new ColumnRuleBinder(t, rules, POSTGRESQL, Set.of()).bind().table();
  }

  private static List<ChangeEvent> decode(Engine source, String after) throws PoisonEventException {
    return EventDecoder.of(people(source), source, POSTGRESQL)
        .decode(
            "godwit.shop.people",
            0,
            3,
            "{\"id\":1}".getBytes(StandardCharsets.UTF_8),
            EventDecoderTest.envelope(source, "c", "null", after).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void excludedValuesAreDroppedAndMaskedOnesHashed() throws Exception {
    for (Engine source : List.of(MARIADB, POSTGRESQL)) {
      ChangeEvent e =
          decode(source, "{\"id\":1,\"fname\":\"Zoë\",\"email\":\"\",\"ssn\":\"123\"}").get(0);
      assertThat(e.after())
          .as("%s", source)
          .containsExactly(
              "1", "Zoë", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      assertThat(
              decode(source, "{\"id\":1,\"fname\":null,\"email\":null,\"ssn\":\"1\"}")
                  .get(0)
                  .after())
          .containsExactly("1", null, null);
    }
  }

  @Test
  void aColumnNeitherKeptNorExcludedIsStillANewColumn() {
    assertThatThrownBy(
            () ->
                decode(MARIADB, "{\"id\":1,\"fname\":\"a\",\"email\":\"b\",\"ssn\":\"c\",\"x\":1}"))
        .isInstanceOf(NewColumnsException.class);
  }
}
