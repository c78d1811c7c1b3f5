package io.taskflow4j.spring.boot;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.taskflow4j.architecture.ProjectArchitecture;
import org.junit.jupiter.api.Test;

/** The project's layering rules over the starter and the modules it depends on. */
class StarterArchitectureTest {

  private static final String ROOT = "io.taskflow4j";

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
          .importPackages(ROOT);

  @Test
  void theStarterSitsOnTopOfTheLayers() {
    ProjectArchitecture.layers(ROOT).check(CLASSES);
    ProjectArchitecture.noCyclesBetweenFeaturePackages(ROOT).check(CLASSES);
  }

  @Test
  void theStarterKeepsItsInternalsAndNeverPrints() {
    ProjectArchitecture.noInternalTypeInPublicSignatures(ROOT).check(CLASSES);
    ProjectArchitecture.internalPackagesStayWithTheirOwners(ROOT).check(CLASSES);
    ProjectArchitecture.librariesNeverPrint(ROOT).check(CLASSES);
  }
}
