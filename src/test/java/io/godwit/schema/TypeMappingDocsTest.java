package io.godwit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /** Every mapping row says whether its target values go back, and why not when they do not. */
  @Test
  void everyRowHasABackColumn() {
    List<String> rows =
        TypeMappingDocs.markdown().lines().filter(l -> l.startsWith("| `")).toList();
    assertThat(rows).hasSizeGreaterThan(100);
    for (String row : rows) {
      String[] cells = row.split("(?<!\\\\)\\|", -1);
      assertThat(cells).as(row).hasSize(7);
      assertThat(cells[5].trim()).as(row).matches("yes|no: \\S.*");
    }
    assertThat(TypeMappingDocs.markdown())
        .contains("| source | target | fidelity | note | back |")
        .doesNotContain("| source | target | fidelity | note |\n");
  }
}
