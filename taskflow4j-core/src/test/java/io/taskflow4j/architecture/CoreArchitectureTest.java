package io.taskflow4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class CoreArchitectureTest {

  private static final String VALUE_CONVERTER = "io.taskflow4j.value.ValueConverter";

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.taskflow4j");

  @Test
  void coreKnowsNothingOfTransportsProtocolsOrBrokers() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.taskflow4j.transport..", "io.taskflow4j.protocol..", "io.taskflow4j.worker..",
            "com.rabbitmq..", "java.sql..")
        .check(CORE);
  }

  /** Jackson is an implementation detail of the default value converter. */
  @Test
  void onlyTheValueConverterImplementationUsesJackson() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.taskflow4j.value.internal")
        .and()
        .doNotHaveFullyQualifiedName(VALUE_CONVERTER)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.fasterxml..")
        .check(CORE);
  }

  /** The API names Jackson once, in {@code ValueConverter.jackson(ObjectMapper)}, and nowhere else. */
  @Test
  void valueConverterMentionsJacksonOnlyForItsMapper() {
    noClasses()
        .that()
        .haveFullyQualifiedName(VALUE_CONVERTER)
        .should()
        .dependOnClassesThat(
            new DescribedPredicate<JavaClass>("Jackson types other than ObjectMapper") {
              @Override
              public boolean test(JavaClass type) {
                return type.getPackageName().startsWith("com.fasterxml")
                    && !type.getFullName().equals("com.fasterxml.jackson.databind.ObjectMapper");
              }
            })
        .check(CORE);
  }
}
