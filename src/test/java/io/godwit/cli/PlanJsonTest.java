package io.godwit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.Fidelity;
import io.godwit.schema.Reversibility;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

  /** docs/plan.md promises {@code mappings[].back} with {@code reversible} and {@code reason}. */
  @Test
  void aMappingsReversibilityIsInPlanJson() throws Exception {
    ColumnMapping irreversible =
        new ColumnMapping(
            "orders",
            "id",
            "int(10) unsigned",
            "bigint",
            Fidelity.WIDENED,
            "unsigned",
            List.of(),
            Reversibility.not("values above 4294967295 or below 0"),
            null);
    JsonNode json = new ObjectMapper().readTree(Json.render(irreversible));
    assertThat(json.at("/back/reversible").isBoolean()).isTrue();
    assertThat(json.at("/back/reversible").asBoolean()).isFalse();
    assertThat(json.at("/back/reason").asText()).isEqualTo("values above 4294967295 or below 0");
  }
}
