package io.taskflow4j.tracing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The tracing module reads listeners and the hooks of executors and workers through public APIs,
 * and uses only OpenTelemetry's API: the application brings the SDK.
 */
class TracingArchitectureTest {

  private static final JavaClasses TRACING =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.taskflow4j.tracing");

  @Test
  void tracingUsesOnlyPublicApis() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "com.rabbitmq..", "io.taskflow4j.engine.internal..",
            "io.taskflow4j.remote.internal..", "io.taskflow4j.worker.internal..",
            "io.taskflow4j.protocol.internal..", "io.taskflow4j.transport..")
        .check(TRACING);
  }

  @Test
  void tracingUsesOnlyTheOpenTelemetryApi() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.opentelemetry.sdk..", "io.opentelemetry.exporter..")
        .check(TRACING);
  }
}
