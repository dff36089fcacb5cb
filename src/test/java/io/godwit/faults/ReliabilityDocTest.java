package io.godwit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ReliabilityDocTest {

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
}
