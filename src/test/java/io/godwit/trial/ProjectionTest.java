package io.godwit.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectionTest {

  private static Projection.Chunk chunk(long rows, double seconds) {
    return new Projection.Chunk(rows, seconds);
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
    // 100 s + 300 s of copy; 2 s of index builds after copying 1,000 of 10,000 rows: 20 s; the
    // tables' creation, the chunk planning and the sequences take what they took on the sample
    List<Projection.Step> steps =
        List.of(
            new Projection.Step("preparing target tables", 0.5, false),
            new Projection.Step("planning chunks", 0.25, false),
            new Projection.Step("creating secondary indexes", 2, true),
            new Projection.Step("adding foreign keys", 0, true),
            new Projection.Step("setting sequences", 0.25, false));
    assertThat(Projection.totalSeconds(List.of(100.0, 300.0, Double.NaN), steps, 1_000, 10_000))
        .isEqualTo(421.0);
    assertThat(Projection.totalSeconds(List.of(Double.NaN), steps, 1_000, 10_000)).isNaN();
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
              List.of(copy),
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
