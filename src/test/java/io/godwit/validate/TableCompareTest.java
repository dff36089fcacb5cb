package io.godwit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableCompareTest {

  @Test
  void integersInCanonicalTextCompareAsNumbers() {
    List<String> values =
        List.of(
            "-18446744073709551616",
            "-100",
            "-99",
            "-9",
            "-1",
            "0",
            "1",
            "9",
            "10",
            "99",
            "100",
            "9223372036854775807",
            "18446744073709551615");
    for (String a : values) {
      for (String b : values) {
        assertThat(Integer.signum(TableCompare.compareIntegers(a, b)))
            .as("%s vs %s", a, b)
            .isEqualTo(new BigInteger(a).compareTo(new BigInteger(b)));
      }
    }
  }

  @Test
  void textKeysCompareByCodePoint() {
    assertThat(TableCompare.compareCodePoints("a", "b")).isNegative();
    assertThat(TableCompare.compareCodePoints("Z", "a")).isNegative();
    assertThat(TableCompare.compareCodePoints("é", "z")).isPositive();
    assertThat(TableCompare.compareCodePoints("😀", "\uffff")).isPositive();
    assertThat(TableCompare.compareCodePoints("ab", "a")).isPositive();
  }
}
