package io.godwit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

  private static final long SEED = Long.getLong("keyorder.seed", System.nanoTime());

  @Test
  void wholeNumbersSortAsNumbersWhateverTheirLengthAndSign() {
    System.out.println("KeyOrderTest seed " + SEED + " (-Dkeyorder.seed to repeat)");
    Random random = new Random(SEED);
    List<String> values =
        new ArrayList<>(
            List.of(
                "0",
                "-1",
                "1",
                "9",
                "10",
                String.valueOf(Long.MAX_VALUE),
                String.valueOf(Long.MIN_VALUE),
                "18446744073709551615",
                "-18446744073709551616"));
    for (int i = 0; i < 2_000; i++) {
      BigInteger v = new BigInteger(1 + random.nextInt(90), random);
      values.add((random.nextBoolean() ? v.negate() : v).toString());
    }
    List<String[]> keys = values.stream().map(v -> new String[] {v}).toList();

    List<String> sorted = KeyOrder.sorted(keys).stream().map(k -> k[0]).toList();

    assertThat(sorted)
        .isSortedAccordingTo(Comparator.comparing(BigInteger::new))
        .containsExactlyInAnyOrderElementsOf(values);
  }

  /**
   * A text key column may hold values that look like integers beside others; comparing those as
   * numbers and the rest as text is no order at all ("10" < "1a" < "9" < "10"), and the sort could
   * fail inside the freeze. Integers come first, then the other texts.
   */
  @Test
  void integersAndOtherTextsInOneColumnSortInOneTotalOrder() {
    Random random = new Random(SEED);
    List<String[]> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String digits = String.valueOf(random.nextInt(1_000));
      keys.add(
          new String[] {
            switch (random.nextInt(4)) {
              case 0 -> digits;
              case 1 -> "-" + digits;
              case 2 -> digits + (char) ('a' + random.nextInt(26));
              default -> "0" + digits;
            }
          });
    }

    List<String> sorted = KeyOrder.sorted(keys).stream().map(k -> k[0]).toList();

    int firstText = 0;
    while (firstText < sorted.size() && Canonical.plainInteger(sorted.get(firstText))) {
      firstText++;
    }
    assertThat(sorted.subList(0, firstText))
        .isSortedAccordingTo(Comparator.comparing(BigInteger::new));
    assertThat(sorted.subList(firstText, sorted.size()))
        .isSortedAccordingTo(Comparator.naturalOrder())
        .noneMatch(Canonical::plainInteger);
  }

  @Test
  void otherValuesSortAsTextAfterIntegersAndCompositeKeysColumnByColumn() {
    List<String[]> keys =
        List.of(
            new String[] {"b", "10"},
            new String[] {"a", "9"},
            new String[] {"b", "9"},
            new String[] {"a", "-", "1"},
            new String[] {"a", "12x"});

    assertThat(KeyOrder.sorted(keys))
        .containsExactly(
            new String[] {"a", "9"},
            new String[] {"a", "-", "1"},
            new String[] {"a", "12x"},
            new String[] {"b", "9"},
            new String[] {"b", "10"});
  }
}
