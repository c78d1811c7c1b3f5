package io.taskflow4j.spring.boot;

import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoards;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.spring.boot.internal.TaskBeanWorker;
import io.taskflow4j.spring.boot.internal.TaskflowHealth;
import io.taskflow4j.spring.boot.internal.TaskflowMeters;
import io.taskflow4j.store.jdbc.FlowStores;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.amqp.AmqpTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates taskflow4j's beans from {@link TaskflowProperties}, each only when its properties are
 * set and the application has not defined its own: the RabbitMQ {@link Transport} ({@code
 * taskflow4j.broker.url}), the {@link RemoteTaskExecutor} ({@code taskflow4j.topics}), the {@link
 * FlowStore} ({@code taskflow4j.store}), the {@link JobBoard} ({@code taskflow4j.board}), {@link
 * TaskflowEngines} always, and a worker serving the context's task beans ({@code
 * taskflow4j.worker.topic}). With Actuator, a {@code taskflow4j} health indicator; with
 * Micrometer, gauges. What it creates it closes with the context; beans the application defines
 * are never closed by it.
 *
 * <p>Thread-safety: Spring calls it once, at startup.
 */
@AutoConfiguration
@EnableConfigurationProperties(TaskflowProperties.class)
public class TaskflowAutoConfiguration {

  /** Creates the configuration; Spring does. */
  public TaskflowAutoConfiguration() {}

  /**
   * Checks the properties once, before any bean uses them.
   *
   * @param properties the bound properties
   * @return a marker bean
   * @throws IllegalStateException naming every wrong property
   */
  @Bean
  TaskflowPropertiesCheck taskflowPropertiesCheck(TaskflowProperties properties) {
    List<String> problems = properties.problems();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("invalid taskflow4j properties: " + String.join("; ", problems));
    }
    return new TaskflowPropertiesCheck();
  }

  /**
   * The RabbitMQ transport.
   *
   * @param properties the properties
   * @param checked the check, so that it runs first
   * @return the transport, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Transport.class)
  @ConditionalOnProperty("taskflow4j.broker.url")
  public AmqpTransport taskflowTransport(TaskflowProperties properties, TaskflowPropertiesCheck checked) {
    return AmqpTransport.connect(brokerUrl(properties.getBroker()));
  }

  /**
   * The remote executor, started.
   *
   * @param transport the transport
   * @param properties the properties
   * @param checked the check, so that it runs first
   * @return the executor, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(RemoteTaskExecutor.class)
  @ConditionalOnBean(Transport.class)
  @ConditionalOnExpression("!'${taskflow4j.topics:}'.isEmpty()")
  public RemoteTaskExecutor taskflowRemoteExecutor(
      Transport transport, TaskflowProperties properties, TaskflowPropertiesCheck checked) {
    RemoteTaskExecutor executor =
        RemoteTaskExecutor.builder(transport)
            .exchange(properties.getExchange())
            .topics(properties.getTopics())
            .requestTimeout(properties.getRequestTimeout())
            .build();
    executor.start();
    return executor;
  }

  /**
   * The flow store.
   *
   * @param properties the properties
   * @param checked the check, so that it runs first
   * @return the store, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(FlowStore.class)
  @ConditionalOnProperty("taskflow4j.store")
  public FlowStore taskflowStore(TaskflowProperties properties, TaskflowPropertiesCheck checked) {
    return FlowStores.open(properties.store().orElseThrow());
  }

  /**
   * The job board.
   *
   * @param properties the properties
   * @param checked the check, so that it runs first
   * @return the board, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(JobBoard.class)
  @ConditionalOnProperty("taskflow4j.board")
  public JobBoard taskflowBoard(TaskflowProperties properties, TaskflowPropertiesCheck checked) {
    return JobBoards.open(properties.board().orElseThrow());
  }

  /**
   * Engine builders preset with the context's executor and store.
   *
   * @param executor the remote executor, if the context has one
   * @param store the store, if the context has one
   * @return the factory
   */
  @Bean
  @ConditionalOnMissingBean
  public TaskflowEngines taskflowEngines(
      ObjectProvider<RemoteTaskExecutor> executor, ObjectProvider<FlowStore> store) {
    return new TaskflowEngines(
        Optional.ofNullable(executor.getIfUnique()), Optional.ofNullable(store.getIfUnique()));
  }

  /**
   * The worker serving the context's task beans, started and stopped with the context.
   *
   * @param transport the transport
   * @param properties the properties
   * @param beans the context, where the task beans are
   * @param checked the check, so that it runs first
   * @return the worker's lifecycle
   */
  @Bean
  @ConditionalOnBean(Transport.class)
  @ConditionalOnProperty("taskflow4j.worker.topic")
  TaskBeanWorker taskflowWorker(
      Transport transport, TaskflowProperties properties, ListableBeanFactory beans,
      TaskflowPropertiesCheck checked) {
    return new TaskBeanWorker(transport, properties, beans);
  }

  static String brokerUrl(TaskflowProperties.Broker broker) {
    String url = broker.url().orElseThrow();
    if (broker.getUsername() == null && broker.getPassword() == null) {
      return url;
    }
    try {
      URI uri = new URI(url);
      if (uri.getUserInfo() != null) {
        throw new IllegalStateException(
            "taskflow4j.broker.url has credentials and taskflow4j.broker.username or password are set too;"
                + " give them one way");
      }
      String userInfo = (broker.getUsername() == null ? "guest" : broker.getUsername())
          + (broker.getPassword() == null ? "" : ":" + broker.getPassword());
      return new URI(uri.getScheme(), userInfo, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
          uri.getFragment()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("taskflow4j.broker.url is not a URL: " + e.getMessage(), e);
    }
  }

  /** Marks that the properties were checked. Immutable. */
  static final class TaskflowPropertiesCheck {}

  /** The health indicator, when Actuator is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static class Health {

    @Bean
    @ConditionalOnMissingBean(name = "taskflow4jHealthIndicator")
    TaskflowHealth taskflow4jHealthIndicator(
        ObjectProvider<RemoteTaskExecutor> executor, ObjectProvider<FlowStore> store,
        ObjectProvider<TaskBeanWorker> worker) {
      return new TaskflowHealth(Optional.ofNullable(executor.getIfUnique()),
          Optional.ofNullable(store.getIfUnique()), Optional.ofNullable(worker.getIfUnique()));
    }
  }

  /** The gauges, when Micrometer is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class Meters {

    @Bean
    @ConditionalOnMissingBean
    TaskflowMeters taskflowMeters(ObjectProvider<RemoteTaskExecutor> executor, ObjectProvider<TaskBeanWorker> worker) {
      return new TaskflowMeters(Optional.ofNullable(executor.getIfUnique()), Optional.ofNullable(worker.getIfUnique()));
    }
  }
}
