package io.taskflow4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the {@code internal} packages out of the public API of the worker module: no public or
 * protected member of a public type in {@code io.taskflow4j.worker}, {@code remote}, {@code
 * protocol} or {@code transport} mentions an internal type, and no such type extends one.
 */
class WorkerArchitectureTest {

  private static final JavaClasses MODULE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages(
              "io.taskflow4j.worker", "io.taskflow4j.remote", "io.taskflow4j.protocol",
              "io.taskflow4j.transport");

  private static final Set<String> API_PACKAGES = Set.of(
      "io.taskflow4j.worker", "io.taskflow4j.remote", "io.taskflow4j.protocol", "io.taskflow4j.transport");

  @Test
  void publicSignaturesMentionNoInternalType() {
    codeUnits()
        .that().areDeclaredInClassesThat(publicApi())
        .and(visibleOutside())
        .should(mentionNoInternalType())
        .allowEmptyShould(false)
        .check(MODULE);
  }

  @Test
  void publicFieldsHaveNoInternalType() {
    fields()
        .that().areDeclaredInClassesThat(publicApi())
        .and(visibleOutside())
        .should(new ArchCondition<JavaField>("not have an internal type") {
          @Override
          public void check(JavaField field, ConditionEvents events) {
            if (field.getType().getAllInvolvedRawTypes().stream().anyMatch(WorkerArchitectureTest::internal)) {
              events.add(SimpleConditionEvent.violated(field, field.getFullName() + " has an internal type"));
            }
          }
        })
        .allowEmptyShould(true)
        .check(MODULE);
  }

  @Test
  void publicTypesDoNotExtendInternalTypes() {
    noClasses()
        .that(publicApi())
        .should()
        .beAssignableTo(new DescribedPredicate<JavaClass>("an internal type") {
          @Override
          public boolean test(JavaClass type) {
            return internal(type);
          }
        })
        .check(MODULE);
  }

  private static DescribedPredicate<JavaMember> visibleOutside() {
    return new DescribedPredicate<>("public or protected") {
      @Override
      public boolean test(JavaMember member) {
        return member.getModifiers().contains(JavaModifier.PUBLIC)
            || member.getModifiers().contains(JavaModifier.PROTECTED);
      }
    };
  }

  private static DescribedPredicate<JavaClass> publicApi() {
    return new DescribedPredicate<>("public types of the worker, remote, protocol and transport APIs") {
      @Override
      public boolean test(JavaClass type) {
        return type.getModifiers().contains(JavaModifier.PUBLIC)
            && !internal(type)
            && API_PACKAGES.stream().anyMatch(p -> type.getPackageName().equals(p)
                || type.getPackageName().startsWith(p + "."));
      }
    };
  }

  private static ArchCondition<JavaCodeUnit> mentionNoInternalType() {
    return new ArchCondition<>("mention no internal type in their signature") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        boolean leaks = Stream.concat(
                Stream.of(unit.getReturnType()),
                Stream.concat(unit.getParameterTypes().stream(), unit.getExceptionTypes().stream()))
            .map(JavaType.class::cast)
            .flatMap(type -> type.getAllInvolvedRawTypes().stream())
            .anyMatch(WorkerArchitectureTest::internal);
        if (leaks) {
          events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes an internal type"));
        }
      }
    };
  }

  private static boolean internal(JavaClass type) {
    return type.getPackageName().contains(".internal");
  }
}
