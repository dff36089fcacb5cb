package io.godwit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.godwit.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The package structure described in docs/architecture.md, checked on the compiled classes.
 *
 * <p>Rules are methods, not {@code ArchRule} fields: Surefire 3.5.3 runs no {@code @ArchTest} field
 * (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "io.godwit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final Path DOC = Path.of("docs", "architecture.md");
  private static final String ROOT = "io.godwit";
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\|([^|]*)\\|$");

  private static final String CONNECTOR = "the Debezium connector differs per engine";

  /**
   * Classes outside db, schema and engine (below io.godwit) that compare engines, each with its
   * reason: the capture classes configure and address a connector that exists per engine, and
   * EventDecoder decodes what it emits; the demo's sample tables are SQL of their own. Every other
   * engine difference is asked of a Dialect.
   */
  private static final Map<String, String> ENGINE_CHECK_EXEMPTIONS =
      Map.ofEntries(
          Map.entry("capture.CaptureProperties", CONNECTOR),
          Map.entry("capture.JdbcAddress", CONNECTOR),
          Map.entry("capture.PostgresSlots", CONNECTOR),
          Map.entry("capture.SourceMarker", CONNECTOR + ": marks are binlog or WAL messages"),
          Map.entry(
              "apply.EventDecoder",
              CONNECTOR
                  + ": each connector encodes values, commit times and unchanged values its own"
                  + " way, and the decoders are chosen by it"),
          Map.entry(
              "demo.ShopSchema",
              "sample tables for the demo and the tests, written in each source engine's SQL: what"
                  + " is migrated, not how"));

  @ArchTest
  void engineChecksOnlyInDbAndSchema(JavaClasses classes) {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.godwit.db..", "io.godwit.schema..", "io.godwit.engine..")
        .and(not(exempt()))
        .should()
        .accessField(Engine.class, "POSTGRESQL")
        .orShould()
        .accessField(Engine.class, "MYSQL")
        .orShould()
        .accessField(Engine.class, "MARIADB")
        .orShould()
        .callMethod(Engine.class, "isMySqlFamily")
        .because("engine differences belong behind a Dialect (docs/architecture.md)")
        .check(classes);
  }

  @ArchTest
  void noPackageCycles(JavaClasses classes) {
    slices().matching("io.godwit.(*)..").should().beFreeOfCycles().check(classes);
  }

  @ArchTest
  void packagesDependOnlyOnWhatThePackageGraphAllows(JavaClasses classes) throws IOException {
    Map<String, Set<String>> allowed = documentedGraph();
    Set<String> undocumented = new TreeSet<>();
    for (JavaClass c : classes) {
      String from = packageOf(c);
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass();
        if (!target.getPackageName().startsWith(ROOT)) {
          continue;
        }
        String to = packageOf(target);
        if (!from.equals(to) && !allowed.getOrDefault(from, Set.of()).contains(to)) {
          undocumented.add(from + " -> " + to + " (" + d.getDescription() + ")");
        }
      }
    }
    assertThat(undocumented)
        .as("dependencies missing from the package graph in %s: break them or add them there", DOC)
        .isEmpty();
  }

  /** A class listed in ENGINE_CHECK_EXEMPTIONS, or one nested in it (switch maps, lambdas). */
  private static DescribedPredicate<JavaClass> exempt() {
    return DescribedPredicate.describe(
        "exempt from the engine-check rule",
        c -> {
          String name = c.getName().substring(ROOT.length() + 1).replaceFirst("\\$.*", "");
          return ENGINE_CHECK_EXEMPTIONS.containsKey(name);
        });
  }

  /** {@code io.godwit} for the root package, else the package right below it. */
  private static String packageOf(JavaClass c) {
    String rest = c.getPackageName().substring(ROOT.length());
    if (rest.isEmpty()) {
      return ROOT;
    }
    int dot = rest.indexOf('.', 1);
    return dot < 0 ? rest.substring(1) : rest.substring(1, dot);
  }

  private static Map<String, Set<String>> documentedGraph() throws IOException {
    Map<String, Set<String>> graph = new HashMap<>();
    boolean inGraph = false;
    for (String line : Files.readAllLines(DOC)) {
      if (line.startsWith("## ")) {
        inGraph = line.equals("## Package graph");
        continue;
      }
      Matcher row = inGraph ? ROW.matcher(line) : null;
      if (row != null && row.matches()) {
        graph.put(
            row.group(1),
            Arrays.stream(row.group(2).split(","))
                .map(s -> s.strip().replace("`", ""))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet()));
      }
    }
    assertThat(graph).as("the package graph table in %s", DOC).isNotEmpty();
    return graph;
  }
}
