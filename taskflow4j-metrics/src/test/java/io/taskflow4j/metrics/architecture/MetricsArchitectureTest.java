package io.taskflow4j.metrics.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The metrics module reads listeners and executors: no broker, database or engine internals. */
class MetricsArchitectureTest {

  private static final JavaClasses METRICS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.taskflow4j.metrics");

  @Test
  void metricsUseOnlyPublicApis() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "com.rabbitmq..", "io.taskflow4j.engine.internal..",
            "io.taskflow4j.remote.internal..", "io.taskflow4j.worker.internal..")
        .check(METRICS);
  }
}
