package io.taskflow4j.dashboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dashboard reads stores, boards and executors through their public APIs, and its own API
 * does not show the HTTP server it is built on.
 */
class DashboardArchitectureTest {

  private static final JavaClasses DASHBOARD =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.taskflow4j.dashboard");

  @Test
  void theDashboardUsesOnlyPublicApis() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "com.rabbitmq..", "io.taskflow4j.engine.internal..", "io.taskflow4j.store.jdbc..",
            "io.taskflow4j.remote.internal..", "io.taskflow4j.worker.internal..", "io.taskflow4j.jobs.internal..")
        .check(DASHBOARD);
  }

  @Test
  void onlyTheImplementationKnowsTheHttpServer() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.taskflow4j.dashboard.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
        .check(DASHBOARD);
  }
}
