package org.nestsim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md: the plain-Java packages import no Pekko, each package uses only the rows
 * above it, and nothing imports the command line.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.nestsim");
  }

  @Test
  void shouldKeepThePlainJavaPackagesFreeOfPekko() {
    noClasses().that().resideInAnyPackage("org.nestsim.hcall..", "org.nestsim.gsb..", "org.nestsim.memory..",
            "org.nestsim.cpu..", "org.nestsim.trace..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..")
        .because("hcall, gsb, memory, cpu and trace are plain Java (DESIGN.md, STYLE.md)")
        .check(classes);
  }

  @Test
  void shouldKeepTheHcallAbiAtTheBottom() {
    noClasses().that().resideInAPackage("org.nestsim.hcall..")
        .should().dependOnClassesThat().resideOutsideOfPackages("org.nestsim.hcall..", "java..")
        .check(classes);
  }

  @Test
  void shouldLetTheGsbCodecUseOnlyTheHcallAbi() {
    noClasses().that().resideInAPackage("org.nestsim.gsb..")
        .should().dependOnClassesThat().resideOutsideOfPackages("org.nestsim.gsb..", "org.nestsim.hcall..",
            "java..")
        .check(classes);
  }

  @Test
  void shouldLetNothingImportTheCommandLine() {
    noClasses().that().resideOutsideOfPackage("org.nestsim.cli..")
        .should().dependOnClassesThat().resideInAPackage("org.nestsim.cli..")
        .check(classes);
  }

  @Test
  void shouldLetTheScenarioLoaderUseEverythingButTheCommandLine() {
    noClasses().that().resideInAPackage("org.nestsim.scenario..")
        .should().dependOnClassesThat().resideInAnyPackage("org.nestsim.cli..")
        .because("the command line runs scenarios; the scenario model must not know it (Suggestions moved here)")
        .check(classes);
  }

  @Test
  void shouldLetMemoryUseOnlyTheHcallAbi() {
    noClasses().that().resideInAPackage("org.nestsim.memory..")
        .should().dependOnClassesThat().resideOutsideOfPackages("org.nestsim.memory..", "org.nestsim.hcall..",
            "java..")
        .check(classes);
  }

  @Test
  void shouldLetTheVcpuEngineUseOnlyTheRowsAboveIt() {
    noClasses().that().resideInAPackage("org.nestsim.cpu..").and().resideOutsideOfPackage("org.nestsim.cpu.jit..")
        .should().dependOnClassesThat().resideOutsideOfPackages("org.nestsim.cpu..", "org.nestsim.memory..",
            "org.nestsim.gsb..", "org.nestsim.hcall..", "java..")
        .because("the register file is addressed by GSB element ID (docs/ARCHITECTURE.md)")
        .check(classes);
  }

  @Test
  void shouldLetOnlyTheBlockCompilerUseAsm() {
    noClasses().that().resideInAPackage("org.nestsim.cpu.jit..")
        .should().dependOnClassesThat().resideOutsideOfPackages("org.nestsim.cpu..", "org.nestsim.memory..",
            "java..", "org.objectweb.asm..")
        .because("the block compiler writes bytecode with ASM and needs nothing else (docs/ARCHITECTURE.md)")
        .check(classes);
  }

  @Test
  void shouldLetTheTraceUseOnlyTheHcallAbiAndJackson() {
    noClasses().that().resideInAPackage("org.nestsim.trace..")
        .should().dependOnClassesThat().resideOutsideOfPackages("org.nestsim.trace..", "org.nestsim.hcall..",
            "java..", "com.fasterxml.jackson..")
        .because("trace events are plain records; Jackson only reads headers and checks lines (DESIGN.md)")
        .check(classes);
  }

  @Test
  void shouldKeepTheL0StateLogicFreeOfPekko() {
    noClasses().that().haveNameMatching("org\\.nestsim\\.l0\\.(Profile|HostWideCounters|GuestState|GuestWide"
            + "|VcpuRecord|StateBuffers|OutputBuffer|GsbScratch|Scratch|StateAccess|HcallChecks|RunEntry"
            + "|Capabilities|ContinueTokens|Preemption|L0Config)(\\$.*)?")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..")
        .because("the L0's buffer and state logic is unit-tested without actors; only the actors use Pekko")
        .check(classes);
  }
}
