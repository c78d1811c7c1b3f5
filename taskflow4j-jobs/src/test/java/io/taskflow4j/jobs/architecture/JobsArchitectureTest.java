package io.taskflow4j.jobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The jobs module holds the SPI, the in-memory board and the conductor: no database or broker code. */
class JobsArchitectureTest {

  private static final JavaClasses JOBS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.taskflow4j.jobs");

  @Test
  void jobsKnowNothingOfDatabasesBrokersOrWorkers() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "javax.sql..", "com.rabbitmq..", "redis.clients..", "org.postgresql..",
            "io.taskflow4j.store..", "io.taskflow4j.worker..", "io.taskflow4j.transport..")
        .check(JOBS);
  }
}
