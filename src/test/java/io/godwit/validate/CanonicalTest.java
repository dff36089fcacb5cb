package io.godwit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalTest {

  @Test
  void jsonAsMariaDbKeepsItAndAsPostgresPrintsItComeOutAlike() {
    String mariadb = "{\"sku\": \"SKU-1\", \"qty\": 3, \"tags\": [\"a\", \"b\"], \"price\": 1.50}";
    String postgres = "{\"qty\": 3, \"sku\": \"SKU-1\", \"tags\": [\"a\", \"b\"], \"price\": 1.5}";
    assertThat(Canonical.json(mariadb))
        .isEqualTo(Canonical.json(postgres))
        .isEqualTo("{\"price\":1.5,\"qty\":3,\"sku\":\"SKU-1\",\"tags\":[\"a\",\"b\"]}");
  }

  @Test
  void jsonKeepsWhatDiffers() {
    assertThat(Canonical.json("{\"a\": 1}")).isNotEqualTo(Canonical.json("{\"a\": 2}"));
    assertThat(Canonical.json("{\"a\": \"1\"}")).isNotEqualTo(Canonical.json("{\"a\": 1}"));
    assertThat(Canonical.json("[1, 2]")).isNotEqualTo(Canonical.json("[2, 1]"));
    assertThat(Canonical.json("{\"a\": null}")).isNotEqualTo(Canonical.json("{}"));
    assertThat(Canonical.json("[-0, -0.0]")).isEqualTo(Canonical.json("[0, 0.0]"));
    assertThat(Canonical.json("{\"a\": {\"y\": 1, \"x\": [true, false]}}"))
        .isEqualTo("{\"a\":{\"x\":[true,false],\"y\":1}}");
  }

  @Test
  void jsonEscapesAndRepeatedNamesAndNonJson() {
    assertThat(Canonical.json("{\"q\": \"say \\\"hi\\\"\\n\"}"))
        .isEqualTo("{\"q\":\"say \\\"hi\\\"\\n\"}");
    assertThat(Canonical.json("{\"a\": 1, \"a\": 2}")).isEqualTo("{\"a\":2}");
    assertThat(Canonical.json("not json")).isEqualTo("not json");
    assertThat(Canonical.json("{\"a\": 1} trailing")).isEqualTo("{\"a\": 1} trailing");
  }

  @Test
  void timestampsAndTimesToTheMicrosecond() {
    assertThat(Canonical.timestamp(LocalDateTime.of(2021, 1, 2, 3, 4, 5, 6_000)))
        .isEqualTo("2021-01-02T03:04:05.000006");
    assertThat(Canonical.timestamp(LocalDateTime.of(999, 12, 31, 23, 59, 59, 999_999_000)))
        .isEqualTo("0999-12-31T23:59:59.999999");
    assertThat(Canonical.time(LocalTime.of(7, 8, 9))).isEqualTo("07:08:09.000000");
  }

  @Test
  void theTextFastPathsAgreeWithTheObjectPaths() {
    for (String d :
        List.of("1.50", "0.000", "100", "-0.50", "-0.00", "-12", "0", "123456789.123456789000")) {
      assertThat(Canonical.decimalText(d)).as(d).isEqualTo(Canonical.decimal(new BigDecimal(d)));
    }
    for (String notPlain : List.of("0012.50", "1E+2", "NaN", "1.", ".5", "-", "")) {
      assertThat(Canonical.decimalText(notPlain)).as(notPlain).isNull();
    }
    assertThat(Canonical.timestampText("2021-01-02 03:04:05.000006", false))
        .isEqualTo(Canonical.timestamp(LocalDateTime.of(2021, 1, 2, 3, 4, 5, 6_000)));
    assertThat(Canonical.timestampText("2021-01-02 03:04:05", false))
        .isEqualTo(Canonical.timestamp(LocalDateTime.of(2021, 1, 2, 3, 4, 5)));
    assertThat(Canonical.timestampText("2021-01-02 03:04:05.5+00", true))
        .isEqualTo(Canonical.timestamp(LocalDateTime.of(2021, 1, 2, 3, 4, 5, 500_000_000)));
    for (String notPlain :
        List.of(
            "0000-00-00 00:00:00",
            "2021-00-02 03:04:05",
            "2021-01-02 03:04:05.1234567",
            "2021-01-02 03:04:05 BC",
            "infinity",
            "2021-01-02T03:04:05")) {
      assertThat(Canonical.timestampText(notPlain, false)).as(notPlain).isNull();
    }
    assertThat(Canonical.timestampText("2021-01-02 03:04:05+02", true)).isNull();
    assertThat(Canonical.plainInteger("-42")).isTrue();
    assertThat(Canonical.plainInteger("00042")).as("zero-filled").isFalse();
    assertThat(Canonical.plainInteger("-0")).isFalse();
  }

  @Test
  void timesOfEachEngineIncludingMariaDbDurationsToTheMicrosecond() {
    assertThat(Canonical.timeText("10:00:00.5")).isEqualTo("10:00:00.500000");
    assertThat(Canonical.timeText("10:00:00")).isEqualTo("10:00:00.000000");
    assertThat(Canonical.timeText("24:00:00")).isEqualTo("24:00:00.000000");
    assertThat(Canonical.timeText("-838:59:59.000001")).isEqualTo("-838:59:59.000001");
    assertThat(Canonical.timeText("838:59:59.999999")).isEqualTo("838:59:59.999999");
    assertThat(Canonical.timeText("-00:00:00.000001")).isEqualTo("-00:00:00.000001");
    assertThat(Canonical.timeText("1:02:03")).isEqualTo("01:02:03.000000");
    for (String notATime : List.of("P1D", "10:00", "10:00:00.1234567", "10:0a:00", "")) {
      assertThat(Canonical.timeText(notATime)).as(notATime).isEqualTo(notATime);
    }
  }

  @Test
  void timetzKeepsItsOffsetBetweenPostgresSidesAndIsUtcElsewhere() {
    assertThat(Canonical.timeWithZone("10:00:00.5+05:30")).isEqualTo("04:30:00.500000");
    assertThat(Canonical.timeWithZone("01:00:00-03")).isEqualTo("04:00:00.000000");
    assertThat(Canonical.timeWithZone("02:00:00+05")).isEqualTo("21:00:00.000000");
    assertThat(Canonical.timeWithZone("23:00:00-02")).isEqualTo("01:00:00.000000");
    assertThat(Canonical.timeWithZone("24:00:00+00")).isEqualTo("24:00:00.000000");
    assertThat(Canonical.timeWithZone("10:00:00+05:30:15")).isEqualTo("04:29:45.000000");
  }

  @Test
  void floatsAsTheirDoubleValueAndTheSignOfZeroOnlyBetweenPostgresSides() {
    float pi = 3.1415927f;
    assertThat(Canonical.floating(pi, false))
        .as("a PostgreSQL real and a MariaDB FLOAT read as a double agree")
        .isEqualTo(Canonical.floating(3.1415927410125732, false))
        .isNotEqualTo(Canonical.floating(Math.nextUp(pi), false));
    assertThat(Canonical.floating(1e300, false))
        .isEqualTo(Canonical.floating(Double.parseDouble("1e+300"), false))
        .isNotEqualTo(Canonical.floating(Math.nextUp(1e300), false));
    assertThat(Canonical.floating(-0.0, true)).isNotEqualTo(Canonical.floating(0.0, true));
    assertThat(Canonical.floating(-0.0, false)).isEqualTo(Canonical.floating(0.0, false));
    assertThat(Canonical.floating(Double.NaN, false)).isEqualTo("NaN");
  }

  @Test
  void decimalsWithoutTrailingZeros() {
    assertThat(Canonical.decimal(new BigDecimal("1.50"))).isEqualTo("1.5");
    assertThat(Canonical.decimal(new BigDecimal("0.000"))).isEqualTo("0");
    assertThat(Canonical.decimal(new BigDecimal("100"))).isEqualTo("100");
  }

  @Test
  void rendersMariaDbJsonAsPostgresPrintsJsonb() {
    assertThat(
            CanonicalJson.postgresStyle(
                "{\"sku\":\"SKU-1\",\"qty\":1,\"gift\":false,\"note\":\"x\",\"tags\":[\"a\",\"b\"],"
                    + "\"n\":1.50,\"big\":1e3,\"é\":null}"))
        .isEqualTo(
            "{\"n\": 1.50, \"é\": null, \"big\": 1000, \"qty\": 1, \"sku\": \"SKU-1\","
                + " \"gift\": false, \"note\": \"x\", \"tags\": [\"a\", \"b\"]}");
    assertThat(CanonicalJson.postgresStyle("{\"a\": {}, \"b\": []}"))
        .isEqualTo("{\"a\": {}, \"b\": []}");
  }
}
