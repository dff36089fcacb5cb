package io.godwit.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.error.GodwitException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrialConfigTest {

  private static MigrationConfig file(String extra) {
    return new ConfigLoader()
        .load(
            """
            name: shop
            source: { url: "jdbc:mariadb://127.0.0.1:3306/shop", user: godwit }
            target: { url: "jdbc:postgresql://127.0.0.1:5432/prod", user: godwit }
            %s
            """
                .formatted(extra),
            "migration.yaml");
  }

  @Test
  void theTrialRunsUnderItsOwnNameTopicsAndWorkDirectory() {
    MigrationConfig trial = TrialConfig.staging(file(""), Optional.empty());
    assertThat(trial.name()).isEqualTo("shop_trial");
    assertThat(trial.kafka().topicPrefix()).isEqualTo("godwit.shop.trial");
    assertThat(trial.workDir()).isEqualTo(Path.of("godwit-work", "shop_trial"));
    assertThat(trial.target().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/prod");
  }

  @Test
  void aStagingUrlReplacesTheTargetsUrlAndKeepsItsLogin() {
    MigrationConfig trial =
        TrialConfig.staging(file(""), Optional.of("jdbc:postgresql://127.0.0.1:5432/staging"));
    assertThat(trial.target().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/staging");
    assertThat(trial.target().user()).isEqualTo("godwit");
  }

  @Test
  void aLongNameIsCutToLeaveRoomForTheSuffix() {
    String forty = "a".repeat(40);
    assertThat(TrialConfig.name(forty)).isEqualTo("a".repeat(34) + "_trial").hasSize(40);
  }

  @Test
  void theSampleIsAddedToTheFilesFilterAndAWholeTableKeepsItsOwn() {
    MigrationConfig staging =
        TrialConfig.staging(
            file("tables: { filter: { orders: \"status = 'paid'\", lines: \"qty > 0\" } }"),
            Optional.empty());
    MigrationConfig sampled =
        TrialConfig.sampled(
            staging,
            List.of(
                TableSample.range("orders", "\"id\" <= 40", 400),
                TableSample.range("customers", "\"id\" <= 7", 70),
                TableSample.whole("lines", "no primary key to take a key range of", 5),
                TableSample.whole("notes", "it has fewer than 10 rows", 10)));
    assertThat(sampled.tables().filter())
        .containsEntry("orders", "(status = 'paid') AND \"id\" <= 40")
        .containsEntry("customers", "\"id\" <= 7")
        .containsEntry("lines", "qty > 0")
        .doesNotContainKey("notes");
  }

  /**
   * The trial changes its name, work directory, target and topics, and adds its sample to the
   * filters; everything else the file says (column rules, rollback, any part added later) is kept.
   */
  @Test
  void everythingElseTheFileSaysIsKept() throws Exception {
    MigrationConfig file =
        file(
            "tables: { columns: { customers: { exclude: [ssn], mask: { email: sha256 } } } }\n"
                + "rollback: { reverse: on }");
    MigrationConfig staging = TrialConfig.staging(file, Optional.empty());
    MigrationConfig sampled =
        TrialConfig.sampled(staging, List.of(TableSample.range("orders", "\"id\" <= 40", 400)));

    assertSameExcept(file, staging, Set.of("name", "workDir", "target", "kafka"));
    assertSameExcept(staging, sampled, Set.of("tables"));
    assertSameExcept(staging.tables(), sampled.tables(), Set.of("filter"));
    assertThat(sampled.tables().columns()).containsKey("customers");
  }

  private static void assertSameExcept(Record expected, Record actual, Set<String> changed)
      throws Exception {
    for (RecordComponent part : expected.getClass().getRecordComponents()) {
      if (!changed.contains(part.getName())) {
        assertThat(part.getAccessor().invoke(actual))
            .as(part.getName())
            .isEqualTo(part.getAccessor().invoke(expected));
      }
    }
  }

  @Test
  void aSampleIsAPercentageAboveZeroOrARowCount() {
    assertThat(SampleSize.percent(10).rowsOf(1_001)).isEqualTo(101);
    assertThat(SampleSize.percent(10).rowsOf(0)).isEqualTo(1);
    assertThat(SampleSize.rows(500).rowsOf(1_000_000)).isEqualTo(500);
    assertThatThrownBy(() -> SampleSize.percent(0))
        .isInstanceOf(GodwitException.class)
        .hasMessageContaining("--sample PCT");
    assertThatThrownBy(() -> SampleSize.percent(120)).isInstanceOf(GodwitException.class);
    assertThatThrownBy(() -> SampleSize.rows(-1)).isInstanceOf(GodwitException.class);
  }
}
