package io.taskflow4j.cli.run;

import io.taskflow4j.cli.UserInputException;
import io.taskflow4j.cli.broker.Brokers;
import io.taskflow4j.cli.flowfile.ClassTaskResolver;
import io.taskflow4j.cli.flowfile.FlowFileException;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.flowfile.Suggestions;
import io.taskflow4j.cli.flowfile.TaskResolver;
import io.taskflow4j.FlowElement;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.flow.FanOut;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.internal.Durations;
import io.taskflow4j.remote.KnownWorker;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.remote.WorkersUnavailableException;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.amqp.AmqpTransport;
import io.taskflow4j.transport.amqp.AmqpUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a flow's tasks on workers over RabbitMQ: declares the tasks by the names workers serve
 * ({@link RemoteTasks}), and once the flow compiled connects, starts a {@link RemoteTaskExecutor},
 * waits until a worker answered on every topic, and checks that every task is served by one of
 * them.
 *
 * <p>Thread-safety: used by one command on one thread.
 */
final class RemoteBackend implements ExecutionBackend {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteBackend.class);

  private final RunTarget.Workers target;
  private final AmqpUrl url;
  private final RemoteTasks tasks;
  private final DeferredTaskExecutor deferred = new DeferredTaskExecutor();
  private AmqpTransport transport;
  private RemoteTaskExecutor executor;

  /**
   * Checks the options; connects only in {@link #prepare}.
   *
   * @param target the workers
   * @param local finds task classes in this process
   * @throws UserInputException when an option is unusable
   */
  RemoteBackend(RunTarget.Workers target, ClassTaskResolver local) {
    this.target = Objects.requireNonNull(target, "target");
    this.url =
        Brokers.parse(
            target.url(),
            "'taskflow run' starts no workers in its own process, and workers in other processes"
                + " cannot reach an in-memory broker");
    if (target.exchange().isBlank()) {
      throw new UserInputException("--exchange must not be blank");
    }
    if (target.topics().isEmpty() || target.topics().stream().anyMatch(String::isBlank)) {
      throw new UserInputException("--topic must name the workers' topic; a blank one is no topic");
    }
    if (target.requestTimeout().isZero()) {
      throw new UserInputException("--request-timeout must be longer than zero");
    }
    if (target.executionTimeout().filter(Duration::isZero).isPresent()) {
      throw new UserInputException("--execution-timeout must be longer than zero");
    }
    if (target.notifyPeriod().isZero()) {
      throw new UserInputException("--notify-period must be longer than zero");
    }
    if (target.workerExpiry().compareTo(target.notifyPeriod().multipliedBy(2)) < 0) {
      throw new UserInputException("--worker-expiry (" + Durations.describe(target.workerExpiry())
          + ") must be at least twice --notify-period (" + Durations.describe(target.notifyPeriod())
          + "), or a live worker could be taken for dead between two NOTIFYs");
    }
    if (target.inFlight() < 1) {
      throw new UserInputException("--in-flight must be at least 1, got " + target.inFlight());
    }
    Optional<Duration> notice = target.runningNotice();
    if (notice.isPresent() && !notice.get().isZero()
        && (notice.get().toMillis() < 1 || notice.get().compareTo(Duration.ofMinutes(1)) > 0)) {
      throw new UserInputException("--running-notice must be 0 or from 1ms to 1m, got "
          + Durations.describe(notice.get()));
    }
    if (notice.isPresent() && !notice.get().isZero()
        && notice.get().multipliedBy(2).compareTo(target.requestTimeout()) >= 0) {
      throw new UserInputException("--running-notice (" + Durations.describe(notice.get())
          + ") must be less than half of --request-timeout (" + Durations.describe(target.requestTimeout())
          + "), so that a task's RUNNING arrives before its request times out; 0 for at once");
    }
    this.tasks = new RemoteTasks(local);
  }

  @Override
  public TaskResolver tasks() {
    return tasks;
  }

  @Override
  public void configure(EngineBuilder engine) {
    engine.taskExecutor(deferred);
  }

  @Override
  public void prepare(LoadedFlow flow) throws InterruptedException {
    connect();
    checkServed();
    checkGatherServed(flow);
  }

  @Override
  public void connect() throws InterruptedException {
    if (executor != null) {
      return;
    }
    transport = Brokers.connect(
        target.url(), "taskflow-run", AmqpTransport.DEFAULT_PREFETCH, target.durable());
    RemoteTaskExecutor.Builder builder =
        RemoteTaskExecutor.builder(transport)
            .exchange(target.exchange())
            .topics(target.topics())
            .requestTimeout(target.requestTimeout())
            .notifyPeriod(target.notifyPeriod())
            .workerExpiry(target.workerExpiry())
            .inFlight(target.inFlight());
    target.executionTimeout().ifPresent(builder::executionTimeout);
    target.runningNotice().ifPresent(builder::runningNoticeDelay);
    executor = builder.build();
    executor.start();
    awaitEveryTopic();
    deferred.set(executor);
  }

  private void awaitEveryTopic() throws InterruptedException {
    long deadline = System.nanoTime() + target.waitForWorkers().toNanos();
    while (true) {
      List<String> missing = missingTopics();
      if (missing.isEmpty()) {
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new UserInputException(noWorkers(missing));
      }
      try {
        // Returns as soon as one more worker is known, so each answer is looked at.
        executor.waitForWorkers(executor.workers().size() + 1, Duration.ofNanos(left));
      } catch (WorkersUnavailableException e) {
        LOG.debug("waiting for workers: {}", e.getMessage());
      }
    }
  }

  private List<String> missingTopics() {
    Set<String> answered = new LinkedHashSet<>();
    for (KnownWorker worker : executor.workers()) {
      answered.add(worker.topic());
    }
    List<String> missing = new ArrayList<>();
    for (String topic : new LinkedHashSet<>(target.topics())) {
      if (!answered.contains(topic)) {
        missing.add(topic);
      }
    }
    return missing;
  }

  private String noWorkers(List<String> missing) {
    String topics = missing.size() == 1 ? "topic '" + missing.get(0) + "'" : "topics " + missing;
    return "no worker answered on "
        + topics
        + " within "
        + Durations.describe(target.waitForWorkers())
        + " (exchange '"
        + target.exchange()
        + "' at "
        + url.redacted()
        + "), so nothing ran; start one, for example: taskflow worker --url "
        + url.redacted()
        + " --exchange "
        + target.exchange()
        + " --topic "
        + missing.get(0)
        + " --tasks io.taskflow4j.examples; or check --exchange and --topic, or wait longer with"
        + " --wait";
  }

  private void checkServed() {
    Set<String> served = new LinkedHashSet<>();
    List<String> topics = new ArrayList<>();
    for (KnownWorker worker : executor.workers()) {
      served.addAll(worker.tasks());
      topics.add(worker.topic());
    }
    for (RemoteTasks.Declared task : tasks.declared()) {
      if (!served.contains(task.remoteName())) {
        throw new FlowFileException(
            task.location(),
            "no worker serves '"
                + task.remoteName()
                + "'"
                + suggestion(task.remoteName(), served)
                + " (task '"
                + task.taskName()
                + "'); the workers on "
                + new LinkedHashSet<>(topics)
                + " serve: "
                + (served.isEmpty() ? "nothing" : String.join(", ", served)));
      }
    }
  }

  /** A fan-out's gather task is made by the fan-out, not declared: it is checked here. */
  private void checkGatherServed(LoadedFlow loaded) {
    Set<String> served = new LinkedHashSet<>();
    executor.workers().forEach(worker -> served.addAll(worker.tasks()));
    if (served.contains(FanOut.GATHER_REMOTE_NAME)) {
      return;
    }
    List<Flow> todo = new ArrayList<>(List.of(loaded.flow()));
    while (!todo.isEmpty()) {
      for (FlowElement element : todo.remove(todo.size() - 1).elements()) {
        if (element instanceof Flow nested) {
          todo.add(nested);
        } else if (((Task) element).remoteName().equals(FanOut.GATHER_REMOTE_NAME)) {
          String reason = "no worker serves '" + FanOut.GATHER_REMOTE_NAME + "' (task '" + element.name()
              + "', which gathers a fan-out's results); 'taskflow worker' serves it, a worker of"
              + " your own needs serve(FanOut.GATHER_REMOTE_NAME, FanOut.gatherTasks())";
          throw loaded.locationOf(element.name())
              .map(at -> new FlowFileException(at, reason))
              .orElseGet(() -> new FlowFileException(loaded.file(), reason, null));
        }
      }
    }
  }

  /** A near miss among the served names, by full name or by the part after the last dot. */
  private static String suggestion(String name, Set<String> served) {
    String byFullName = Suggestions.didYouMean(name, served);
    if (!byFullName.isEmpty()) {
      return byFullName;
    }
    Map<String, String> bySimpleName = new LinkedHashMap<>();
    for (String each : served) {
      bySimpleName.putIfAbsent(each.substring(each.lastIndexOf('.') + 1), each);
    }
    String simple = name.substring(name.lastIndexOf('.') + 1);
    return Suggestions.closest(simple, bySimpleName.keySet())
        .map(match -> " (did you mean '" + bySimpleName.get(match) + "'?)")
        .orElse("");
  }

  @Override
  public String description() {
    return "on workers at "
        + url.redacted()
        + " (exchange '"
        + target.exchange()
        + "', topics "
        + target.topics()
        + ")";
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.close();
    }
    if (transport != null) {
      transport.close();
    }
  }
}
