package io.godwit.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.build.DenyList.Component;
import java.nio.file.Files;
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

  private static final Path SHIPPED = Path.of("target", "shipped-dependencies.txt");
  private static final Path LIST = Path.of("security", "deny-list.tsv");

  @Test
  void theShippedDependenciesHoldNoDeniedVersion() throws Exception {
    assertThat(SHIPPED)
        .as("the shipped dependencies; run `mvn generate-test-resources` to write them")
        .exists();
    List<Component> shipped = components(SHIPPED);
    assertThat(shipped).as("components in %s", SHIPPED).hasSizeGreaterThan(50);

    assertThat(DenyList.read(LIST).violations(shipped)).isEmpty();
  }

  @Test
  void aPlantedVulnerableVersionIsFound() throws Exception {
    DenyList list = DenyList.read(LIST);
    List<Component> planted = new ArrayList<>(components(SHIPPED));
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

  /**
   * Every artifact of a {@code dependency:list} file: lines of {@code
   * group:artifact:type[:classifier]:version:scope}, maybe followed by a note.
   */
  static List<Component> components(Path list) throws Exception {
    List<Component> found = new ArrayList<>();
    for (String line : Files.readAllLines(list)) {
      String coordinates = line.strip().split("\\s+")[0];
      String[] parts = coordinates.split(":");
      if (parts.length >= 5) {
        found.add(new Component(parts[0], parts[1], parts[parts.length - 2]));
      }
    }
    return found;
  }
}
