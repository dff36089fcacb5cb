package io.godwit.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectionTest {

  private static Projection.Chunk chunk(long rows, double seconds) {
    return new Projection.Chunk(rows, seconds, false);
  }

  private static Projection.Chunk first(long rows, double seconds) {
    return new Projection.Chunk(rows, seconds, true);
  }

  private static Projection.Table table(double copySeconds, double indexSeconds) {
    return new Projection.Table(copySeconds, indexSeconds);
  }

  @Test
  void aTableCopiesInItsChunksWorkerTimeScaledByThePlansRowsOverTheWorkers() {
    List<Projection.Chunk> chunks = List.of(chunk(1_000, 1.0), chunk(1_000, 1.0));
    // 2 worker-seconds for 2,000 rows; 100,000 rows on 2 workers: 100 s
    assertThat(Projection.fullCopySeconds(chunks, 100_000, 2)).isEqualTo(50.0);
    assertThat(Projection.fullCopySeconds(chunks, 100_000, 1)).isEqualTo(100.0);
    assertThat(Projection.fullCopySeconds(chunks, 500, 1))
        .as("a plan estimate below the sample's rows counts as the sample")
        .isEqualTo(2.0);
  }

  @Test
  void chunksPastTheSamplesKeyRangeCopyNothingAndDoNotCount() {
    List<Projection.Chunk> chunks =
        List.of(chunk(1_000, 1.0), chunk(0, 0.3), chunk(0, 0.3), chunk(0, 0.3));
    assertThat(Projection.fullCopySeconds(chunks, 10_000, 1)).isEqualTo(10.0);
    assertThat(Projection.fullCopySeconds(List.of(chunk(0, 0.3)), 10_000, 1)).isNaN();
    assertThat(Projection.fullCopySeconds(List.of(chunk(5, 0.0)), 10_000, 1)).isNaN();
  }

  @Test
  void aWorkersFirstChunkIsLeftOutOfTheRateWhenTheTableHasTwoOthers() {
    // the first chunk carries the worker's start-up: 3 s for what the others copy in 1 s
    List<Projection.Chunk> chunks = List.of(first(1_000, 3), chunk(1_000, 1), chunk(1_000, 1));
    assertThat(Projection.rated(chunks)).containsExactly(chunk(1_000, 1), chunk(1_000, 1));
    // 1,000 rows per worker-second; 30,000 rows on 1 worker
    assertThat(Projection.fullCopySeconds(chunks, 30_000, 1)).isEqualTo(30.0);
    assertThat(Projection.sampleSeconds(chunks, 2))
        .as("all 3,000 sampled rows at that rate, over 2 workers")
        .isEqualTo(1.5);
    assertThat(Projection.relativeSpread(chunks)).isCloseTo(0.0, within(1e-9));

    List<Projection.Chunk> oneOther = List.of(first(1_000, 3), chunk(1_000, 1), chunk(0, 0.5));
    assertThat(Projection.rated(oneOther))
        .as("one other chunk with rows is too few: the first stays")
        .containsExactly(first(1_000, 3), chunk(1_000, 1));
    assertThat(Projection.fullCopySeconds(oneOther, 20_000, 1)).isEqualTo(40.0);

    List<Projection.Chunk> allFirst = List.of(first(1_000, 2), first(1_000, 2));
    assertThat(Projection.rated(allFirst)).isEqualTo(allFirst);
    assertThat(Projection.fullCopySeconds(allFirst, 20_000, 2)).isEqualTo(20.0);
  }

  @Test
  void aSteadyCopyHasNoSpreadAndOneWhoseSecondHalfRanAtHalfSpeedHasAThird() {
    assertThat(
            Projection.relativeSpread(
                List.of(chunk(100, 1), chunk(100, 1), chunk(100, 1), chunk(100, 1))))
        .isCloseTo(0.0, within(1e-9));
    // 1,000 rows/s, then 500 rows/s: |1000 - 500| / 1500
    assertThat(
            Projection.relativeSpread(
                List.of(chunk(1_000, 1), chunk(1_000, 1), chunk(1_000, 2), chunk(1_000, 2))))
        .isCloseTo(1.0 / 3, within(1e-9));
  }

  @Test
  void twoChunksWithRowsAreOneAHalfAndOneIsNoSpread() {
    assertThat(Projection.relativeSpread(List.of(chunk(100, 1), chunk(0, 1), chunk(300, 1))))
        .as("the empty chunk past the key range does not count")
        .isCloseTo(0.5, within(1e-9));
    assertThat(Projection.relativeSpread(List.of(chunk(100, 1), chunk(0, 1), chunk(0, 1)))).isNaN();
  }

  @Test
  void theTotalIsTheTablesCopiesTheStepsThatReadRowsScaledAndTheOthersAsMeasured() {
    // 100 s + 300 s of copy; 2 s of foreign keys after copying 1,000 of 10,000 rows: 20 s; the
    // tables' creation, the chunk planning and the sequences take what they took on the sample
    List<Projection.Step> steps =
        List.of(
            new Projection.Step("preparing target tables", 0.5, false),
            new Projection.Step("planning chunks", 0.25, false),
            new Projection.Step("adding foreign keys", 2, true),
            new Projection.Step("setting sequences", 0.25, false));
    List<Projection.Table> tables = List.of(table(100, 0), table(300, 0), table(Double.NaN, 0));
    assertThat(Projection.totalSeconds(tables, steps, 1_000, 10_000)).isEqualTo(421.0);
    assertThat(Projection.totalSeconds(List.of(table(Double.NaN, 5)), steps, 1_000, 10_000))
        .isNaN();
  }

  @Test
  void stepsThatDoNotReadRowsAreNotScaledWhateverTheSample() {
    long seed = System.nanoTime();
    System.out.println("ProjectionTest seed " + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 1_000; i++) {
      long sampleRows = 1 + random.nextInt(1_000_000);
      long planRows = sampleRows + (random.nextBoolean() ? 0 : random.nextInt(100_000_000));
      double fixed = random.nextDouble() * 10;
      double reading = random.nextDouble() * 10;
      double copy = random.nextDouble() * 1_000;
      double total =
          Projection.totalSeconds(
              List.of(table(copy, 0)),
              List.of(
                  new Projection.Step("fixed", fixed, false),
                  new Projection.Step("reading", reading, true)),
              sampleRows,
              planRows);
      assertThat(total)
          .as("seed %d, sample %d of %d rows", seed, sampleRows, planRows)
          .isCloseTo(copy + fixed + reading * planRows / sampleRows, within(1e-6 * total));
    }
    assertThat(Projection.scale(0, 1_000)).as("a sample that copied nothing").isEqualTo(1.0);
    assertThat(Projection.scale(2_000, 1_000))
        .as("an estimate below the sample's rows counts as the sample")
        .isEqualTo(1.0);
  }

  @Test
  void indexBuildsOverlapTheNextTablesCopiesAndOnlyWhatOutlastsTheLastCopyCounts() {
    assertThat(Projection.indexTailSeconds(List.of())).isZero();
    assertThat(Projection.indexTailSeconds(List.of(table(10, 0), table(20, 0))))
        .as("no index")
        .isZero();
    assertThat(Projection.indexTailSeconds(List.of(table(10, 0), table(20, 5))))
        .as("an index on the last table: all of its build")
        .isEqualTo(5.0);
    assertThat(Projection.indexTailSeconds(List.of(table(10, 3), table(20, 0))))
        .as("a build shorter than the following copies")
        .isZero();
    assertThat(Projection.indexTailSeconds(List.of(table(10, 25), table(20, 0))))
        .as("a build longer than the following copies: from 10 s to 35 s, the copy ends at 30 s")
        .isEqualTo(5.0);
    // copies end at 10, 15 and 20 s; the first build runs 10-25 s, the second waits for it: 25-35 s
    assertThat(Projection.indexTailSeconds(List.of(table(10, 15), table(5, 10), table(5, 0))))
        .as("builds one at a time")
        .isEqualTo(15.0);
    assertThat(Projection.indexTailSeconds(List.of(table(Double.NaN, 4), table(10, 0))))
        .as("a copy not projected counts as 0 s")
        .isZero();
    assertThat(Projection.indexTailSeconds(List.of(table(10, 0), table(Double.NaN, 4))))
        .isEqualTo(4.0);
    assertThat(Projection.totalSeconds(List.of(table(10, 0), table(20, 5)), List.of(), 1, 10))
        .as("the copies plus the tail")
        .isEqualTo(35.0);
  }

  @Test
  void theIndexTailIsTheLatestBuildEndOfAnyRunOfBackToBackBuildsPastTheCopysEnd() {
    long seed = System.nanoTime();
    System.out.println("ProjectionTest index tail seed " + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 1_000; i++) {
      int n = 1 + random.nextInt(6);
      List<Projection.Table> tables = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        double copy = random.nextInt(4) == 0 ? 0 : random.nextDouble() * 100;
        double index = random.nextBoolean() ? 0 : random.nextDouble() * 100;
        tables.add(table(copy, index));
      }
      // the last build ends at the latest copy end of a table i plus every build from i on
      double copyEnd = tables.stream().mapToDouble(Projection.Table::copySeconds).sum();
      double lastBuildEnd = 0;
      double endOfCopyI = 0;
      for (int t = 0; t < n; t++) {
        endOfCopyI += tables.get(t).copySeconds();
        double buildsFromI =
            tables.subList(t, n).stream().mapToDouble(Projection.Table::indexSeconds).sum();
        if (buildsFromI > 0) {
          lastBuildEnd = Math.max(lastBuildEnd, endOfCopyI + buildsFromI);
        }
      }
      assertThat(Projection.indexTailSeconds(tables))
          .as("seed %d, tables %s", seed, tables)
          .isCloseTo(Math.max(0, lastBuildEnd - copyEnd), within(1e-9));
    }
  }

  @Test
  void theTotalsSpreadWeighsEachTablesByItsProjectedTime() {
    assertThat(
            Projection.totalSpread(
                List.of(
                    new double[] {100, 0.1},
                    new double[] {300, 0.3},
                    new double[] {50, Double.NaN})))
        .isCloseTo((10 + 90) / 400.0, within(1e-9));
    assertThat(Projection.totalSpread(List.of(new double[] {100, Double.NaN}))).isNaN();
  }

  @Test
  void catchUpDrainsTheCopysBacklogAtTheCapacityLessTheArrivingChanges() {
    // 100 events/s for 600 s: 60,000 waiting; drained at 400 - 100 = 300/s
    assertThat(Projection.catchUpSeconds(100, 400, 600)).isEqualTo(200.0);
    assertThat(Projection.catchUpSeconds(400, 400, 600)).isInfinite();
    assertThat(Projection.catchUpSeconds(500, 400, 600)).isInfinite();
    assertThat(Projection.catchUpSeconds(100, Double.NaN, 600)).isNaN();
  }

  @Test
  void downtimeIsTheDrainPlusTheValidationScaledToThePlansRows() {
    assertThat(Projection.downtimeSeconds(1.5, 0.5, 1_000, 10_000)).isEqualTo(6.5);
    assertThat(Projection.downtimeSeconds(1.5, 0.5, 0, 10_000)).isEqualTo(2.0);
  }
}
