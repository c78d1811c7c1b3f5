package io.taskflow4j.jobs.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** The module's public API shows no internal types, and its code never prints. */
class PostgresBoardArchitectureTest {

  private static final JavaClasses BOARD = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.taskflow4j.jobs.postgres");

  @Test
  void publicMethodsOfPublicTypesExposeNoInternalTypes() {
    methods().that().areDeclaredInClassesThat(publicApi()).and().arePublic()
        .should(notMentionInternalTypes())
        .check(BOARD);
  }

  @Test
  void publicTypesDoNotExtendInternalTypes() {
    noClasses().that(publicApi()).should().beAssignableTo(internalType()).check(BOARD);
  }

  @Test
  void libraryCodeNeverPrints() {
    noClasses().should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().callMethod(Throwable.class, "printStackTrace")
        .check(BOARD);
  }

  @Test
  void noJavaSerialization() {
    noClasses().should().dependOnClassesThat()
        .haveFullyQualifiedName("java.io.ObjectInputStream")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectOutputStream")
        .check(BOARD);
  }

  private static DescribedPredicate<JavaClass> publicApi() {
    return new DescribedPredicate<>("public types outside internal packages") {
      @Override
      public boolean test(JavaClass type) {
        return type.getModifiers().contains(JavaModifier.PUBLIC) && !type.getPackageName().contains(".internal");
      }
    };
  }

  private static DescribedPredicate<JavaClass> internalType() {
    return new DescribedPredicate<>("an internal type") {
      @Override
      public boolean test(JavaClass type) {
        return type.getPackageName().contains(".internal");
      }
    };
  }

  private static ArchCondition<JavaMethod> notMentionInternalTypes() {
    return new ArchCondition<>("not mention internal types in their signature") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        boolean leaks = method.getReturnType().getAllInvolvedRawTypes().stream().anyMatch(internalType())
            || method.getParameterTypes().stream().flatMap(p -> p.getAllInvolvedRawTypes().stream())
                .anyMatch(internalType());
        if (leaks) {
          events.add(SimpleConditionEvent.violated(method, method.getFullName() + " mentions an internal type"));
        }
      }
    };
  }
}
