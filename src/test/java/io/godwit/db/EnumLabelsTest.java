package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnumLabelsTest {

  @Test
  void readsLabelsWithDoubledQuotesBackslashesAndCommas() {
    assertThat(EnumLabels.parse("enum", "enum('a\\\\b','c''d','x,y')"))
        .containsExactly("a\\b", "c'd", "x,y");
  }

  @Test
  void readsSetLabelsAndIgnoresOtherTypes() {
    assertThat(EnumLabels.parse("set", "set('x','y')")).containsExactly("x", "y");
    assertThat(EnumLabels.parse("varchar", "varchar(10)")).isEmpty();
  }
}
