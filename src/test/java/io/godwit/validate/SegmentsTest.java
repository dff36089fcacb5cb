package io.godwit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentsTest {

  private static BigInteger n(long v) {
    return BigInteger.valueOf(v);
  }

  @Test
  void equalSpansWithOpenOuterEnds() {
    assertThat(Segments.split(n(1), n(100), 4))
        .containsExactly(
            new Segments.Range(null, n(26)),
            new Segments.Range(n(26), n(51)),
            new Segments.Range(n(51), n(76)),
            new Segments.Range(n(76), null));
  }

  @Test
  void neverMoreRangesThanKeys() {
    assertThat(Segments.split(n(5), n(6), 10)).hasSize(2);
    assertThat(Segments.split(n(7), n(7), 10)).containsExactly(Segments.Range.ALL);
  }

  @Test
  void keysBeyondALongStillSplit() {
    List<Segments.Range> ranges =
        Segments.split(n(Long.MIN_VALUE), new BigInteger("18446744073709551615"), 3);
    assertThat(ranges).hasSize(3);
    assertThat(ranges.get(0).to()).isEqualTo(BigInteger.ZERO);
    assertThat(ranges.get(1).to()).isEqualTo(BigInteger.TWO.pow(63));
  }

  @Test
  void theConditionOnTheFirstKeyColumn() {
    assertThat(new Segments.Range(null, n(26)).where("\"id\"")).isEqualTo("\"id\" < 26");
    assertThat(new Segments.Range(n(26), n(51)).where("`id`"))
        .isEqualTo("`id` >= 26 AND `id` < 51");
    assertThat(new Segments.Range(n(-3), null).where("id")).isEqualTo("id >= -3");
    assertThat(Segments.Range.ALL.where("id")).isNull();
  }
}
