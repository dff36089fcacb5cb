package io.godwit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The package structure described in docs/architecture.md, checked on the compiled classes.
 *
 * <p>Rules are methods, not {@code ArchRule} fields: Surefire 3.5.3 runs no {@code @ArchTest} field
 * (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "io.godwit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  void noPackageCycles(JavaClasses classes) {
    slices().matching("io.godwit.(*)..").should().beFreeOfCycles().check(classes);
  }
}
