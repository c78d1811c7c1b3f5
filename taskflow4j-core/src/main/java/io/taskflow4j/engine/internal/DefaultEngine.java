package io.taskflow4j.engine.internal;

import io.taskflow4j.internal.Futures;
import io.taskflow4j.internal.Messages;
import io.taskflow4j.internal.Threads;
import io.taskflow4j.TaskflowException;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.engine.RunStatistics;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.flow.DeciderDepth;
import io.taskflow4j.flow.DeciderHistory;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.FlowStateChange;
import io.taskflow4j.listener.TaskEvent;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.Intention;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.retry.Backoff;
import io.taskflow4j.retry.RetryDecision;
import io.taskflow4j.retry.RetryHistory;
import io.taskflow4j.spi.DelayScheduler;
import io.taskflow4j.spi.LocalTaskRunner;
import io.taskflow4j.spi.TaskEventSink;
import io.taskflow4j.spi.TaskExecutor;
import io.taskflow4j.spi.TaskInvocation;
import io.taskflow4j.spi.TaskWithdrawnException;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.state.InvalidStateTransitionException;
import io.taskflow4j.task.Arguments;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.value.ValueConversionException;
import io.taskflow4j.value.ValueConverter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine. Its run state lives in arrays indexed by node id and is only touched inside a
 * {@link SerialLoop}, so each step costs O(1) per edge and the whole run is linear in the size of
 * the flow. Tasks run on the configured {@link TaskExecutor}; their completions come back as loop
 * steps. Thread-safe.
 *
 * <p>With a store, every transition is recorded before the engine acts on it: the calls that have
 * effects outside the engine (a task's execute or revert, the end of the run) wait in {@link
 * #deferred} until the transitions before them are committed. Transitions made while a commit is
 * under way, or in one loop pass, are committed together by one {@link #flush()} step.
 */
public final class DefaultEngine implements Engine {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultEngine.class);
  private static final AtomicInteger POOLS = new AtomicInteger();
  /**
   * The key of taskflow4j's own entry in an atom detail's meta data: {@code attempts} (executes
   * started, this run and the ones it resumes), {@code started_at} and {@code ended_at} (ISO-8601
   * instants of the last execute), {@code revert_started_at} and {@code revert_ended_at} (of its
   * revert since). In the flow detail's meta data it holds {@code graph}: each atom's name with the
   * names of the atoms it runs after, for tools that draw a recorded flow.
   */
  public static final String META_KEY = "taskflow4j";
  /** The most atoms a flow may have for its graph to be recorded. */
  public static final int GRAPH_LIMIT = 500;

  private final Flow flow;
  /** Whether a retry that gives up leaves the decision to the flows around it; see FailureHandling. */
  private final boolean deferReverts;
  /** Whether a failure is left unresolved; see FailureHandling. */
  private final boolean neverResolve;
  /** Our flow meta entry recording that a run does not defer reverts. */
  private static final String DEFER_REVERTS_META_KEY = "defer_reverts";
  /** Values injected for single tasks: task name to argument to JSON value. */
  private final Map<String, Map<String, Object>> atomInjections;
  /** The atom meta key under which the reference, and taskflow4j, record values injected for it. */
  static final String INJECTED_META_KEY = "injected";
  private Duration compileTime = Duration.ZERO;
  /** Statistics, kept on the loop. */
  private int executeCount;
  private int revertCount;
  private int retryCount;
  private Duration runTime = Duration.ZERO;
  private Instant runningSince;
  /** The flow ended FAILURE with its failure left unresolved: running or reverting again resolves it. */
  private boolean unresolved;
  private final Map<String, Object> inputs;
  private final List<FlowListener> listeners;
  private final ExecutorService ownedPool;
  private final TaskExecutor tasks;
  private final Clock clock;
  private final DelayScheduler scheduler;
  private final SerialLoop loop = new SerialLoop(this::stepFailed);

  // Run state: read and written only inside the loop (except the volatile flow state).
  private CompiledFlow compiled;
  private Node[] nodes;
  private AtomState[] states;
  private int[] waitingFor;
  private Arguments[] arguments;
  private Outcome[] outcomes;
  private Object[][] values;
  private List<List<Map<String, Failure>>> scopeAttempts;
  private List<List<Object>> scopeValues;
  private final Map<String, Failure> failures = new LinkedHashMap<>();
  private final Map<String, Failure> revertFailures = new LinkedHashMap<>();
  private final List<Integer> parked = new ArrayList<>();
  private int running;
  private boolean failing;
  /** The execute submitted for each running atom, to withdraw on failure; null with retries. */
  private TaskInvocation[] executing;
  private boolean withdrawing;
  private boolean reverting;
  private boolean suspendRequested;
  /** The range revert under way, or null; kept while a suspend holds it. */
  private RangeRevert activeRevert;
  /** Reverts a suspend held back, to visit when the run goes on. */
  private final List<Integer> parkedReverts = new ArrayList<>();
  /** Reverts handed to the task executor and not yet back. */
  private int revertsInFlight;
  /** Failures of reverted atoms a resumed record holds and the flow no longer has. */
  private final Map<String, Failure> goneFailures = new LinkedHashMap<>();
  private volatile FlowState flowState = FlowState.PENDING;
  private CompletableFuture<FlowState> completion;
  private boolean revertRequested;
  private Map<String, Integer> atomIds;

  // Recording: read and written only inside the loop; store is null when the run is not recorded.
  private final Recording recording;
  /** The run's id as every invocation carries it, made once. */
  private final Optional<String> runId;
  private final ValueConverter converter;
  private final FlowStore store;
  private String[] atomUuids;
  private Instant[] atomCreated;
  private double[] progress;
  private int[] attempts;
  /** ISO-8601 instants as recorded: kept as text, since a resume only writes them back. */
  private String[] startedAt;
  private String[] endedAt;
  private String[] revertStartedAt;
  private String[] revertEndedAt;
  private Outcome[] revertOutcomes;
  private boolean[] interrupted;
  /** Atoms a resumed run found REVERTING: their revert goes on without saying REVERTING again. */
  private boolean[] revertInterrupted;
  private boolean[] dirty;
  private int[] dirtyIds;
  private int dirtyCount;
  private boolean flowDirty;
  private boolean firstFlush = true;
  private boolean flushQueued;
  private final List<Runnable> deferred = new ArrayList<>();
  private StoreException storeFailure;
  private LogBook logBook;
  private FlowDetail flowDetail;
  private String injectorUuid;
  private Instant injectorCreated;
  private boolean resumeReverting;
  /**
   * What a resumed run does first, once the flow is RUNNING: retry controllers recorded as having
   * decided to retry move to RETRYING, then atoms recorded REVERTED go back to PENDING, each said
   * to listeners as the reference's engine does.
   */
  private final List<Integer> retryOnStart = new ArrayList<>();
  private final List<Integer> resetOnStart = new ArrayList<>();

  /**
   * Creates the engine; use {@link Engine#builder(Flow)}.
   *
   * @param flow the flow
   * @param inputs the inputs
   * @param listeners the listeners
   * @param executor the caller's executor for local tasks
   * @param serial run local tasks on the calling thread
   * @param threads the size of the pool the engine creates when no executor is given
   * @param taskExecutor a task executor replacing local execution
   * @param clock the clock for notifications
   * @param scheduler the scheduler for backoff delays
   * @param recording how the run is recorded
   * @param converter turns results and inputs into JSON values
   * @param failureHandling what a failure leads to
   * @param atomInjections values injected for single tasks: task name to argument to value
   */
  public DefaultEngine(
      Flow flow,
      Map<String, Object> inputs,
      List<FlowListener> listeners,
      Optional<ExecutorService> executor,
      boolean serial,
      int threads,
      Optional<TaskExecutor> taskExecutor,
      Clock clock,
      DelayScheduler scheduler,
      Recording recording,
      ValueConverter converter,
      FailureHandling failureHandling,
      Map<String, Map<String, Object>> atomInjections) {
    this.flow = flow;
    // Not chosen: as the run was recorded (its flow meta says so only when it did not defer).
    boolean recordedDefer = !(recording.recorded().map(FlowDetail::meta).orElse(Map.of()).get(META_KEY) instanceof Map<?, ?> ours
        && Boolean.FALSE.equals(ours.get(DEFER_REVERTS_META_KEY)));
    this.deferReverts = failureHandling.deferReverts().orElse(recordedDefer);
    this.neverResolve = failureHandling.neverResolve();
    // Recorded injections first (the reference keeps them in the atom's meta), then this builder's.
    Map<String, Map<String, Object>> injections = new LinkedHashMap<>();
    for (AtomDetail atom : recording.atoms()) {
      if (!atom.isInjector() && atom.meta().get(INJECTED_META_KEY) instanceof Map<?, ?> recorded) {
        Map<String, Object> values = new LinkedHashMap<>();
        recorded.forEach((key, value) -> values.put(String.valueOf(key), value));
        injections.put(atom.name(), values);
      }
    }
    atomInjections.forEach((atom, values) -> {
      Map<String, Object> into = injections.computeIfAbsent(atom, name -> new LinkedHashMap<>());
      values.forEach((argument, value) -> into.put(argument, inputToJson(converter, atom + "." + argument, value)));
    });
    injections.replaceAll((atom, values) -> Collections.unmodifiableMap(values));
    this.atomInjections = Collections.unmodifiableMap(injections);
    this.recording = recording;
    this.runId = Optional.of(recording.flowId());
    this.converter = converter;
    this.store = recording.store().orElse(null);
    Map<String, Object> allInputs = new LinkedHashMap<>();
    for (AtomDetail atom : recording.atoms()) {
      if (atom.isInjector() && atom.results().orElse(null) instanceof Map<?, ?> recorded) {
        recorded.forEach((key, value) -> allInputs.put(String.valueOf(key), value));
      }
    }
    inputs.forEach((name, value) -> allInputs.put(name, inputToJson(converter, name, value)));
    this.inputs = Collections.unmodifiableMap(allInputs);
    this.listeners = listeners;
    this.clock = clock;
    this.scheduler = scheduler;
    if (taskExecutor.isPresent()) {
      this.ownedPool = null;
      this.tasks = taskExecutor.get();
    } else if (serial) {
      this.ownedPool = null;
      this.tasks = invocation -> CompletableFuture.completedFuture(LocalTaskRunner.run(invocation));
    } else {
      this.ownedPool = executor.isPresent() ? null : newPool(threads);
      ExecutorService pool = executor.orElse(ownedPool);
      this.tasks = invocation -> CompletableFuture.supplyAsync(() -> LocalTaskRunner.run(invocation), pool);
    }
  }

  private static Object inputToJson(ValueConverter converter, String name, Object value) {
    try {
      return converter.toJson(value);
    } catch (ValueConversionException e) {
      throw new ValueConversionException("input '" + name + "' cannot be converted to JSON: " + e.getMessage(), e);
    }
  }

  private static ExecutorService newPool(int threads) {
    int pool = POOLS.incrementAndGet();
    return Executors.newFixedThreadPool(threads, Threads.daemon("taskflow4j-engine-" + pool));
  }

  // ---- public API

  @Override
  public synchronized Engine compile() {
    if (compiled == null) {
      Instant compileStart = clock.instant();
      CompiledFlow result = FlowCompiler.compile(flow, inputs, atomInjections);
      compileTime = Duration.between(compileStart, clock.instant());
      int size = result.nodes.length;
      nodes = result.nodes;
      states = new AtomState[size];
      Arrays.fill(states, AtomState.PENDING);
      waitingFor = new int[size];
      for (Node node : nodes) {
        waitingFor[node.id] = node.predecessors.length;
      }
      arguments = new Arguments[size];
      outcomes = new Outcome[size];
      values = new Object[size][];
      scopeAttempts = new ArrayList<>();
      scopeValues = new ArrayList<>();
      for (int i = 0; i < result.scopes.length; i++) {
        scopeAttempts.add(new ArrayList<>());
        scopeValues.add(new ArrayList<>());
      }
      atomIds = new HashMap<>(size * 2);
      for (Node node : nodes) {
        if (node.isAtom()) {
          atomIds.put(node.name, node.id);
        }
      }
      revertOutcomes = new Outcome[size];
      interrupted = new boolean[size];
      revertInterrupted = new boolean[size];
      // A retry may run a failed scope again while the rest of the flow goes on, so only a flow
      // without retries can withdraw what it submitted once it fails.
      boolean retries = false;
      for (Node node : nodes) {
        retries |= node.kind == Node.Kind.RETRY;
      }
      executing = retries ? null : new TaskInvocation[size];
      compiled = result;
      if (store != null) {
        prepareRecording();
      }
    }
    return this;
  }

  @Override
  public FlowState run() {
    try {
      return runAsync().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  @Override
  public CompletableFuture<FlowState> runAsync() {
    return begin(false);
  }

  @Override
  public FlowState revert() {
    try {
      return revertAsync().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  @Override
  public CompletableFuture<FlowState> revertAsync() {
    return begin(true);
  }

  @Override
  public String flowId() {
    return recording.flowId();
  }

  private CompletableFuture<FlowState> begin(boolean revertAll) {
    compile();
    CompletableFuture<FlowState> future = new CompletableFuture<>();
    synchronized (this) {
      if (completion != null && !completion.isDone()) {
        throw new IllegalStateException("flow '" + flow.name() + "' is already running");
      }
      if (storeFailure != null) {
        throw new IllegalStateException(
            "flow '" + flow.name() + "' stopped because its store failed; resume it from the store with a new engine");
      }
      if (flowState == FlowState.SUCCESS && !revertAll) {
        // Ran to the end already: nothing is left to run, as a reference engine run again finds.
        return CompletableFuture.completedFuture(FlowState.SUCCESS);
      }
      boolean resolvable = flowState == FlowState.FAILURE && unresolved;
      if (flowState != FlowState.PENDING && flowState != FlowState.SUSPENDED && !resolvable) {
        throw new IllegalStateException(
            "flow '" + flow.name() + "' has finished in state " + flowState + "; reset() it to run it again, or build a new engine");
      }
      completion = future;
    }
    loop.execute(revertAll ? this::startRevert : this::start);
    return future;
  }

  @Override
  public void reset() {
    compile();
    synchronized (this) {
      if (completion != null && !completion.isDone()) {
        throw new IllegalStateException("flow '" + flow.name() + "' is running; it can be reset once it has stopped");
      }
    }
    loop.query(() -> {
      resetAll();
      return null;
    });
  }

  /** Back to how a new engine starts; on the loop, while nothing runs. */
  private void resetAll() {
    for (Node node : nodes) {
      int id = node.id;
      waitingFor[id] = node.predecessors.length;
      arguments[id] = null;
      outcomes[id] = null;
      values[id] = null;
      revertOutcomes[id] = null;
      interrupted[id] = false;
      revertInterrupted[id] = false;
      if (executing != null) {
        executing[id] = null;
      }
      if (attempts != null) {
        progress[id] = 0.0;
        attempts[id] = 0;
        startedAt[id] = null;
        endedAt[id] = null;
        revertStartedAt[id] = null;
        revertEndedAt[id] = null;
      }
      if (node.isAtom() && states[id] != AtomState.PENDING) {
        // Not a move of the reference's machine (REVERT_FAILURE has none back): reset is a fresh start.
        states[id] = AtomState.PENDING;
        markDirty(id);
      }
    }
    scopeAttempts.forEach(List::clear);
    scopeValues.forEach(List::clear);
    failures.clear();
    revertFailures.clear();
    goneFailures.clear();
    parked.clear();
    parkedReverts.clear();
    retryOnStart.clear();
    resetOnStart.clear();
    activeRevert = null;
    running = 0;
    revertsInFlight = 0;
    failing = false;
    withdrawing = false;
    reverting = false;
    suspendRequested = false;
    revertRequested = false;
    resumeReverting = false;
    unresolved = false;
    executeCount = 0;
    revertCount = 0;
    retryCount = 0;
    runTime = Duration.ZERO;
    runningSince = null;
    if (flowState != FlowState.PENDING) {
      FlowState from = flowState;
      flowState = FlowState.PENDING;
      flowDirty = true;
      queueFlush();
      announceFlow(from, FlowState.PENDING);
    }
  }

  @Override
  public RunStatistics statistics() {
    compile();
    return loop.query(() -> {
      Map<AtomState, Integer> counts = new EnumMap<>(AtomState.class);
      for (Node node : nodes) {
        if (node.isAtom()) {
          counts.merge(states[node.id], 1, Integer::sum);
        }
      }
      Duration running = runningSince == null ? runTime : runTime.plus(Duration.between(runningSince, clock.instant()));
      return new RunStatistics(counts, executeCount, revertCount, retryCount, compileTime, running);
    });
  }

  @Override
  public void suspend() {
    if (loop.inLoop()) {
      // A listener asks, on the loop: it takes effect at once, so that no atom starts after the
      // change the listener heard, as with the reference; the flow settles after this step.
      if (askSuspend()) {
        loop.execute(this::settleIfIdle);
      }
      return;
    }
    loop.execute(
        () -> {
          if (askSuspend()) {
            settleIfIdle();
          }
        });
  }

  /** On the loop: parks what becomes ready from now on; false when the flow cannot suspend now. */
  private boolean askSuspend() {
    // A flow that reverts can stop between reverts too; not while it waits to retry, or before it
    // has decided what a failure means.
    boolean revertUnderWay = reverting && activeRevert != null;
    if (flowState != FlowState.RUNNING || (!revertUnderWay && (failing || reverting))) {
      LOG.debug("suspend ignored: flow '{}' is {}", flow.name(), flowState);
      return false;
    }
    suspendRequested = true;
    moveFlow(FlowState.SUSPENDING);
    return true;
  }

  @Override
  public FlowState state() {
    return flowState;
  }

  @Override
  public AtomState atomState(String atomName) {
    compile();
    return loop.query(() -> states[atomIndex(atomName)]);
  }

  @Override
  public Optional<Object> result(String name) {
    compile();
    return loop.query(() -> lookup(name));
  }

  @Override
  public Map<String, Object> results() {
    compile();
    return loop.query(
        () -> {
          Map<String, Object> all = new LinkedHashMap<>();
          for (Map.Entry<String, List<Integer>> entry : compiled.exports.entrySet()) {
            if (entry.getValue().size() == 1) {
              valueOf(entry.getValue().get(0), entry.getKey()).ifPresent(v -> all.put(entry.getKey(), v));
            }
          }
          // What retry controllers provide to their flows is a result too, as in the reference's
          // storage, unless a task provides the same name.
          for (RetryScope scope : compiled.scopes) {
            int retry = scope.retryNode();
            for (String symbol : nodes[retry].provides) {
              if (!all.containsKey(symbol)) {
                valueOf(retry, symbol).ifPresent(v -> all.put(symbol, v));
              }
            }
          }
          return all;
        });
  }

  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.shutdown();
    }
  }

  private void stepFailed(Throwable error) {
    CompletableFuture<FlowState> current = completion;
    if (current != null) {
      current.completeExceptionally(
          new TaskflowException("engine of flow '" + flow.name() + "' stopped on an internal error", error));
    }
  }

  // ---- lookups (loop only)

  private int atomIndex(String atomName) {
    Integer id = atomIds.get(atomName);
    if (id == null) {
      throw new IllegalArgumentException("flow '" + flow.name() + "' has no atom named '" + atomName + "'");
    }
    return id;
  }

  private Optional<Object> lookup(String symbol) {
    List<Integer> providers = compiled.exports.get(symbol);
    if (providers == null) {
      Optional<Object> retried = retryValue(symbol);
      return retried.isPresent() ? retried : Optional.ofNullable(inputs.get(symbol));
    }
    if (providers.size() > 1) {
      List<String> names = new ArrayList<>();
      providers.forEach(p -> names.add(nodes[p].name));
      throw new TaskflowException("'" + symbol + "' is provided by several atoms: " + names);
    }
    return valueOf(providers.get(0), symbol);
  }

  /** The value the outermost retry controller providing {@code symbol} gave, if any. */
  private Optional<Object> retryValue(String symbol) {
    for (RetryScope scope : compiled.scopes) {
      int retry = scope.retryNode();
      for (String provided : nodes[retry].provides) {
        if (provided.equals(symbol)) {
          return valueOf(retry, symbol);
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Object> valueOf(int node, String symbol) {
    if (states[node] != AtomState.SUCCESS || values[node] == null) {
      return Optional.empty();
    }
    String[] provides = nodes[node].provides;
    for (int i = 0; i < provides.length; i++) {
      if (provides[i].equals(symbol)) {
        return Optional.ofNullable(values[node][i]);
      }
    }
    return Optional.empty();
  }

  // ---- running (loop only)

  private void start() {
    if (unresolved) {
      // Left unresolved by never-resolve: everything else stands as it was; decide now.
      unresolved = false;
      moveFlow(FlowState.RUNNING);
      settleIfIdle();
      return;
    }
    if (flowState == FlowState.SUSPENDED) {
      moveFlow(FlowState.RUNNING);
      suspendRequested = false;
      if (activeRevert != null) {
        List<Integer> again = new ArrayList<>(parkedReverts);
        parkedReverts.clear();
        RangeRevert revert = activeRevert;
        again.forEach(revert::visit);
        return;
      }
      List<Integer> resume = new ArrayList<>(parked);
      parked.clear();
      for (int node : resume) {
        ready(node);
      }
    } else {
      moveFlow(FlowState.RUNNING);
      if (resumeReverting) {
        revertRequested = true;
        revertRange(0, nodes.length - 1, -1, this::finishReverted);
        return;
      }
      for (int id : retryOnStart) {
        moveAtom(id, AtomState.RETRYING, null);
      }
      resetOnStart.sort(null);
      for (int id : resetOnStart) {
        if (states[id] == AtomState.REVERTED) {
          moveAtom(id, AtomState.PENDING, null);
        }
      }
      retryOnStart.clear();
      resetOnStart.clear();
      ready(0);
    }
    settleIfIdle();
  }

  /** Reverts everything that ran, for {@link #revert()}. */
  private void startRevert() {
    unresolved = false;
    revertRequested = true;
    suspendRequested = false;
    parked.clear();
    // A revert that a suspend held is started over: atoms it reverted are skipped.
    parkedReverts.clear();
    activeRevert = null;
    moveFlow(FlowState.RUNNING);
    revertRange(0, nodes.length - 1, -1, this::finishReverted);
  }

  /** Handles nodes whose predecessors are all done: barriers pass at once, atoms start. */
  private void ready(int first) {
    int[] stack = new int[8];
    int top = 0;
    stack[top++] = first;
    while (top > 0) {
      int id = stack[--top];
      Node node = nodes[id];
      if (node.isAtom() && !passedBefore(id)) {
        if (ranAndFailed(id)) {
          continue;
        }
        if ((failing && !interrupted[id]) || suspendRequested) {
          parked.add(id);
          continue;
        }
        if (node.deciders.length == 0 || interrupted[id] || allowedToRun(id)) {
          interrupted[id] = false;
          startAtom(id);
          continue;
        }
        if (states[id] != AtomState.IGNORE) {
          // A decider threw: the atom has failed.
          continue;
        }
        // Skipped: what follows it is released as if it had run.
      }
      if (id == nodes.length - 1) {
        finishSuccess();
        return;
      }
      int[] successors = node.successors;
      for (int k = 0; k < successors.length; k++) {
        // The stack takes the last pushed first: successors ordered by priority go in reversed.
        int next = node.successorsByPriority ? successors[successors.length - 1 - k] : successors[k];
        if (--waitingFor[next] == 0) {
          if (top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
          }
          stack[top++] = next;
        }
      }
    }
  }

  /**
   * Asks the deciders on the links into an atom whether it runs. When one says no, the atom and,
   * by the widest depth of those that said no, atoms after it are skipped (IGNORE); when one
   * throws, the atom fails. Links from atoms that were skipped have no say.
   *
   * @return true when the atom is to start
   */
  private boolean allowedToRun(int id) {
    EdgeDecider[] deciders = nodes[id].deciders;
    DeciderHistory history;
    if (deciders.length == 1) {
      // The common case, without building a map to copy.
      Node from = nodes[deciders[0].from()];
      history = from.isAtom() && states[from.id] != AtomState.IGNORE
          ? DeciderHistory.of(from.name, resultOf(from.id))
          : DeciderHistory.of(Map.of());
    } else {
      Map<String, Object> results = new LinkedHashMap<>();
      for (EdgeDecider decider : deciders) {
        Node from = nodes[decider.from()];
        if (from.isAtom() && states[from.id] != AtomState.IGNORE) {
          results.put(from.name, resultOf(from.id));
        }
      }
      history = DeciderHistory.of(results);
    }
    List<DeciderDepth> nays = null;
    for (EdgeDecider decider : deciders) {
      Node from = nodes[decider.from()];
      if (from.isAtom() && states[from.id] == AtomState.IGNORE) {
        // A skipped atom's link has no say.
        continue;
      }
      boolean run;
      try {
        run = decider.decider().shouldRun(history);
      } catch (Exception e) {
        failBeforeStart(id, Failure.of(new TaskflowException(
            "the decider on the link from '" + from.name + "' to '" + nodes[id].name + "' failed: "
                + e.getClass().getSimpleName() + ": " + Messages.oneLine(String.valueOf(e.getMessage())), e)));
        return false;
      }
      if (!run) {
        if (nays == null) {
          nays = new ArrayList<>(1);
        }
        nays.add(decider.depth());
      }
    }
    if (nays == null) {
      return true;
    }
    for (int skipped : skippedBy(id, DeciderDepth.widest(nays))) {
      if (states[skipped] == AtomState.PENDING) {
        moveAtom(skipped, AtomState.IGNORE, null);
      }
    }
    return false;
  }

  private Object resultOf(int id) {
    return outcomes[id] instanceof Outcome.Succeeded done ? done.value() : null;
  }

  /** Per node, the number of the last {@link #skippedBy} walk that reached it; loop only. */
  private int[] walkMarks;
  private int walkCount;

  /** The atoms a decider that says no to an atom skips, by its depth, the atom first. */
  private List<Integer> skippedBy(int id, DeciderDepth depth) {
    List<Integer> skipped = new ArrayList<>();
    skipped.add(id);
    if (depth == DeciderDepth.ATOM) {
      return skipped;
    }
    if (depth == DeciderDepth.NEIGHBORS) {
      for (int next : nodes[id].successors) {
        if (nodes[next].kind == Node.Kind.TASK) {
          skipped.add(next);
        }
      }
      return skipped;
    }
    // ALL walks through everything after the atom; FLOW only through tasks, stopping where a
    // flow starts or ends.
    boolean all = depth == DeciderDepth.ALL;
    // Marks by walk number, so that many skips in a large flow do not each allocate a node array.
    if (walkMarks == null) {
      walkMarks = new int[nodes.length];
    }
    int walk = ++walkCount;
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    for (int next : nodes[id].successors) {
      todo.push(next);
    }
    while (!todo.isEmpty()) {
      int next = todo.pop();
      if (walkMarks[next] == walk) {
        continue;
      }
      walkMarks[next] = walk;
      Node node = nodes[next];
      if (!all && node.kind != Node.Kind.TASK) {
        continue;
      }
      if (node.isAtom()) {
        skipped.add(next);
      }
      for (int after : node.successors) {
        todo.push(after);
      }
    }
    return skipped;
  }

  /** Fails an atom before it could start (a decider threw), through RUNNING as the machine wants. */
  private void failBeforeStart(int id, Failure failure) {
    beginAttempt(id);
    arguments[id] = Arguments.empty();
    completeAtom(id, Outcome.failure(failure));
  }

  /**
   * Tells whether an atom had succeeded when a resumed run was recorded, so a walk of the flow
   * passes it without running it. In a run that was not resumed, no atom is reached in these states.
   */
  private boolean passedBefore(int id) {
    AtomState state = states[id];
    if (state == AtomState.SUCCESS || state == AtomState.IGNORE) {
      return true;
    }
    boolean reverted = state == AtomState.REVERTED || state == AtomState.REVERT_FAILURE;
    return reverted && !failures.containsKey(nodes[id].name);
  }

  private boolean ranAndFailed(int id) {
    AtomState state = states[id];
    return state != AtomState.PENDING && state != AtomState.RETRYING && failures.containsKey(nodes[id].name);
  }

  private void release(int id) {
    for (int next : nodes[id].successors) {
      if (--waitingFor[next] == 0) {
        ready(next);
      }
    }
  }

  /** Counts a start of the atom and moves it to RUNNING. */
  private void beginAttempt(int id) {
    executeCount++;
    if (attempts != null) {
      attempts[id]++;
      startedAt[id] = clock.instant().toString();
      endedAt[id] = null;
      revertStartedAt[id] = null;
      revertEndedAt[id] = null;
    }
    moveAtom(id, AtomState.RUNNING, null);
    running++;
  }

  private void startAtom(int id) {
    Node node = nodes[id];
    beginAttempt(id);
    engineProgress(node, 0.0);
    Arguments args;
    try {
      args = argumentsOf(node);
    } catch (RuntimeException e) {
      arguments[id] = Arguments.empty();
      completeAtom(id, Outcome.failure(Failure.of(e)));
      return;
    }
    arguments[id] = args;
    if (node.kind == Node.Kind.RETRY) {
      int scope = node.controlledScope;
      Outcome outcome;
      try {
        outcome = Outcome.success(node.retry.controller().nextValue(history(scope, args)).orElse(null));
      } catch (Exception e) {
        outcome = Outcome.failure(Failure.of(e));
      }
      Outcome result = outcome;
      loop.execute(() -> completeAtom(id, result));
      return;
    }
    TaskInvocation invocation =
        new TaskInvocation(node.task, args, Optional.empty(), Map.of(), eventSink(node), runId);
    if (executing != null) {
      executing[id] = invocation;
    }
    afterRecorded(() -> submit(invocation, outcome -> completeAtom(id, outcome)));
  }

  /**
   * Once the flow fails, asks the task executor to withdraw the executes it has not started (a
   * remote executor's requests still waiting for room), so that they neither run nor need a revert.
   */
  private void withdrawUnstarted() {
    if (withdrawing || executing == null) {
      return;
    }
    withdrawing = true;
    List<TaskInvocation> unfinished = new ArrayList<>();
    for (int id = 0; id < executing.length; id++) {
      if (executing[id] != null && states[id] == AtomState.RUNNING) {
        unfinished.add(executing[id]);
      }
    }
    if (unfinished.isEmpty()) {
      return;
    }
    try {
      tasks.withdraw(unfinished);
    } catch (RuntimeException e) {
      LOG.warn("the task executor failed to withdraw {} unfinished tasks; they run on", unfinished.size(), e);
    }
  }

  /**
   * Hands an invocation to the task executor and continues with its outcome as a loop step. An
   * executor that throws or completes exceptionally counts as the task failing.
   */
  private void submit(TaskInvocation invocation, java.util.function.Consumer<Outcome> then) {
    CompletableFuture<Outcome> future;
    try {
      future = tasks.submit(invocation);
    } catch (RuntimeException e) {
      Outcome failed = Outcome.failure(Failure.of(e));
      loop.execute(() -> then.accept(failed));
      return;
    }
    future.whenComplete(
        (outcome, error) -> {
          Outcome result = error == null ? outcome : Outcome.failure(Failure.of(Futures.unwrap(error)));
          loop.execute(() -> then.accept(result));
        });
  }


  private Arguments argumentsOf(Node node) {
    return argumentsOf(node, node.argumentNames, node.arguments);
  }

  private Arguments argumentsOf(Node node, String[] names, Binding[] bindings) {
    if (names.length == 0) {
      return Arguments.empty();
    }
    Map<String, Object> map = new HashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      Binding binding = bindings[i];
      Object value;
      switch (binding.kind()) {
        case CONSTANT:
          value = binding.constant();
          break;
        case INPUT:
          if (!inputs.containsKey(binding.inputName())) {
            throw new TaskflowException(
                "atom '" + node.name + "' requires '" + binding.inputName() + "', which is not an input");
          }
          value = inputs.get(binding.inputName());
          break;
        default:
          value = values[binding.providerNode()][binding.providesIndex()];
      }
      map.put(names[i], value);
    }
    return Arguments.of(map, converter);
  }

  /**
   * Tells listeners of the progress a task's execute or revert has when it starts (0.0) and when it
   * succeeds (1.0), after the state change, as the reference's engine does; tasks' own reports come
   * in between.
   */
  private void engineProgress(Node node, double value) {
    if (listeners.isEmpty() || node.kind != Node.Kind.TASK) {
      return;
    }
    TaskEvent event = new TaskEvent(node.name, TaskContext.PROGRESS_EVENT, Map.of("progress", value), clock.instant());
    for (FlowListener listener : listeners) {
      try {
        listener.onTaskEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed on {}", listener, event, e);
      }
    }
  }

  private TaskEventSink eventSink(Node node) {
    if (listeners.isEmpty() && store == null) {
      return TaskEventSink.NONE;
    }
    return (type, details) -> {
      if (store != null && TaskContext.PROGRESS_EVENT.equals(type) && details.get("progress") instanceof Number fraction) {
        double value = fraction.doubleValue();
        loop.execute(
            () -> {
              progress[node.id] = value;
              markDirty(node.id);
            });
      }
      if (listeners.isEmpty()) {
        return;
      }
      TaskEvent event = new TaskEvent(node.name, type, details, clock.instant());
      for (FlowListener listener : listeners) {
        try {
          listener.onTaskEvent(event);
        } catch (RuntimeException e) {
          LOG.warn("listener {} failed on {}", listener, event, e);
        }
      }
    };
  }

  private void completeAtom(int id, Outcome given) {
    running--;
    Node node = nodes[id];
    if (executing != null) {
      executing[id] = null;
      if (withdrawing && given instanceof Outcome.Failed withdrawn
          && withdrawn.failure().matches(TaskWithdrawnException.class)) {
        // Never started: back to PENDING, a move outside the reference's task machine, which has no
        // withdrawal; nothing was done, so nothing is reverted.
        if (attempts != null) {
          attempts[id]--;
          startedAt[id] = null;
        }
        applyMove(id, AtomState.RUNNING, AtomState.PENDING, null);
        settleIfIdle();
        return;
      }
    }
    if (endedAt != null) {
      endedAt[id] = clock.instant().toString();
    }
    Outcome outcome = given;
    if (outcome instanceof Outcome.Succeeded success) {
      try {
        Object json = toJson(node, success.value());
        if (json != success.value()) {
          outcome = Outcome.success(json);
        }
        values[id] = split(node, json);
      } catch (RuntimeException e) {
        outcome = Outcome.failure(Failure.of(e));
      }
    }
    outcomes[id] = outcome;
    if (outcome instanceof Outcome.Failed failed) {
      moveAtom(id, AtomState.FAILURE, outcome);
      failures.put(node.name, failed.failure());
      failing = true;
      withdrawUnstarted();
    } else {
      if (progress != null && node.kind == Node.Kind.TASK) {
        progress[id] = 1.0;
      }
      moveAtom(id, AtomState.SUCCESS, outcome);
      engineProgress(node, 1.0);
      if (node.kind == Node.Kind.RETRY) {
        scopeValues.get(node.controlledScope).add(((Outcome.Succeeded) outcome).value());
      }
      release(id);
    }
    settleIfIdle();
  }

  private Object toJson(Node node, Object value) {
    try {
      return converter.toJson(value);
    } catch (ValueConversionException e) {
      throw new ValueConversionException(
          "atom '" + node.name + "' returned a " + value.getClass().getName() + " that cannot be converted to JSON: " + e.getMessage(), e);
    }
  }

  private static Object[] split(Node node, Object result) {
    String[] provides = node.provides;
    if (provides.length == 0) {
      return new Object[0];
    }
    if (provides.length == 1) {
      return new Object[] {result};
    }
    Object[] split = new Object[provides.length];
    if (result instanceof Map<?, ?> map) {
      for (int i = 0; i < provides.length; i++) {
        if (!map.containsKey(provides[i])) {
          throw new TaskflowException(
              "atom '" + node.name + "' provides " + Arrays.toString(provides)
                  + " but its result map has no '" + provides[i] + "'");
        }
        split[i] = map.get(provides[i]);
      }
      return split;
    }
    if (result instanceof List<?> list && list.size() == provides.length) {
      return list.toArray();
    }
    throw new TaskflowException(
        "atom '" + node.name + "' provides " + Arrays.toString(provides)
            + ", so its result must be a map with those keys or a list of "
            + provides.length + " values, not " + result);
  }

  private void settleIfIdle() {
    if (running > 0 || reverting || flowState.isFinal() || storeFailure != null) {
      return;
    }
    if (failing && neverResolve) {
      leaveUnresolved();
      return;
    }
    if (failing) {
      List<Integer> failed = new ArrayList<>();
      for (String name : failures.keySet()) {
        failed.add(atomIds.get(name));
      }
      decide(commonScope(failed));
    } else if (suspendRequested) {
      moveFlow(FlowState.SUSPENDED);
      CompletableFuture<FlowState> done = completion;
      afterRecorded(() -> done.complete(FlowState.SUSPENDED));
    }
  }

  /** Ends the flow FAILURE, reverting nothing, for an operator to resolve by running or reverting it. */
  private void leaveUnresolved() {
    unresolved = true;
    moveFlow(FlowState.FAILURE);
    FlowFailedException failed = new FlowFailedException(flow.name(), FlowState.FAILURE, failures, revertFailures);
    CompletableFuture<FlowState> done = completion;
    afterRecorded(() -> done.completeExceptionally(failed));
  }

  private void finishSuccess() {
    moveFlow(FlowState.SUCCESS);
    CompletableFuture<FlowState> done = completion;
    afterRecorded(() -> done.complete(FlowState.SUCCESS));
  }

  // ---- failure handling (loop only)

  private int commonScope(List<Integer> failed) {
    int common = nodes[failed.get(0)].enclosingScope;
    for (int id : failed) {
      while (common >= 0 && !compiled.scopes[common].contains(id)) {
        common = compiled.scopes[common].parent();
      }
    }
    return common;
  }

  private void decide(int scope) {
    if (scope < 0) {
      revertRange(0, nodes.length - 1, -1, this::finishReverted);
      return;
    }
    RetryScope retryScope = compiled.scopes[scope];
    RetryDecision decision = ask(scope);
    switch (decision) {
      case RETRY:
        revertAndRetry(scope);
        break;
      case REVERT:
        if (deferReverts) {
          revertRange(retryScope.retryNode(), retryScope.endNode(), -1, () -> decide(retryScope.parent()));
        } else {
          revertOnlyUnlessAParentActs(scope);
        }
        break;
      default:
        revertRange(0, nodes.length - 1, -1, this::finishReverted);
    }
  }

  /** Reverts a retry controller's flow, the controller kept, then runs the flow again. */
  private void revertAndRetry(int scope) {
    RetryScope retryScope = compiled.scopes[scope];
    revertRange(retryScope.retryNode(), retryScope.endNode(), retryScope.retryNode(), () -> {
      if (revertFailures.isEmpty()) {
        retry(scope);
      } else {
        // Something could not be undone: running it again is out of the question (the
        // reference ends the flow in FAILURE there too).
        finishReverted();
      }
    });
  }

  /** Asks a retry controller what to do about the failures inside its flow, adding them to its history. */
  private RetryDecision ask(int scope) {
    RetryScope retryScope = compiled.scopes[scope];
    scopeAttempts.get(scope).add(new LinkedHashMap<>(failuresInside(retryScope)));
    RetryDecision decision;
    try {
      decision = retryScope.retry().controller().onFailure(history(scope, argumentsRan(retryScope.retryNode())));
    } catch (RuntimeException e) {
      LOG.warn("retry controller of flow '{}' failed; reverting everything", retryScope.flowName(), e);
      decision = RetryDecision.REVERT_ALL;
    }
    LOG.debug("retry '{}' decided {}", nodes[retryScope.retryNode()].name, decision);
    return decision;
  }

  /**
   * The reference's default for a retry that gives up: the retries around it are asked in turn; the
   * first that retries, or reverts everything, decides; when none does, only this retry's flow is
   * reverted and the run ends there, what ran outside it staying done.
   */
  private void revertOnlyUnlessAParentActs(int scope) {
    RetryScope retryScope = compiled.scopes[scope];
    for (int parent = retryScope.parent(); parent >= 0; parent = compiled.scopes[parent].parent()) {
      RetryDecision above = ask(parent);
      if (above == RetryDecision.RETRY) {
        revertAndRetry(parent);
        return;
      }
      if (above == RetryDecision.REVERT_ALL) {
        revertRange(0, nodes.length - 1, -1, this::finishReverted);
        return;
      }
    }
    revertRange(retryScope.retryNode(), retryScope.endNode(), -1, this::finishReverted);
  }

  private Map<String, Failure> failuresInside(RetryScope scope) {
    Map<String, Failure> inside = new LinkedHashMap<>();
    for (int id = scope.retryNode(); id <= scope.endNode(); id++) {
      Failure failure = nodes[id].isAtom() ? failures.get(nodes[id].name) : null;
      if (failure != null) {
        inside.put(nodes[id].name, failure);
      }
    }
    return inside;
  }

  private RetryHistory history(int scope, Arguments args) {
    return new RetryHistory(args == null ? Arguments.empty() : args, scopeAttempts.get(scope), scopeValues.get(scope));
  }

  /**
   * Reverts every atom in the id range that ran, each only after everything that depends on it
   * inside the range has been reverted; independent atoms revert in parallel.
   */
  private void revertRange(int low, int high, int keep, Runnable then) {
    reverting = true;
    int size = high - low + 1;
    int[] dependents = new int[size];
    int[] left = {size};
    for (int id = low; id <= high; id++) {
      for (int next : nodes[id].successors) {
        if (next >= low && next <= high) {
          dependents[id - low]++;
        }
      }
    }
    Map<String, Failure> flowFailures = Map.copyOf(failures);
    List<Integer> ready = new ArrayList<>();
    for (int id = low; id <= high; id++) {
      if (dependents[id - low] == 0) {
        ready.add(id);
      }
    }
    RangeRevert revert = new RangeRevert(low, high, keep, dependents, left, flowFailures, then);
    activeRevert = revert;
    for (int id : ready) {
      revert.visit(id);
    }
  }

  /** The state of one range revert; lives in the loop. */
  private final class RangeRevert {
    final int low;
    final int high;
    final int keep;
    final int[] dependents;
    final int[] left;
    final Map<String, Failure> flowFailures;
    final Runnable then;

    RangeRevert(int low, int high, int keep, int[] dependents, int[] left, Map<String, Failure> flowFailures, Runnable then) {
      this.low = low;
      this.high = high;
      this.keep = keep;
      this.dependents = dependents;
      this.left = left;
      this.flowFailures = flowFailures;
      this.then = then;
    }

    void visit(int id) {
      if (suspendRequested) {
        parkedReverts.add(id);
        suspendIfRevertsIdle();
        return;
      }
      Node node = nodes[id];
      AtomState state = states[id];
      boolean ran = state == AtomState.SUCCESS || state == AtomState.FAILURE;
      if (!node.isAtom() || id == keep || !ran) {
        settled(id);
        return;
      }
      if (revertInterrupted[id]) {
        // Recorded REVERTING before the crash: listeners heard that then, as in the reference.
        revertInterrupted[id] = false;
        states[id] = AtomState.REVERTING;
        markDirty(id);
      } else {
        moveAtom(id, AtomState.REVERTING, null);
      }
      engineProgress(node, 0.0);
      revertCount++;
      if (revertStartedAt != null) {
        revertStartedAt[id] = clock.instant().toString();
        revertEndedAt[id] = null;
      }
      if (node.kind == Node.Kind.RETRY) {
        if (revertEndedAt != null) {
          revertEndedAt[id] = revertStartedAt[id];
        }
        moveAtom(id, AtomState.REVERTED, null);
        settled(id);
        return;
      }
      Arguments revertArguments;
      try {
        revertArguments = node.revertArgumentNames == null
            ? argumentsRan(id)
            : argumentsOf(node, node.revertArgumentNames, node.revertArguments);
      } catch (RuntimeException e) {
        revertsInFlight++;
        reverted(id, Outcome.failure(Failure.of(e)));
        return;
      }
      TaskInvocation invocation =
          new TaskInvocation(node.task, revertArguments, Optional.of(outcomes[id]), flowFailures, eventSink(node), runId);
      revertsInFlight++;
      afterRecorded(() -> submit(invocation, outcome -> reverted(id, outcome)));
    }

    void reverted(int id, Outcome given) {
      revertsInFlight--;
      Outcome outcome = given;
      if (outcome instanceof Outcome.Succeeded success && success.value() != null) {
        try {
          outcome = Outcome.success(toJson(nodes[id], success.value()));
        } catch (RuntimeException e) {
          outcome = Outcome.failure(Failure.of(e));
        }
      }
      revertOutcomes[id] = outcome;
      if (revertEndedAt != null) {
        revertEndedAt[id] = clock.instant().toString();
      }
      if (outcome instanceof Outcome.Failed failed) {
        revertFailures.put(nodes[id].name, failed.failure());
        moveAtom(id, AtomState.REVERT_FAILURE, outcome);
      } else {
        moveAtom(id, AtomState.REVERTED, null);
        engineProgress(nodes[id], 1.0);
      }
      settled(id);
      if (suspendRequested) {
        suspendIfRevertsIdle();
      }
    }

    void settled(int id) {
      if (--left[0] == 0) {
        reverting = false;
        activeRevert = null;
        then.run();
        return;
      }
      for (int previous : nodes[id].predecessors) {
        if (previous >= low && previous <= high && --dependents[previous - low] == 0) {
          visit(previous);
        }
      }
    }
  }

  /** A suspend asked during a revert ends the run once no revert is out, the rest held back. */
  private void suspendIfRevertsIdle() {
    if (revertsInFlight > 0 || parkedReverts.isEmpty() || flowState != FlowState.SUSPENDING) {
      return;
    }
    moveFlow(FlowState.SUSPENDED);
    CompletableFuture<FlowState> done = completion;
    afterRecorded(() -> done.complete(FlowState.SUSPENDED));
  }

  private void retry(int scope) {
    RetryScope retryScope = compiled.scopes[scope];
    int retryNode = retryScope.retryNode();
    retryCount++;
    // The controller says RETRYING before its flow goes back to PENDING, as the reference does.
    moveAtom(retryNode, AtomState.RETRYING, null);
    for (int id = retryNode + 1; id <= retryScope.endNode(); id++) {
      Node node = nodes[id];
      if (node.isAtom()) {
        failures.remove(node.name);
      }
      if (node.kind == Node.Kind.RETRY) {
        // A controller inside starts over with an empty history, as the reference resets it.
        scopeAttempts.get(node.controlledScope).clear();
        scopeValues.get(node.controlledScope).clear();
      }
      if (node.isAtom() && states[id] != AtomState.PENDING) {
        moveAtom(id, AtomState.PENDING, null);
      }
      outcomes[id] = null;
      revertOutcomes[id] = null;
      values[id] = null;
      if (progress != null) {
        progress[id] = 0.0;
      }
      waitingFor[id] = node.predecessors.length;
    }
    parked.removeIf(retryScope::contains);
    failing = !failures.isEmpty();
    int attempt = scopeAttempts.get(scope).size();
    Optional<Backoff> backoff = retryScope.retry().backoff();
    Runnable restart =
        () -> {
          startAtom(retryNode);
          List<Integer> resume = new ArrayList<>(parked);
          parked.clear();
          resume.forEach(this::ready);
          settleIfIdle();
        };
    if (backoff.isPresent()) {
      Duration delay = backoff.get().delayBefore(attempt);
      LOG.debug("retrying flow '{}' in {}", retryScope.flowName(), delay);
      reverting = true;
      scheduler.schedule(
          delay,
          () ->
              loop.execute(
                  () -> {
                    reverting = false;
                    restart.run();
                  }));
    } else {
      restart.run();
    }
  }

  private void finishReverted() {
    FlowState end = revertFailures.isEmpty() ? FlowState.REVERTED : FlowState.FAILURE;
    moveFlow(end);
    CompletableFuture<FlowState> done = completion;
    if (revertRequested && end == FlowState.REVERTED && failures.isEmpty() && goneFailures.isEmpty()) {
      afterRecorded(() -> done.complete(FlowState.REVERTED));
      return;
    }
    Map<String, Failure> all = failures;
    if (!goneFailures.isEmpty()) {
      all = new LinkedHashMap<>(goneFailures);
      all.putAll(failures);
    }
    FlowFailedException failed = new FlowFailedException(flow.name(), end, all, revertFailures);
    afterRecorded(() -> done.completeExceptionally(failed));
  }

  // ---- recording (loop only, except prepareRecording, which runs before the first step)

  private void prepareRecording() {
    int size = nodes.length;
    atomUuids = new String[size];
    atomCreated = new Instant[size];
    progress = new double[size];
    attempts = new int[size];
    startedAt = new String[size];
    endedAt = new String[size];
    revertStartedAt = new String[size];
    revertEndedAt = new String[size];
    dirty = new boolean[size];
    dirtyIds = new int[size];
    Instant now = clock.instant();
    Map<String, Object> meta = new LinkedHashMap<>();
    if (recording.recorded().isPresent()) {
      FlowDetail recorded = recording.recorded().get();
      logBook = store.logBook(recorded.logBookUuid())
          .orElseThrow(() -> new StoreException("flow " + recorded.uuid() + " names logbook " + recorded.logBookUuid() + ", which " + store.describe() + " does not hold"));
      meta.putAll(recorded.meta());
      meta.putAll(recording.meta());
      withOurMeta(meta);
      flowDetail = recorded.withMeta(meta, now);
      restore(recording.atoms());
    } else {
      logBook = LogBook.of(java.util.UUID.randomUUID().toString(), flow.name(), now);
      meta.putAll(recording.meta());
      withOurMeta(meta);
      flowDetail = new FlowDetail(recording.flowId(), logBook.uuid(), flow.name(), FlowState.PENDING, meta, now, now);
    }
    // New atoms are written with the first commit; recorded ones when they next change. Nothing is
    // committed before the run starts.
    for (Node node : nodes) {
      if (node.isAtom() && atomUuids[node.id] == null) {
        atomUuids[node.id] = java.util.UUID.randomUUID().toString();
        atomCreated[node.id] = now;
        dirty[node.id] = true;
        dirtyIds[dirtyCount++] = node.id;
      }
    }
    if (injectorUuid == null) {
      injectorUuid = java.util.UUID.randomUUID().toString();
      injectorCreated = now;
    }
    flowDirty = true;
  }

  /**
   * Brings the run state back from a record. Atoms that succeeded keep their results and are
   * passed without running; atoms left running run again; a run that was failing or reverting goes
   * on reverting, asking its retry controllers again what to do with the failures it had.
   */
  private void restore(List<AtomDetail> recorded) {
    // Each atom's name is looked up once: the rest of the restore walks the recorded atoms by node
    // id, in the order their names first appear (when a name appears twice, its last row counts).
    AtomDetail[] byId = new AtomDetail[nodes.length];
    int[] order = new int[nodes.length];
    int restored = 0;
    Map<String, AtomDetail> gone = new LinkedHashMap<>();
    for (AtomDetail atom : recorded) {
      if (atom.isInjector()) {
        injectorUuid = atom.uuid();
        injectorCreated = atom.createdAt();
        continue;
      }
      Integer id = atomIds.get(atom.name());
      if (id == null) {
        gone.put(atom.name(), atom);
        continue;
      }
      if (byId[id] == null) {
        order[restored++] = id;
      }
      byId[id] = atom;
    }
    List<String> removed = new ArrayList<>();
    for (AtomDetail atom : gone.values()) {
      if (atom.state() == AtomState.REVERTED) {
        // Already undone: nothing is left to do with it, but its failure still explains the run.
        atom.failure().ifPresent(failure -> goneFailures.put(atom.name(), failure));
      } else if (atom.state() != AtomState.PENDING) {
        removed.add(atom.name());
      }
    }
    List<String> incompatible = new ArrayList<>();
    for (int k = 0; k < restored; k++) {
      AtomDetail atom = byId[order[k]];
      Node node = nodes[order[k]];
      AtomType type = node.kind == Node.Kind.RETRY ? AtomType.RETRY_DETAIL : AtomType.TASK_DETAIL;
      boolean ran = atom.state() != AtomState.PENDING;
      if (ran && (atom.type() != type || !sameMajor(atom.version().orElse(""), versionOf(node)))) {
        incompatible.add(atom.name() + " (recorded " + atom.type() + " " + atom.version().orElse("?") + ", now " + type + " " + versionOf(node) + ")");
      }
    }
    if (!removed.isEmpty()) {
      throw new io.taskflow4j.engine.ResumeException(
          "flow '" + flow.name() + "' (" + recording.flowId() + ") cannot be resumed: atoms that had run are no longer in the flow: " + removed, removed);
    }
    if (!incompatible.isEmpty()) {
      throw new io.taskflow4j.engine.ResumeException(
          "flow '" + flow.name() + "' (" + recording.flowId() + ") cannot be resumed: atoms changed incompatibly since they ran: " + incompatible,
          incompatible.stream().map(text -> text.substring(0, text.indexOf(' '))).toList());
    }
    boolean revertIntended = false;
    for (int k = 0; k < restored; k++) {
      int id = order[k];
      AtomDetail atom = byId[id];
      atomUuids[id] = atom.uuid();
      atomCreated[id] = atom.createdAt();
      progress[id] = atom.progress();
      if (atom.meta().get(META_KEY) instanceof Map<?, ?> ours) {
        attempts[id] = ours.get("attempts") instanceof Number count ? count.intValue() : 0;
        startedAt[id] = ours.get("started_at") instanceof String text ? text : null;
        endedAt[id] = ours.get("ended_at") instanceof String text ? text : null;
        revertStartedAt[id] = ours.get("revert_started_at") instanceof String text ? text : null;
        revertEndedAt[id] = ours.get("revert_ended_at") instanceof String text ? text : null;
      }
      atom.failure().ifPresent(failure -> {
        if (atom.state() != AtomState.PENDING && atom.state() != AtomState.RUNNING) {
          failures.put(atom.name(), failure);
        }
      });
      atom.revertFailure().ifPresent(failure -> revertFailures.put(atom.name(), failure));
    }
    failing = !failures.isEmpty();
    // A retry controller recorded retrying (RETRYING, or SUCCESS with intention RETRY, as the
    // reference records its decision) explains the reverts inside its flow: they are part of the
    // retry, not a revert of the whole run.
    List<RetryScope> retrying = new ArrayList<>();
    for (int k = 0; k < restored; k++) {
      AtomDetail atom = byId[order[k]];
      Node node = nodes[order[k]];
      boolean decided = atom.state() == AtomState.RETRYING
          || (atom.state() == AtomState.SUCCESS && atom.intention() == Intention.RETRY);
      if (node.kind == Node.Kind.RETRY && decided) {
        retrying.add(compiled.scopes[node.controlledScope]);
        if (!failing && atom.state() == AtomState.SUCCESS) {
          retryOnStart.add(node.id);
        }
      }
    }
    for (int k = 0; k < restored; k++) {
      int id = order[k];
      if (byId[id].intention() == Intention.REVERT && retrying.stream().noneMatch(scope -> scope.contains(id))) {
        revertIntended = true;
      }
    }
    resumeReverting = !failing && revertIntended;
    Failure cut = Failure.of(new TaskflowException("the process running this atom stopped before it finished"));
    for (int k = 0; k < restored; k++) {
      int id = order[k];
      AtomDetail atom = byId[id];
      Node node = nodes[id];
      if (node.kind == Node.Kind.RETRY) {
        restoreHistory(node, atom);
        if (!scopeValues.get(node.controlledScope).isEmpty()) {
          values[id] = split(node, lastValue(node));
        }
      }
      boolean failed = failures.containsKey(atom.name());
      if (node.kind == Node.Kind.TASK && atom.results().isPresent() && !failed) {
        values[id] = split(node, atom.results().get());
      }
      switch (atom.state()) {
        case SUCCESS:
          states[id] = AtomState.SUCCESS;
          outcomes[id] = Outcome.success(node.kind == Node.Kind.TASK ? atom.results().orElse(null) : lastValue(node));
          break;
        case FAILURE:
          states[id] = AtomState.FAILURE;
          outcomes[id] = Outcome.failure(atom.failure().orElse(cut));
          break;
        case REVERTING:
          states[id] = failed ? AtomState.FAILURE : AtomState.SUCCESS;
          revertInterrupted[id] = true;
          outcomes[id] = failed ? Outcome.failure(failures.get(atom.name())) : Outcome.success(atom.results().orElse(null));
          break;
        case REVERTED:
          states[id] = atom.state();
          if (!resumeReverting && !failing) {
            resetOnStart.add(id);
          }
          outcomes[id] = failed ? Outcome.failure(failures.get(atom.name())) : Outcome.success(atom.results().orElse(null));
          break;
        case REVERT_FAILURE:
          states[id] = resumeReverting || failing ? atom.state() : AtomState.PENDING;
          outcomes[id] = failed ? Outcome.failure(failures.get(atom.name())) : Outcome.success(atom.results().orElse(null));
          break;
        case RUNNING:
          states[id] = AtomState.PENDING;
          interrupted[id] = true;
          break;
        case RETRYING:
          states[id] = failing ? AtomState.SUCCESS : AtomState.RETRYING;
          outcomes[id] = Outcome.success(lastValue(node));
          break;
        case IGNORE:
          states[id] = AtomState.IGNORE;
          break;
        default:
          states[id] = AtomState.PENDING;
      }
    }
  }

  /**
   * The arguments an atom ran with. A resumed run rebuilds them only when they are asked for (a
   * revert or a retry decision), from its providers' recorded values, not all at once on resume.
   */
  private Arguments argumentsRan(int id) {
    if (arguments[id] == null) {
      try {
        arguments[id] = argumentsOf(nodes[id]);
      } catch (RuntimeException e) {
        arguments[id] = Arguments.empty();
      }
    }
    return arguments[id];
  }

  private static boolean sameMajor(String recorded, String now) {
    // Compared in place: a resume checks every recorded atom, and substrings would copy each.
    int dot = recorded.indexOf('.');
    int nowDot = now.indexOf('.');
    int major = dot < 0 ? recorded.length() : dot;
    int nowMajor = nowDot < 0 ? now.length() : nowDot;
    return major == nowMajor && recorded.regionMatches(0, now, 0, major);
  }

  private static String versionOf(Node node) {
    return node.kind == Node.Kind.TASK ? node.task.spec().version() : io.taskflow4j.task.TaskSpec.DEFAULT_VERSION;
  }

  private Object lastValue(Node node) {
    List<Object> values = scopeValues.get(node.controlledScope);
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /** A retry controller's history, recorded as {@code [value, {atom: failure}]} pairs. */
  private void restoreHistory(Node node, AtomDetail atom) {
    int scope = node.controlledScope;
    if (!(atom.results().orElse(List.of()) instanceof List<?> pairs)) {
      throw new StoreException("retry '" + atom.name() + "' of flow " + recording.flowId() + " has a history that is not a list");
    }
    List<Object> values = scopeValues.get(scope);
    List<Map<String, Failure>> attempts = scopeAttempts.get(scope);
    for (Object pair : pairs) {
      if (!(pair instanceof List<?> entry) || entry.size() != 2 || !(entry.get(1) instanceof Map<?, ?> failed)) {
        throw new StoreException("retry '" + atom.name() + "' of flow " + recording.flowId() + " has a history entry that is not [value, {atom: failure}]: " + pair);
      }
      values.add(entry.get(0));
      if (!failed.isEmpty()) {
        Map<String, Failure> attempt = new LinkedHashMap<>();
        failed.forEach((name, dict) -> attempt.put(String.valueOf(name),
            Failure.fromDict(asDict(dict, atom.name()), "history of retry '" + atom.name() + "'")));
        attempts.add(attempt);
      }
    }
    // The last failed attempt is asked about again when the run resumes failing.
    if (failing && !attempts.isEmpty() && attempts.size() == values.size()) {
      attempts.remove(attempts.size() - 1);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, ?> asDict(Object dict, String retry) {
    if (!(dict instanceof Map<?, ?>)) {
      throw new StoreException("retry '" + retry + "' of flow " + recording.flowId() + " has a failure that is not a dictionary: " + dict);
    }
    return (Map<String, ?>) dict;
  }

  private void markDirty(int id) {
    if (store == null || dirty[id]) {
      return;
    }
    dirty[id] = true;
    dirtyIds[dirtyCount++] = id;
    queueFlush();
  }

  private void queueFlush() {
    if (store != null && !flushQueued) {
      flushQueued = true;
      loop.execute(this::flush);
    }
  }

  /**
   * Runs an action that has effects outside the engine once every transition made so far is
   * recorded; at once when the run is not recorded. Dropped when the store has failed.
   */
  private void afterRecorded(Runnable action) {
    if (store == null) {
      action.run();
    } else if (storeFailure == null) {
      deferred.add(action);
      queueFlush();
    }
  }

  /** Commits every pending transition in one transaction, then runs what waited for it. */
  private void flush() {
    flushQueued = false;
    if (storeFailure != null) {
      return;
    }
    Instant now = clock.instant();
    List<AtomDetail> atoms = new ArrayList<>(dirtyCount + 1);
    for (int i = 0; i < dirtyCount; i++) {
      int id = dirtyIds[i];
      dirty[id] = false;
      atoms.add(detailOf(id, now));
    }
    dirtyCount = 0;
    List<FlowDetail> flows = List.of();
    List<LogBook> books = List.of();
    if (flowDirty) {
      flowDetail = flowDetail.withState(flowState, now);
      flows = List.of(flowDetail);
      flowDirty = false;
    }
    if (firstFlush) {
      atoms.add(injectorDetail(now));
      books = List.of(logBook);
      firstFlush = false;
    }
    try {
      store.save(new Changes(books, flows, atoms));
    } catch (RuntimeException e) {
      storeFailed(e);
      return;
    }
    List<Runnable> ready = new ArrayList<>(deferred);
    deferred.clear();
    for (Runnable action : ready) {
      action.run();
    }
  }

  private void storeFailed(RuntimeException error) {
    storeFailure =
        new StoreException(
            "flow '" + flow.name() + "' (" + recording.flowId() + ") stopped: store " + store.describe()
                + " could not record its progress: " + error.getMessage(),
            error);
    LOG.error("{}", storeFailure.getMessage());
    deferred.clear();
    suspendRequested = true;
    flowState = FlowState.SUSPENDED;
    completion.completeExceptionally(storeFailure);
  }

  private AtomDetail injectorDetail(Instant now) {
    return new AtomDetail(injectorUuid, recording.flowId(), AtomDetail.INJECTOR_NAME, AtomType.TASK_DETAIL, Optional.empty(),
        AtomState.SUCCESS, Intention.EXECUTE, Optional.of(inputs), Optional.empty(), Optional.empty(), Optional.empty(),
        Map.of(), injectorCreated, now);
  }

  private AtomDetail detailOf(int id, Instant now) {
    Node node = nodes[id];
    AtomState state = states[id];
    Intention intention;
    switch (state) {
      case REVERTING:
      case REVERTED:
      case REVERT_FAILURE:
        intention = Intention.REVERT;
        break;
      case RETRYING:
        intention = Intention.RETRY;
        break;
      case IGNORE:
        intention = Intention.IGNORE;
        break;
      default:
        intention = Intention.EXECUTE;
    }
    Optional<Object> results = Optional.empty();
    Optional<Failure> failure = Optional.empty();
    Outcome outcome = outcomes[id];
    if (outcome instanceof Outcome.Failed failed) {
      failure = Optional.of(failed.failure());
    } else if (outcome instanceof Outcome.Succeeded success && node.kind == Node.Kind.TASK) {
      results = Optional.ofNullable(success.value());
    }
    Map<String, Object> meta;
    Map<String, Object> ours = new LinkedHashMap<>(4);
    ours.put("attempts", attempts[id]);
    if (startedAt[id] != null) {
      ours.put("started_at", startedAt[id]);
    }
    if (endedAt[id] != null) {
      ours.put("ended_at", endedAt[id]);
    }
    if (revertStartedAt[id] != null) {
      ours.put("revert_started_at", revertStartedAt[id]);
    }
    if (revertEndedAt[id] != null) {
      ours.put("revert_ended_at", revertEndedAt[id]);
    }
    if (node.kind == Node.Kind.RETRY) {
      results = Optional.of(historyOf(node.controlledScope));
      meta = Map.of(META_KEY, ours);
    } else if (atomInjections.containsKey(node.name)) {
      meta = Map.of("progress", progress[id], META_KEY, ours, INJECTED_META_KEY, atomInjections.get(node.name));
    } else {
      meta = Map.of("progress", progress[id], META_KEY, ours);
    }
    Optional<Object> revertResults = Optional.empty();
    Optional<Failure> revertFailure = Optional.empty();
    Outcome revert = revertOutcomes[id];
    if (revert instanceof Outcome.Failed failed) {
      revertFailure = Optional.of(failed.failure());
    } else if (revert instanceof Outcome.Succeeded success) {
      revertResults = Optional.ofNullable(success.value());
    }
    return new AtomDetail(atomUuids[id], recording.flowId(), node.name,
        node.kind == Node.Kind.RETRY ? AtomType.RETRY_DETAIL : AtomType.TASK_DETAIL, Optional.of(versionOf(node)), state,
        intention, results, failure, revertResults, revertFailure, meta, atomCreated[id], now);
  }

  /**
   * Puts our entries under our meta key, beside what other code keeps there: the atom graph, for
   * flows of at most {@link #GRAPH_LIMIT} atoms (no one reads a larger one as a drawing, and it
   * would grow the flow detail), and, for a run that does not defer reverts, that choice, so that
   * its resume goes on the same way.
   */
  private void withOurMeta(Map<String, Object> meta) {
    Map<String, Object> ours = new LinkedHashMap<>();
    if (meta.get(META_KEY) instanceof Map<?, ?> existing) {
      existing.forEach((key, value) -> ours.put(String.valueOf(key), value));
    }
    if (Arrays.stream(nodes).filter(Node::isAtom).count() <= GRAPH_LIMIT) {
      Map<String, Object> graph = new LinkedHashMap<>();
      for (Node node : nodes) {
        if (node.isAtom()) {
          Set<String> after = new java.util.TreeSet<>();
          atomsBefore(node, after, new boolean[nodes.length]);
          graph.put(node.name, List.copyOf(after));
        }
      }
      ours.put("graph", graph);
    }
    if (deferReverts) {
      ours.remove(DEFER_REVERTS_META_KEY);
    } else {
      ours.put(DEFER_REVERTS_META_KEY, false);
    }
    if (!ours.isEmpty()) {
      meta.put(META_KEY, ours);
    }
  }

  /** The atoms a node runs after, looking through the structural nodes between them. */
  private void atomsBefore(Node node, Set<String> into, boolean[] seen) {
    for (int previous : node.predecessors) {
      if (seen[previous]) {
        continue;
      }
      seen[previous] = true;
      if (nodes[previous].isAtom()) {
        into.add(nodes[previous].name);
      } else {
        atomsBefore(nodes[previous], into, seen);
      }
    }
  }

  private List<Object> historyOf(int scope) {
    List<Object> values = scopeValues.get(scope);
    List<Map<String, Failure>> attempts = scopeAttempts.get(scope);
    List<Object> pairs = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      Map<String, Object> failed = new LinkedHashMap<>();
      if (i < attempts.size()) {
        attempts.get(i).forEach((name, failure) -> failed.put(name, failure.toDict()));
      }
      pairs.add(java.util.Arrays.asList(values.get(i), failed));
    }
    return pairs;
  }

  // ---- transitions and notifications

  private void moveAtom(int id, AtomState to, Outcome outcome) {
    Node node = nodes[id];
    AtomState from = states[id];
    boolean allowed = node.kind == Node.Kind.RETRY ? from.canRetryMoveTo(to) : from.canTaskMoveTo(to);
    if (!allowed) {
      throw new InvalidStateTransitionException(
          "atom '" + node.name + "' cannot move from " + from + " to " + to);
    }
    applyMove(id, from, to, outcome);
  }

  private void applyMove(int id, AtomState from, AtomState to, Outcome outcome) {
    Node node = nodes[id];
    states[id] = to;
    markDirty(id);
    if (listeners.isEmpty()) {
      return;
    }
    AtomStateChange change =
        new AtomStateChange(node.name, node.kind == Node.Kind.RETRY, from, to, Optional.ofNullable(outcome), clock.instant());
    for (FlowListener listener : listeners) {
      try {
        listener.onAtomStateChange(change);
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed on {}", listener, change, e);
      }
    }
  }

  private void moveFlow(FlowState to) {
    FlowState from = flowState;
    if (!from.canMoveTo(to)) {
      throw new InvalidStateTransitionException(
          "flow '" + flow.name() + "' cannot move from " + from + " to " + to);
    }
    flowState = to;
    flowDirty = true;
    queueFlush();
    if (to == FlowState.RUNNING && runningSince == null) {
      runningSince = clock.instant();
    } else if (to.isFinal() && runningSince != null) {
      runTime = runTime.plus(Duration.between(runningSince, clock.instant()));
      runningSince = null;
    }
    announceFlow(from, to);
  }

  private void announceFlow(FlowState from, FlowState to) {
    FlowStateChange change = new FlowStateChange(flow.name(), recording.flowId(), from, to, clock.instant());
    for (FlowListener listener : listeners) {
      try {
        listener.onFlowStateChange(change);
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed on {}", listener, change, e);
      }
    }
  }
}
