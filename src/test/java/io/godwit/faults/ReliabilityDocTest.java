package io.godwit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityDocTest {

  @TempDir Path dir;

  @Test
  void theDocListsExactlyTheCasesOfFaultCase() throws Exception {
    assertThat(ReliabilityDoc.caseIds(Files.readString(ReliabilityDoc.DOC)))
        .as("%s is stale: regenerate it with ops/reliability.sh", ReliabilityDoc.DOC)
        .containsExactlyElementsOf(FaultCase.all().stream().map(FaultCase::id).toList());
  }

  @Test
  void everyCaseIdIsUnique() {
    assertThat(FaultCase.all().stream().map(FaultCase::id)).doesNotHaveDuplicates();
  }

  /**
   * A run of some cases, written with {@link ReliabilityDoc#KEEP_EARLIER}: its cases get its
   * results, the others keep what the doc held, details with {@code |} included; a case neither has
   * stays not run.
   */
  @Test
  void aRunOfSomeCasesKeepsTheDocsEarlierResultsOfTheOthers() throws Exception {
    long seed = System.nanoTime();
    System.out.println("ReliabilityDocTest seed " + seed);
    Random random = new Random(seed);
    List<FaultCase> all = FaultCase.all();
    Map<String, ReliabilityDoc.Result> earlier = new LinkedHashMap<>();
    Map<String, ReliabilityDoc.Result> run = new LinkedHashMap<>();
    for (FaultCase c : all.subList(0, all.size() - 1)) {
      String outcome = random.nextBoolean() ? "EQUAL" : "NAMED_ERROR";
      String detail = "seed %d | a detail with a bar, %d".formatted(seed, random.nextInt());
      ReliabilityDoc.Result r =
          new ReliabilityDoc.Result(c.id(), outcome, "" + random.nextInt(100), detail);
      (random.nextInt(4) == 0 ? run : earlier).put(c.id(), r);
    }
    String before = ReliabilityDoc.render(earlier, Map.of(), "then", "earlier runs");
    assertThat(ReliabilityDoc.earlierResults(before)).isEqualTo(earlier);

    Path results = dir.resolve("results.tsv");
    StringBuilder tsv = new StringBuilder(ReliabilityDoc.HEADER).append('\n');
    for (ReliabilityDoc.Result r : run.values()) {
      tsv.append(String.join("\t", r.id(), "f", "d", r.outcome(), r.seconds(), r.detail()))
          .append('\n');
    }
    Files.writeString(results, tsv);
    Path doc = dir.resolve("reliability.md");
    Files.writeString(doc, before);
    ReliabilityDoc.main(
        new String[] {
          results.toString(), doc.toString(), "some cases", ReliabilityDoc.KEEP_EARLIER
        });
    String after = Files.readString(doc);

    Map<String, ReliabilityDoc.Result> expected = new LinkedHashMap<>(earlier);
    expected.putAll(run);
    assertThat(ReliabilityDoc.earlierResults(after)).isEqualTo(expected);
    assertThat(after)
        .contains("| `%s` | not run | | |".formatted(all.get(all.size() - 1).id()))
        .contains(
            "`some cases`: %d of %d cases run (%d by that command, %d kept from the earlier runs"
                .formatted(expected.size(), all.size(), run.size(), earlier.size()));
  }

  @Test
  void aWrongArgumentIsRefusedWithTheUsage() {
    assertThatThrownBy(() -> ReliabilityDoc.main(new String[] {"r.tsv", "d.md", "cmd", "--keep"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usage: ReliabilityDoc")
        .hasMessageContaining("fix");
  }
}
