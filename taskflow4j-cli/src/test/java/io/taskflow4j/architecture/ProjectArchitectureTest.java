package io.taskflow4j.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering rules over the main code of every library module and the command line, and proof on
 * fixtures that each rule fails when broken.
 */
class ProjectArchitectureTest {

  private static final String ROOT = "io.taskflow4j";
  private static final String FIXTURES = "io.taskflow4j.architecture.fixture";

  /** Main code only: this module's test classes and every module's test jar are left out. */
  private static final JavaClasses PROJECT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
          .importPackages(ROOT);

  @Test
  void theImportSeesEveryModule() {
    assertThat(PROJECT.stream().map(type -> type.getPackageName()))
        .contains(
            "io.taskflow4j.engine", "io.taskflow4j.protocol", "io.taskflow4j.worker",
            "io.taskflow4j.transport.amqp", "io.taskflow4j.store.jdbc", "io.taskflow4j.jobs",
            "io.taskflow4j.jobs.postgres", "io.taskflow4j.jobs.redis", "io.taskflow4j.cli");
  }

  @Test
  void featurePackagesHaveNoCycles() {
    ProjectArchitecture.noCyclesBetweenFeaturePackages(ROOT).check(PROJECT);
  }

  @Test
  void eachLayerUsesOnlyTheLayersBelowIt() {
    ProjectArchitecture.layers(ROOT).check(PROJECT);
  }

  @Test
  void publicSignaturesMentionNoInternalType() {
    ProjectArchitecture.noInternalTypeInPublicSignatures(ROOT).check(PROJECT);
  }

  @Test
  void publicFieldsHaveNoInternalType() {
    ProjectArchitecture.noInternalTypeInPublicFields(ROOT).check(PROJECT);
  }

  @Test
  void publicTypesExtendNoInternalType() {
    ProjectArchitecture.noPublicTypeExtendsAnInternalType(ROOT).check(PROJECT);
  }

  @Test
  void internalPackagesAreUsedOnlyByTheirOwners() {
    ProjectArchitecture.internalPackagesStayWithTheirOwners(ROOT).check(PROJECT);
  }

  @Test
  void librariesNeverPrint() {
    ProjectArchitecture.librariesNeverPrint(ROOT).check(PROJECT);
  }

  @Test
  void nothingUsesJavaSerialization() {
    ProjectArchitecture.noJavaSerialization(ROOT).check(PROJECT);
  }

  private static JavaClasses fixture(String name) {
    return new ClassFileImporter().importPackages(FIXTURES + "." + name);
  }

  @Test
  void aCycleBetweenFeaturePackagesFailsTheRule() {
    assertThatThrownBy(() -> ProjectArchitecture.noCyclesBetweenFeaturePackages(FIXTURES + ".cycle")
            .check(fixture("cycle")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
  }

  @Test
  void theCoreUsingTheWorkerFailsTheLayerRule() {
    assertThatThrownBy(() -> ProjectArchitecture.layers(FIXTURES + ".layers").check(fixture("layers")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("engine.UsesWorker");
  }

  @Test
  void anotherModulesInternalPackageFailsTheOwnershipRule() {
    assertThatThrownBy(() -> ProjectArchitecture.internalPackagesStayWithTheirOwners(FIXTURES + ".leak")
            .check(fixture("leak")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("worker.Borrower");
  }

  @Test
  void anInternalTypeInAPublicSignatureFailsTheRule() {
    assertThatThrownBy(() -> ProjectArchitecture.noInternalTypeInPublicSignatures(FIXTURES + ".leak")
            .check(fixture("leak")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exposes an internal type");
  }
}
