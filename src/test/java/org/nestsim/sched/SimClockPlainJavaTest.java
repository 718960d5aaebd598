package org.nestsim.sched;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The clock is plain Java like the rows above it: the actors drive it, it never imports Pekko. */
class SimClockPlainJavaTest {
  @Test
  void shouldKeepTheClockFreeOfPekko() {
    noClasses().that().haveNameMatching("org\\.nestsim\\.sched\\.(SimClock|EventQueue|SimEvent|EventKind|VcpuKey)"
            + "(\\$.*)?")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..")
        .because("the simulated clock is unit-tested without actors (docs/ARCHITECTURE.md, \"Simulated clock\")")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.nestsim.sched"));
  }
}
