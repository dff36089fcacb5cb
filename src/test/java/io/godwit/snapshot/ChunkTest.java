package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.db.PostgresDialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkTest {

  private final PostgresDialect pg = new PostgresDialect();

  @Test
  void aSingleColumnRangeIsExclusiveBelowAndInclusiveAbove() {
    Chunk chunk = new Chunk("t", 1, List.of("10"), List.of("20"));
    assertThat(chunk.condition(pg, List.of("id"))).isEqualTo("\"id\" > ? AND \"id\" <= ?");
  }

  @Test
  void aCompositeRangeIsWrittenOutForIndexRanges() {
    Chunk chunk = new Chunk("t", 1, List.of("a", "1"), null);
    assertThat(chunk.condition(pg, List.of("k1", "k2")))
        .isEqualTo("((\"k1\" > ?) OR (\"k1\" = ? AND \"k2\" > ?))");
  }

  @Test
  void theWholeTableHasNoCondition() {
    assertThat(new Chunk("t", 0, null, null).condition(pg, List.of())).isEqualTo("1 = 1");
  }

  @Test
  void describesItsRangeForErrors() {
    Chunk chunk = new Chunk("t", 3, List.of("a", "1"), List.of("b", "2"));
    assertThat(ChunkFailedException.range(List.of("k1", "k2"), chunk))
        .isEqualTo("(k1, k2) > ('a', '1') and (k1, k2) <= ('b', '2')");
  }
}
