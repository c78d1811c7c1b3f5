package io.taskflow4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.stream.Stream;

/**
 * The rules that keep taskflow4j's modules layered, written over a root package so that the suite
 * can run them on the real code and on fixtures that break them.
 *
 * <p>It lives in the core's test jar so that every module's tests can check themselves with it (the
 * command line's tests see all the library modules; the Spring Boot starter's see its own).
 *
 * <p>The layers, lowest first: the core (model, engine, store SPI, shared helpers), the protocol
 * (wire messages and the transport SPI), the worker and the remote executor, the transports, the
 * stores and job boards, and at the top the applications (command line, Spring Boot starter).
 */
public final class ProjectArchitecture {

  private ProjectArchitecture() {}

  /**
   * No cycle between the feature packages directly under the root ({@code engine}, {@code
   * protocol}, {@code worker}, ...), each taken with its subpackages.
   */
  public static ArchRule noCyclesBetweenFeaturePackages(String root) {
    return slices()
        .matching(root + ".(*)..")
        .namingSlices("package " + root + ".$1")
        .should()
        .beFreeOfCycles()
        .as("the feature packages under " + root + " are free of cycles");
  }

  /** Each layer uses only the layers below it. */
  public static ArchRule layers(String root) {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Core").definedBy(
            root, root + ".task..", root + ".flow..", root + ".engine..", root + ".value..",
            root + ".failure..", root + ".persistence..", root + ".retry..", root + ".listener..",
            root + ".state..", root + ".spi..", root + ".internal..")
        .layer("Protocol").definedBy(root + ".protocol..", root + ".transport")
        .layer("Worker and remote executor").definedBy(root + ".worker..", root + ".remote..")
        .layer("Transports").definedBy(root + ".transport.memory..", root + ".transport.amqp..")
        .layer("Stores and job boards").definedBy(root + ".store..", root + ".jobs..")
        .layer("Applications").definedBy(root + ".cli..", root + ".examples..", root + ".spring..")
        .whereLayer("Applications").mayNotBeAccessedByAnyLayer()
        .whereLayer("Stores and job boards").mayOnlyBeAccessedByLayers("Applications")
        .whereLayer("Transports").mayOnlyBeAccessedByLayers("Applications")
        .whereLayer("Worker and remote executor").mayOnlyBeAccessedByLayers("Transports", "Applications")
        .whereLayer("Protocol")
        .mayOnlyBeAccessedByLayers("Worker and remote executor", "Transports", "Applications")
        .as("taskflow4j's layers: core <- protocol <- worker/remote <- transports <- stores/boards"
            + " <- applications");
  }

  /** No public or protected member of a public API type mentions a type of an internal package. */
  public static ArchRule noInternalTypeInPublicSignatures(String root) {
    return codeUnits()
        .that()
        .areDeclaredInClassesThat(publicApi(root))
        .and(visibleOutside())
        .should(mentionNoInternalType())
        .as("public signatures under " + root + " mention no internal type");
  }

  /** No public or protected field of a public API type has a type of an internal package. */
  public static ArchRule noInternalTypeInPublicFields(String root) {
    return fields()
        .that()
        .areDeclaredInClassesThat(publicApi(root))
        .and(visibleOutside())
        .should(new ArchCondition<JavaField>("not have an internal type") {
          @Override
          public void check(JavaField field, ConditionEvents events) {
            if (field.getType().getAllInvolvedRawTypes().stream().anyMatch(ProjectArchitecture::internal)) {
              events.add(SimpleConditionEvent.violated(field, field.getFullName() + " has an internal type"));
            }
          }
        })
        .allowEmptyShould(true)
        .as("public fields under " + root + " have no internal type");
  }

  /** No public API type extends or implements a type of an internal package. */
  public static ArchRule noPublicTypeExtendsAnInternalType(String root) {
    return noClasses()
        .that(publicApi(root))
        .should()
        .beAssignableTo(new DescribedPredicate<JavaClass>("an internal type") {
          @Override
          public boolean test(JavaClass type) {
            return internal(type);
          }
        })
        .as("public types under " + root + " extend no internal type");
  }

  /**
   * An internal package is used only from the package it belongs to, with two shared exceptions:
   * {@code <root>.internal}, the helpers every module shares, and {@code <root>.protocol.internal},
   * the machinery the worker and the remote executor share.
   */
  public static ArchRule internalPackagesStayWithTheirOwners(String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should(new ArchCondition<JavaClass>("use only their own internal packages or the shared ones") {
          @Override
          public void check(JavaClass type, ConditionEvents events) {
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
              JavaClass target = dependency.getTargetClass();
              String targetPackage = target.getPackageName();
              int internalAt = targetPackage.indexOf(".internal");
              if (internalAt < 0 || !targetPackage.startsWith(root + ".")) {
                continue;
              }
              String owner = targetPackage.substring(0, internalAt);
              String from = type.getPackageName();
              boolean allowed =
                  owner.equals(root)
                      || from.equals(owner)
                      || from.startsWith(owner + ".")
                      || (owner.equals(root + ".protocol")
                          && (from.startsWith(root + ".worker") || from.startsWith(root + ".remote")));
              if (!allowed) {
                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                    + ": " + targetPackage + " belongs to " + owner));
              }
            }
          }
        })
        .as("internal packages under " + root + " are used only by their owners");
  }

  /** Library code logs; only the command line writes to the terminal. */
  public static ArchRule librariesNeverPrint(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackages(root + ".cli..", root + ".examples..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(Throwable.class, "printStackTrace")
        .as("library code under " + root + " never prints");
  }

  /** Nothing reads or writes Java serialization. */
  public static ArchRule noJavaSerialization(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.ObjectInputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.ObjectOutputStream")
        .as("no Java serialization under " + root);
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

  private static DescribedPredicate<JavaClass> publicApi(String root) {
    return new DescribedPredicate<>("public types outside internal packages") {
      @Override
      public boolean test(JavaClass type) {
        return type.getModifiers().contains(JavaModifier.PUBLIC)
            && !internal(type)
            && (type.getPackageName().equals(root) || type.getPackageName().startsWith(root + "."));
      }
    };
  }

  private static ArchCondition<JavaCodeUnit> mentionNoInternalType() {
    return new ArchCondition<>("mention no internal type in their signature") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        boolean leaks =
            Stream.concat(
                    Stream.of(unit.getReturnType()),
                    Stream.concat(unit.getParameterTypes().stream(), unit.getExceptionTypes().stream()))
                .map(JavaType.class::cast)
                .flatMap(type -> type.getAllInvolvedRawTypes().stream())
                .anyMatch(ProjectArchitecture::internal);
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
