package io.godwit.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.Godwit;
import io.godwit.config.MigrationConfig;
import io.godwit.engine.Engine;
import io.godwit.error.GodwitException;
import io.godwit.state.Difference;
import io.godwit.state.Difference.Kind;
import io.godwit.state.ValidationResult;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Differences planted on the target after a snapshot, one of each kind, are found with the right
 * kind, key and columns, wherever they fall among the key ranges compared in parallel (below the
 * source's lowest key, in a middle range, above its highest); values equal in meaning but not in
 * text (a decimal with more trailing zeros) are not reported; repair rewrites what differs and a
 * second validation is clean. Across engines every range is merged row by row; a same-engine pair
 * first compares each range's SQL hashes and merges only the ranges that differ.
 */
class ValidatorIT {

  @ParameterizedTest
  @CsvSource({"MARIADB, POSTGRESQL", "POSTGRESQL, POSTGRESQL", "MARIADB, MARIADB"})
  void findsEachKindOfPlantedDifferenceAndRepairsIt(Engine sourceEngine, Engine targetEngine)
      throws Exception {
    String suffix = (sourceEngine + "_" + targetEngine).toLowerCase(Locale.ROOT);
    try (TestDatabase src = TestDatabase.create(sourceEngine, "val_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(targetEngine, "val_tgt_" + suffix)) {
      String pk = sourceEngine == Engine.POSTGRESQL ? "integer PRIMARY KEY" : "INT PRIMARY KEY";
      src.execute(
          "CREATE TABLE items (id "
              + pk
              + ", name VARCHAR(40) NOT NULL, note VARCHAR(40), price DECIMAL(10,2) NOT NULL)",
          "CREATE TABLE tags (id " + pk + ", label VARCHAR(20))");
      StringBuilder rows = new StringBuilder();
      for (int i = 1; i <= 5000; i++) {
        rows.append(i == 1 ? "" : ",")
            .append("(%d, 'item %d', %s, %d.50)".formatted(i, i, i == 7 ? "''" : "'n'", i));
      }
      src.execute("INSERT INTO items VALUES " + rows, "INSERT INTO tags VALUES (1, 'a'), (2, 'b')");
      MigrationConfig config =
          TestMigration.config(
              "validate_" + suffix, src, tgt, "snapshot: { workers: 2, chunk-rows: 1000 }");
      Godwit godwit = new Godwit(config, new SimpleMeterRegistry());
      godwit.snapshot();
      assertThat(godwit.validate(List.of(), false).clean()).as("right after the snapshot").isTrue();
      assertThatThrownBy(() -> godwit.validate(List.of("items", "itmes"), false))
          .isInstanceOf(GodwitException.class)
          .hasMessageContaining("itmes is not migrated")
          .hasMessageContaining("fix: name source tables among: items, tags");

      tgt.execute(
          "DELETE FROM items WHERE id = 3",
          "DELETE FROM items WHERE id = 2600",
          "INSERT INTO items VALUES (9001, 'extra', 'n', 1.00)",
          "INSERT INTO items VALUES (-5, 'below', 'n', 1.00)",
          "UPDATE items SET name = 'changed' WHERE id = 5",
          "UPDATE items SET note = NULL WHERE id = 7",
          targetEngine == Engine.POSTGRESQL
              ? "ALTER TABLE items ALTER COLUMN price TYPE numeric(14,4)"
              : "ALTER TABLE items MODIFY price DECIMAL(14,4) NOT NULL",
          "UPDATE items SET price = 10.5 WHERE id = 10");

      ValidationResult found = godwit.validate(List.of(), false);
      ValidationResult.TableResult items = table(found, "items");
      assertThat(items.outcome()).isEqualTo("differences");
      assertThat(items.sourceRows()).isEqualTo(5000);
      assertThat(items.targetRows()).isEqualTo(5000);
      assertThat(items.missing()).isEqualTo(2);
      assertThat(items.extra()).isEqualTo(2);
      assertThat(items.different()).isEqualTo(2);
      assertThat(items.changing()).isZero();
      assertThat(items.differences())
          .containsExactlyInAnyOrder(
              new Difference(Kind.MISSING, List.of("3"), List.of()),
              new Difference(Kind.MISSING, List.of("2600"), List.of()),
              new Difference(Kind.EXTRA, List.of("9001"), List.of()),
              new Difference(Kind.EXTRA, List.of("-5"), List.of()),
              new Difference(Kind.DIFFERENT, List.of("5"), List.of("name")),
              new Difference(Kind.DIFFERENT, List.of("7"), List.of("note")));
      assertThat(table(found, "tags").outcome()).isEqualTo("clean");

      ValidationResult repaired = godwit.validate(List.of(), true);
      ValidationResult.TableResult fixed = table(repaired, "items");
      assertThat(fixed.repairedUpserts()).as("rows 3, 2600, 5 and 7 rewritten").isEqualTo(4);
      assertThat(fixed.repairedDeletes()).as("rows 9001 and -5 removed").isEqualTo(2);
      assertThat(repaired.clean()).isTrue();
      assertThat(godwit.validate(List.of(), false).clean()).as("after the repair").isTrue();
      tgt.forgetMigration("validate_" + suffix);
    }
  }

  private static ValidationResult.TableResult table(ValidationResult result, String name) {
    return result.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
  }
}
