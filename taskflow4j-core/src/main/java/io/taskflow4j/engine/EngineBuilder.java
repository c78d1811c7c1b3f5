package io.taskflow4j.engine;

import io.taskflow4j.engine.internal.DefaultEngine;
import io.taskflow4j.engine.internal.FailureHandling;
import io.taskflow4j.engine.internal.Recording;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.spi.DelayScheduler;
import io.taskflow4j.spi.TaskExecutor;
import io.taskflow4j.value.ValueConverter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** Configures an {@link Engine}. Not thread-safe; {@link #build()} validates. */
public final class EngineBuilder {

  private final Flow flow;
  private final Map<String, Object> inputs = new LinkedHashMap<>();
  private final List<FlowListener> listeners = new ArrayList<>();
  private ExecutorService executor;
  private boolean serial;
  private TaskExecutor taskExecutor;
  private Clock clock = Clock.systemUTC();
  private DelayScheduler scheduler = DelayScheduler.system();
  private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
  private boolean threadsSet;
  private FlowStore store;
  private ValueConverter converter = ValueConverter.jackson();
  private String resumeId;
  private String newFlowId;
  private final Map<String, Object> flowMeta = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> atomInjections = new LinkedHashMap<>();
  private Optional<Boolean> deferReverts = Optional.empty();
  private boolean neverResolve;

  EngineBuilder(Flow flow) {
    this.flow = Objects.requireNonNull(flow, "flow");
  }

  /**
   * Supplies an input, which satisfies requirements that no atom provides.
   *
   * @param name the symbol
   * @param value its value (JSON-like if tasks run remotely); may be null
   * @return this builder
   */
  public EngineBuilder input(String name, Object value) {
    Objects.requireNonNull(name, "input name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("input name must not be blank");
    }
    inputs.put(name, value);
    return this;
  }

  /**
   * Supplies several inputs.
   *
   * @param values symbol to value
   * @return this builder
   */
  public EngineBuilder inputs(Map<String, ?> values) {
    Objects.requireNonNull(values, "inputs").forEach(this::input);
    return this;
  }

  /**
   * Gives one task's argument a value, for this run only (the reference's {@code
   * inject_atom_args}): it wins over the task's own injected values, what atoms provide and the
   * inputs. Recorded with the atom, so a resumed run keeps it. Compiling fails, naming it, when the
   * flow has no task of that name.
   *
   * @param taskName the task's name in the flow
   * @param argument the argument name (or the name an argument is rebound to)
   * @param value its value (JSON-like if the task runs remotely); may be null
   * @return this builder
   */
  public EngineBuilder inject(String taskName, String argument, Object value) {
    atomInjections.computeIfAbsent(requireText(taskName, "task name"), name -> new LinkedHashMap<>())
        .put(requireText(argument, "argument name"), value);
    return this;
  }

  /**
   * Adds a listener.
   *
   * @param listener told of every transition and event
   * @return this builder
   */
  public EngineBuilder listener(FlowListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Runs local tasks on the given executor. The engine never shuts it down.
   *
   * @param executorService the executor, for example a virtual-thread executor on Java 21+
   * @return this builder
   */
  public EngineBuilder executor(ExecutorService executorService) {
    this.executor = Objects.requireNonNull(executorService, "executor");
    return this;
  }

  /**
   * Runs every local task one at a time, on the thread that calls {@code run}.
   *
   * @return this builder
   */
  public EngineBuilder serial() {
    this.serial = true;
    return this;
  }

  /**
   * Sets the number of threads of the pool the engine creates when no executor is given (default:
   * the number of processors, at least 2).
   *
   * @param count at least 1
   * @return this builder
   */
  public EngineBuilder threads(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + count);
    }
    this.threads = count;
    this.threadsSet = true;
    return this;
  }

  /**
   * Runs tasks through another executor, such as the remote executor that sends them to workers.
   * It replaces local execution, so it cannot be combined with {@link #serial()}, {@link
   * #executor} or {@link #threads}.
   *
   * @param tasks the task executor; the engine does not close it
   * @return this builder
   */
  public EngineBuilder taskExecutor(TaskExecutor tasks) {
    this.taskExecutor = Objects.requireNonNull(tasks, "taskExecutor");
    return this;
  }

  /**
   * Sets the clock for timestamps of notifications (default: system UTC).
   *
   * @param value the clock
   * @return this builder
   */
  public EngineBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * Sets the scheduler for backoff delays between retries.
   *
   * @param value the scheduler
   * @return this builder
   */
  public EngineBuilder scheduler(DelayScheduler value) {
    this.scheduler = Objects.requireNonNull(value, "scheduler");
    return this;
  }

  /**
   * Sets how task results and inputs become JSON values and how arguments are read back as types
   * (default: {@link ValueConverter#jackson()}). Results are converted when a task returns, so a
   * task sees the same values in-process, on a worker and after a resume.
   *
   * @param value the converter
   * @return this builder
   */
  public EngineBuilder valueConverter(ValueConverter value) {
    this.converter = Objects.requireNonNull(value, "valueConverter");
    return this;
  }

  /**
   * Records the run in a store, so that another process can resume it after a crash: every atom
   * transition is written before the engine acts on it. The engine does not close the store.
   *
   * @param value the store
   * @return this builder
   */
  public EngineBuilder store(FlowStore value) {
    this.store = Objects.requireNonNull(value, "store");
    return this;
  }

  /**
   * Continues a recorded run instead of starting a new one: atoms recorded SUCCESS are not run
   * again and their results come from the store; atoms left RUNNING run again; a run that was
   * failing goes on reverting. Inputs given to this builder are added to the recorded ones. The
   * record is read by {@link #build()}.
   *
   * @param value the store holding the run
   * @param flowId the id of its flow detail
   * @return this builder
   */
  public EngineBuilder resume(FlowStore value, String flowId) {
    this.store = Objects.requireNonNull(value, "store");
    this.resumeId = requireText(flowId, "flowId");
    return this;
  }

  /**
   * Sets the id of the flow detail of a new recorded run (default: a random UUID), for callers
   * that must know it before the run starts, such as a job board.
   *
   * @param flowId the id
   * @return this builder
   */
  public EngineBuilder flowId(String flowId) {
    this.newFlowId = requireText(flowId, "flowId");
    return this;
  }

  /**
   * Adds an entry to the recorded flow detail's meta data, such as what rebuilds the flow.
   *
   * @param key the key
   * @param value a JSON-like value
   * @return this builder
   */
  public EngineBuilder flowMeta(String key, Object value) {
    flowMeta.put(requireText(key, "meta key"), value);
    return this;
  }

  /**
   * Says what a retry controller that gives up ({@code REVERT}) leads to. True (the default): it
   * hands the decision to the retry controllers around it and, when none retries, the whole flow is
   * reverted, so that a failed run leaves nothing half-done (the reference's {@code
   * defer_reverts=True}). False, the reference's default: the controllers around it are asked too,
   * but when none retries or reverts everything, only the giving-up controller's flow is reverted
   * and the run ends REVERTED with what ran outside that flow left done. A recorded run keeps the
   * choice: resuming it without calling this method goes on as it was started.
   *
   * @param value true to defer to the enclosing flows
   * @return this builder
   */
  public EngineBuilder deferReverts(boolean value) {
    this.deferReverts = Optional.of(value);
    return this;
  }

  /**
   * Leaves failures unresolved, for an operator to act on (the reference's {@code never_resolve}):
   * when an atom fails, the atoms still running finish, nothing else starts, nothing is reverted or
   * retried, and the flow ends FAILURE ({@link FlowFailedException} with no revert failures).
   * Running the engine again, or resuming its record with an engine without this option, then
   * resolves the failure as usual (retries or reverts); {@link Engine#revert()} reverts it all.
   *
   * @return this builder
   */
  public EngineBuilder neverResolve() {
    this.neverResolve = true;
    return this;
  }

  private static String requireText(String value, String what) {
    Objects.requireNonNull(value, what + " must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /**
   * Tells whether a way of running tasks was chosen: {@link #serial()}, {@link #executor}, {@link
   * #threads} or {@link #taskExecutor}. Code that hands engines a default, such as a conductor's
   * shared pool, sets it only when the caller chose none, instead of conflicting with the choice.
   *
   * @return true when one of them was called
   */
  public boolean choosesHowTasksRun() {
    return serial || executor != null || threadsSet || taskExecutor != null;
  }

  /**
   * Builds the engine. The flow is compiled at the first run or by {@link Engine#compile()}.
   *
   * @return the engine
   * @throws IllegalStateException when settings conflict (the message names both): two ways of
   *     running tasks ({@code serial()}, {@code executor(...)}, {@code threads(...)}, {@code
   *     taskExecutor(...)}), options that need a store given without one, or a new flow id for a
   *     resume
   * @throws io.taskflow4j.persistence.StoreException when the run to resume cannot be read
   * @throws ResumeException when the recorded run has finished
   */
  public Engine build() {
    List<String> ways = new ArrayList<>();
    if (taskExecutor != null) {
      ways.add("taskExecutor(...)");
    }
    if (serial) {
      ways.add("serial()");
    }
    if (executor != null) {
      ways.add("executor(...)");
    }
    if (threadsSet) {
      ways.add("threads(" + threads + ")");
    }
    if (ways.size() > 1) {
      throw new IllegalStateException(
          String.join(" and ", ways)
              + " each choose how tasks run; keep one (threads(...) sizes the pool the engine creates"
              + " when neither serial() nor executor(...) is given)");
    }
    if (store == null && (newFlowId != null || !flowMeta.isEmpty())) {
      throw new IllegalStateException("flowId(...) and flowMeta(...) record a run: give a store(...) too");
    }
    if (resumeId != null && newFlowId != null) {
      throw new IllegalStateException("resume(...) continues a recorded flow id; flowId(...) is for new runs");
    }
    Recording recording =
        store == null
            ? Recording.none()
            : resumeId == null
                ? Recording.newRun(store, newFlowId == null ? java.util.UUID.randomUUID().toString() : newFlowId, flowMeta)
                : Recording.resume(store, resumeId, flowMeta);
    Engine engine = new DefaultEngine(
        flow,
        inputs,
        List.copyOf(listeners),
        Optional.ofNullable(executor),
        serial,
        threads,
        Optional.ofNullable(taskExecutor),
        clock,
        scheduler,
        recording,
        converter,
        new FailureHandling(deferReverts, neverResolve),
        atomInjections);
    // A resume checks the recorded run against the flow now, not at the first run.
    return resumeId == null ? engine : engine.compile();
  }
}
