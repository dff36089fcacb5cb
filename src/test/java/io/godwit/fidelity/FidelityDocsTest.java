package io.godwit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FidelityDocsTest {

  private static final Path DOC = Path.of("docs/fidelity.md");

  @Test
  void theCommittedDocMatchesTheHarnessCases() throws Exception {
    String generated = FidelityDocs.markdown();
    if (Boolean.getBoolean("godwit.docs.write")) {
      Files.writeString(DOC, generated);
    }
    assertThat(Files.readString(DOC))
        .as(
            "docs/fidelity.md is out of date; regenerate it with: mvn test -Dtest=FidelityDocsTest"
                + " -Dgodwit.docs.write=true")
        .isEqualTo(generated);
  }
}
