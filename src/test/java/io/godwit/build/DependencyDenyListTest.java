package io.godwit.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.godwit.build.DenyList.Component;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Godwit ships holds no version the pinned deny-list names. The bill of materials is the one
 * the CycloneDX plugin wrote for this build ({@code target/bom.json}, phase
 * generate-test-resources).
 */
class DependencyDenyListTest {

  private static final Path BOM = Path.of("target", "bom.json");
  private static final Path LIST = Path.of("security", "deny-list.tsv");

  @Test
  void theShippedDependenciesHoldNoDeniedVersion() throws Exception {
    assertThat(BOM)
        .as("the bill of materials; run `mvn generate-test-resources` to write it")
        .exists();
    List<Component> shipped = components(BOM);
    assertThat(shipped).as("components in %s", BOM).hasSizeGreaterThan(50);

    assertThat(DenyList.read(LIST).violations(shipped)).isEmpty();
  }

  @Test
  void aPlantedVulnerableVersionIsFound() throws Exception {
    DenyList list = DenyList.read(LIST);
    List<Component> planted = new ArrayList<>(components(BOM));
    planted.add(new Component("org.lz4", "lz4-java", "1.8.0"));
    planted.add(new Component("com.mysql", "mysql-connector-j", "9.1.0"));

    assertThat(list.violations(planted))
        .containsExactly(
            "org.lz4:lz4-java:1.8.0: CVE-2025-12183 (out-of-bounds memory access in the JNI and"
                + " unsafe decompressors; moved to at.yawk.lz4:lz4-java); fix: replace the artifact",
            "com.mysql:mysql-connector-j:9.1.0: CVE-2025-30706 (takeover of Connector/J by a"
                + " network attacker (Oracle CPU April 2025)); fix: manage it to 9.3.0 or later in"
                + " pom.xml");
  }

  @Test
  void theFixedVersionItselfAndLaterOnesPass() throws Exception {
    DenyList list = DenyList.read(LIST);

    assertThat(
            list.violations(
                List.of(
                    new Component("com.mysql", "mysql-connector-j", "9.3.0"),
                    new Component("com.mysql", "mysql-connector-j", "9.10.0"),
                    new Component("ch.qos.logback", "logback-core", "1.5.19"),
                    new Component("ch.qos.logback", "logback-core", "1.5.18"))))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("ch.qos.logback:logback-core:1.5.18: CVE-2025-11226");
  }

  /** Every component of a CycloneDX JSON document, nested ones included. */
  static List<Component> components(Path bom) throws Exception {
    List<Component> found = new ArrayList<>();
    collect(new ObjectMapper().readTree(bom.toFile()).path("components"), found);
    return found;
  }

  private static void collect(JsonNode components, List<Component> found) {
    for (JsonNode c : components) {
      found.add(
          new Component(
              c.path("group").asText(), c.path("name").asText(), c.path("version").asText()));
      collect(c.path("components"), found);
    }
  }
}
