package io.godwit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TypeMappingDocsTest {

  @Test
  void theCommittedDocMatchesTheRules() throws Exception {
    String committed = Files.readString(Path.of("docs/type-mapping.md"));
    assertThat(committed)
        .as(
            "docs/type-mapping.md is out of date; regenerate it with: java -cp target/classes"
                + " io.godwit.schema.TypeMappingDocs > docs/type-mapping.md")
        .isEqualTo(TypeMappingDocs.markdown());
  }
}
