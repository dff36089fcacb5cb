package io.godwit.config;

import static io.godwit.config.Fixtures.loadMinimalWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

  @ParameterizedTest
  @CsvSource({"200ms, 200", "5s, 5000", "10m, 600000", "2h, 7200000", "1d, 86400000", "0ms, 0"})
  void durationsParseWithTheirUnit(String text, long millis) throws Exception {
    assertThat(Units.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 s", "5sec", "-1s", "1.5s", "5S", "PT5S", "", "1h30m"})
  void malformedDurationsAreRejected(String text) {
    assertThatThrownBy(() -> Units.parseDuration(text))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("'" + text + "' is not a duration");
  }

  @Test
  void bareNumberDurationAsksForAUnit() {
    assertThatThrownBy(() -> Units.parseDuration("200"))
        .isInstanceOfSatisfying(
            InvalidValueException.class,
            e -> assertThat(e.fix()).isEqualTo("add a unit, e.g. 200s or 200ms"))
        .hasMessage("'200' has no unit");
  }

  @Test
  void durationsFormatInTheLargestExactUnit() {
    assertThat(Units.formatDuration(Duration.ofMillis(200))).isEqualTo("200ms");
    assertThat(Units.formatDuration(Duration.ofSeconds(300))).isEqualTo("5m");
    assertThat(Units.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Units.formatDuration(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(Units.formatDuration(Duration.ZERO)).isEqualTo("0ms");
  }

  @ParameterizedTest
  @CsvSource({"64MB, 67108864", "1GB, 1073741824", "512KB, 524288", "1048576, 1048576"})
  void sizesParseIn1024Units(String text, long bytes) throws Exception {
    assertThat(Units.parseSize(text)).isEqualTo(bytes);
    assertThat(Units.parseSize(Units.formatSize(bytes))).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"64mb", "1TB", "1.5GB", "64 MB", "-1", "MB", "99999999999GB"})
  void malformedSizesAreRejected(String text) {
    assertThatThrownBy(() -> Units.parseSize(text)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void lowerCaseSizeUnitIsRejectedWithTheSpellingToUse() {
    assertThatThrownBy(() -> Units.parseSize("64mb"))
        .isInstanceOfSatisfying(
            InvalidValueException.class,
            e -> assertThat(e.fix()).isEqualTo("write 64MB (units are upper case)"));
  }

  @Test
  void chunkBytesBelowOneMegabyteIsAProblem() {
    assertThatThrownBy(() -> loadMinimalWith("snapshot: { chunk-bytes: 512KB }\n"))
        .hasMessageContaining("snapshot.chunk-bytes: must be at least 1MB, found 512KB (line 4)");
  }

  @Test
  void bareNumberForADurationKeyIsAProblemNamingTheKey() {
    assertThatThrownBy(() -> loadMinimalWith("apply: { max-batch-wait: 200 }\n"))
        .hasMessageContaining(
            "apply.max-batch-wait: '200' has no unit (line 4); fix: add a unit, e.g. 200s or 200ms");
  }

  @Test
  void retentionIsUnlimitedOrAPositiveDuration() {
    assertThat(loadMinimalWith("kafka: { retention: unlimited }\n").kafka().retention()).isEmpty();
    assertThat(loadMinimalWith("kafka: { retention: 3d }\n").kafka().retention())
        .contains(Duration.ofDays(3));
    assertThatThrownBy(() -> loadMinimalWith("kafka: { retention: 0s }\n"))
        .hasMessageContaining("kafka.retention: must be longer than 0");
  }
}
