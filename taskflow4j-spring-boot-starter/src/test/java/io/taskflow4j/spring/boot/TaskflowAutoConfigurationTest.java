package io.taskflow4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.spring.boot.internal.TaskBeanWorker;
import io.taskflow4j.spring.boot.internal.TaskflowHealth;
import io.taskflow4j.spring.boot.internal.TaskflowMeters;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/** The starter in application contexts, over a real broker and a real store. */
class TaskflowAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TaskflowAutoConfiguration.class));

  @TempDir Path dir;

  /** An application with one task bean, made anew for each request. */
  @Configuration(proxyBeanMethods = false)
  static class TaskBeans {
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    Multiply multiply() {
      return new Multiply();
    }
  }

  /** An application that brings its own store. */
  @Configuration(proxyBeanMethods = false)
  static class OwnStore {
    @Bean
    FlowStore myStore() {
      return FlowStore.inMemory();
    }
  }

  private String[] live(String exchange) {
    return new String[] {
      "taskflow4j.broker.url=" + TestBrokers.any().url(),
      "taskflow4j.exchange=" + exchange,
      "taskflow4j.topics=calc",
      "taskflow4j.worker.topic=calc",
      "taskflow4j.store=sqlite:" + dir.resolve("flows.db")
    };
  }

  @Test
  void aFlowRunsOnTheWorkerBeanOverTheBrokerAndIsRecordedInTheStore() {
    runner.withUserConfiguration(TaskBeans.class)
        .withPropertyValues(live("spring-" + UUID.randomUUID()))
        .run(context -> {
          assertThat(context).hasNotFailed();
          context.getBean(RemoteTaskExecutor.class).waitForWorkers(1, Duration.ofSeconds(20));
          Flow flow = Flow.linear("multiply-twice")
              .add(Task.remote(Multiply.class.getName(),
                  TaskSpec.builder("first").requires("a", "b").provides("ab").build()))
              .add(Task.remote(Multiply.class.getName(),
                  TaskSpec.builder("second").requires("a", "b").rebind("b", "ab").provides("product").build()));
          int before = Multiply.INSTANCES.get();

          String flowId;
          try (Engine engine = context.getBean(TaskflowEngines.class).builder(flow)
              .input("a", 6).input("b", 7).build()) {
            assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
            assertThat(engine.result("product")).hasValueSatisfying(product -> assertThat(((Number) product).longValue()).isEqualTo(252L));
            flowId = engine.flowId();
          }

          FlowDetail recorded = context.getBean(FlowStore.class).flow(flowId).orElseThrow();
          assertThat(recorded.state()).isEqualTo(FlowState.SUCCESS);
          assertThat(Multiply.INSTANCES.get() - before).as("one instance per request").isGreaterThanOrEqualTo(2);

          Health health = context.getBean(TaskflowHealth.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("workers", Map.of("calc", 1L)).containsEntry("worker", "running");

          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          context.getBean(TaskflowMeters.class).bindTo(registry);
          assertThat(registry.get("taskflow4j.workers.known").tag("topic", "calc").gauge().value()).isEqualTo(1.0);
          assertThat(registry.get("taskflow4j.worker.running").gauge().value()).isEqualTo(1.0);
        });
  }

  @Test
  void closingTheContextStopsTheWorker() {
    TaskBeanWorker[] worker = new TaskBeanWorker[1];
    runner.withUserConfiguration(TaskBeans.class)
        .withPropertyValues(live("spring-" + UUID.randomUUID()))
        .run(context -> {
          worker[0] = context.getBean(TaskBeanWorker.class);
          assertThat(worker[0].isRunning()).isTrue();
        });
    assertThat(worker[0].isRunning()).isFalse();
    assertThat(worker[0].worker()).isEmpty();
  }

  @Test
  void withoutPropertiesNothingButTheEngineFactoryIsCreated() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(Transport.class);
      assertThat(context).doesNotHaveBean(RemoteTaskExecutor.class);
      assertThat(context).doesNotHaveBean(FlowStore.class);
      assertThat(context).doesNotHaveBean(JobBoard.class);
      assertThat(context).doesNotHaveBean(TaskBeanWorker.class);
      assertThat(context.getBean(TaskflowEngines.class).store()).isEmpty();
    });
  }

  @Test
  void storeAndBoardComeFromTheirUrls() {
    runner.withPropertyValues("taskflow4j.store=memory", "taskflow4j.board=memory").run(context -> {
      assertThat(context).hasSingleBean(FlowStore.class).hasSingleBean(JobBoard.class);
      assertThat(context.getBean(TaskflowEngines.class).store()).containsSame(context.getBean(FlowStore.class));
    });
  }

  @Test
  void theApplicationsOwnBeansWin() {
    runner.withUserConfiguration(OwnStore.class).withPropertyValues("taskflow4j.store=memory").run(context -> {
      assertThat(context).hasSingleBean(FlowStore.class);
      assertThat(context).hasBean("myStore").doesNotHaveBean("taskflowStore");
    });
  }

  @Test
  void wrongPropertiesFailStartupNamingEachOne() {
    runner.withPropertyValues("taskflow4j.topics=calc", "taskflow4j.worker.threads=0", "taskflow4j.request-timeout=0s")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause()
            .hasMessageContaining("taskflow4j.topics needs taskflow4j.broker.url")
            .hasMessageContaining("taskflow4j.worker.threads must be at least 1")
            .hasMessageContaining("taskflow4j.request-timeout must be positive"));
  }

  @Test
  void credentialsGivenApartGoIntoTheUrl() {
    TaskflowProperties.Broker broker = new TaskflowProperties.Broker();
    broker.setUrl("amqp://rabbit.internal:5672/prod");
    broker.setUsername("app");
    broker.setPassword("s3cret");

    assertThat(TaskflowAutoConfiguration.brokerUrl(broker)).isEqualTo("amqp://app:s3cret@rabbit.internal:5672/prod");
  }
}
