package io.taskflow4j.spring.boot.internal;

import io.taskflow4j.spring.boot.TaskflowProperties;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.worker.Worker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker that serves the application's {@link Task} beans, started when the context is ready
 * and stopped, letting running tasks finish within the grace period, when it closes. Each request
 * gets the bean by its name, so a prototype-scoped task bean gives each request its own instance; a
 * singleton task bean is shared by concurrent requests and must be thread-safe. A bean is served
 * under its {@link Task#remoteName()}.
 *
 * <p>Thread-safety: thread-safe; Spring calls the lifecycle methods.
 */
public final class TaskBeanWorker implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(TaskBeanWorker.class);

  private final Transport transport;
  private final TaskflowProperties properties;
  private final ListableBeanFactory beans;
  private volatile Worker worker;

  /**
   * Creates the lifecycle; it does nothing until started.
   *
   * @param transport the broker connection, not closed here
   * @param properties the settings
   * @param beans where the task beans are
   */
  public TaskBeanWorker(Transport transport, TaskflowProperties properties, ListableBeanFactory beans) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.properties = Objects.requireNonNull(properties, "properties");
    this.beans = Objects.requireNonNull(beans, "beans");
  }

  /**
   * The served names, each with the name of the bean that serves it.
   *
   * @return remote name to bean name
   * @throws IllegalStateException when two beans are served under one name
   */
  public Map<String, String> served() {
    Map<String, String> served = new LinkedHashMap<>();
    for (String beanName : beans.getBeanNamesForType(Task.class)) {
      String remoteName = beans.getBean(beanName, Task.class).remoteName();
      String other = served.putIfAbsent(remoteName, beanName);
      if (other != null) {
        throw new IllegalStateException("task beans '" + other + "' and '" + beanName
            + "' are both served as '" + remoteName + "'; give one of them another remoteName()");
      }
    }
    return served;
  }

  @Override
  public void start() {
    Map<String, String> served = served();
    String topic = properties.getWorker().topic().orElseThrow();
    if (served.isEmpty()) {
      LOG.warn("taskflow4j.worker.topic is '{}' but the context has no Task beans: no worker started", topic);
      return;
    }
    Worker.Builder builder =
        Worker.builder(transport)
            .exchange(properties.getExchange())
            .topic(topic)
            .threads(properties.getWorker().getThreads());
    served.forEach((remoteName, beanName) -> builder.serve(remoteName, taskName -> beans.getBean(beanName, Task.class)));
    Worker built = builder.build();
    built.start();
    worker = built;
  }

  @Override
  public void stop() {
    Worker running = worker;
    if (running != null) {
      boolean finished = running.stop(properties.getWorker().getShutdownGrace());
      if (!finished) {
        LOG.warn("the taskflow4j worker stopped with tasks unfinished after {}",
            properties.getWorker().getShutdownGrace());
      }
      running.close();
      worker = null;
    }
  }

  @Override
  public boolean isRunning() {
    Worker running = worker;
    return running != null && running.isRunning();
  }

  /**
   * The running worker, for health and metrics.
   *
   * @return the worker, or empty before start and after stop
   */
  public Optional<Worker> worker() {
    return Optional.ofNullable(worker);
  }
}
