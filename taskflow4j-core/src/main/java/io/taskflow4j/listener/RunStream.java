package io.taskflow4j.listener;

import io.taskflow4j.TaskflowException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.internal.Threads;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Outcome;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow.Publisher;
import java.util.concurrent.Flow.Subscriber;
import java.util.concurrent.Flow.Subscription;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run as a stream of {@link RunEvent}s, the counterpart of the reference's {@code run_iter}: a
 * listener that hands every flow change, atom change and task event, in order, to one subscriber,
 * with real backpressure. The engine thread that reports a state change waits until the
 * subscriber asks for more, so a test or a user interface can step a run one change at a time.
 *
 * <pre>{@code
 * RunStream stream = RunStream.create();
 * try (Engine engine = Engine.builder(flow).listener(stream).build()) {
 *   CompletableFuture<FlowState> run = stream.start(engine::runAsync);
 *   try (Stream<RunEvent> events = stream.events()) {
 *     events.forEach(event -> log.info(event.notation()));   // "task1.t RUNNING", ...
 *   }
 *   run.join();
 * }
 * }</pre>
 *
 * <p><b>Holding the engine.</b> A stream made by {@link #create()} holds the engine at each state
 * change until the subscriber has asked for the next event: the change has been made (the
 * engine's state says so) but nothing that follows it has started. With the iterator of {@link
 * #iterator()} or {@link #events()}, the engine is held at the change last returned until the
 * next call to {@code hasNext()} or {@code next()}. {@link #buffered(int)} lets the engine run
 * ahead of the subscriber by some events instead. Until a subscriber subscribes, changes wait for
 * it, and so does the engine. The final change of a run lets the engine go once it is delivered.
 * Task events never hold the thread that reports them (a task's, or a remote executor's that must
 * go on reading its messages): they wait in order with the changes, and past {@value
 * #TASK_EVENT_LIMIT} waiting ones, further task events are dropped.
 *
 * <p>While the engine is held, its queries from other threads ({@code atomState}, {@code result})
 * wait until it goes on. {@link #atChange(Runnable)} and {@link #queryAtChange(Supplier)} run code
 * on the held engine thread instead: {@code stream.atChange(engine::suspend)} suspends the run
 * right after the change the subscriber is looking at, so nothing starts after it.
 *
 * <p><b>The end.</b> A subscription ends after the flow's final change of the run: {@code
 * onComplete} after SUCCESS, SUSPENDED and REVERTED (a run that failed and was reverted completes
 * too; its events say what failed, and the run's future fails as {@code Engine.run()} does); {@code
 * onError} with a {@link TaskflowException} naming the failures heard after FAILURE (a revert
 * failed); and, for a run started by {@link #start(Supplier)} that ends without a final change,
 * {@code onError} with its exception (a flow that does not compile) or {@code onComplete} (an
 * engine with nothing left to run). The stream then waits for the next subscriber: a run
 * suspended and run again is streamed to it.
 *
 * <p><b>Escapes.</b> Cancelling the subscription (or closing the stream of {@link #events()})
 * releases the engine at once; the rest of that run passes unheld and unheard, unless another
 * subscriber subscribes, which hears it from the next change. {@link #close()}
 * does so for good and ends the current subscriber with a {@link CancellationException}.
 *
 * <p>One subscriber at a time; a second gets {@code onError(IllegalStateException)}. {@code
 * onNext} is called one event at a time, on the thread that reported the event when the
 * subscriber had asked for it, else on the thread whose {@code request} allowed it; the subscriber
 * must not wait in {@code onNext} for the engine to go on.
 *
 * <p>Thread-safety: thread-safe. Register one stream with one engine.
 */
public final class RunStream implements FlowListener, Publisher<RunEvent>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunStream.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** The most task events kept waiting for the subscriber; later ones are dropped. */
  public static final int TASK_EVENT_LIMIT = 1024;

  /** The end of a run's stream, queued after its last event. */
  private record End(long after, Throwable error) {}

  private final int buffer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** True while this thread is inside the stream: holding at a change, or delivering one. */
  private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> Boolean.FALSE);
  /** True while this thread (an engine's) reports an event to the stream. */
  private final ThreadLocal<Boolean> reporting = ThreadLocal.withInitial(() -> Boolean.FALSE);
  /** The sequence number of the last event this thread made. */
  private final ThreadLocal<long[]> lastMade = ThreadLocal.withInitial(() -> new long[1]);

  // Guarded by lock. Events are numbered from 1 in the order they are made.
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private final ArrayDeque<Runnable> actions = new ArrayDeque<>();
  private long made;
  private long requested;
  private long dispatched;
  private long delivered;
  private long releasedUpTo;
  private Link current;
  private boolean detached;
  private boolean closed;
  private boolean draining;
  /** The run started by {@link #start} and not yet ended by a final change, or null. */
  private Object openRun;
  private boolean inRun;
  private int waitingTaskEvents;
  private long droppedTaskEvents;
  private Thread held;
  private String flowName = "";
  private final Map<String, Failure> failures = new LinkedHashMap<>();
  private final Map<String, Failure> revertFailures = new LinkedHashMap<>();

  private RunStream(int buffer) {
    this.buffer = buffer;
  }

  /**
   * A stream that holds the engine at each change until the subscriber asks for the next one.
   *
   * @return the stream, to register with {@code EngineBuilder.listener}
   */
  public static RunStream create() {
    return new RunStream(0);
  }

  /**
   * A stream that lets the engine go on while fewer than {@code changes} of the events it made
   * have not been asked for; it then waits, at the change that reached that number.
   *
   * @param changes how far ahead the engine may run, 0 or more; 0 is {@link #create()}
   * @return the stream
   * @throws IllegalArgumentException when {@code changes} is negative
   */
  public static RunStream buffered(int changes) {
    if (changes < 0) {
      throw new IllegalArgumentException("changes must be 0 or more, not " + changes);
    }
    return new RunStream(changes);
  }

  /**
   * Starts a run on a thread of the stream's own, so that the calling thread is free to consume
   * the events: {@code stream.start(engine::runAsync)}, or {@code engine::revertAsync}. Starting
   * on the consuming thread instead would hold it at the first change.
   *
   * @param run starts the run and returns its future
   * @return completes as the run's future does, or exceptionally with what starting it threw
   */
  public CompletableFuture<FlowState> start(Supplier<CompletableFuture<FlowState>> run) {
    Objects.requireNonNull(run, "run");
    CompletableFuture<FlowState> result = new CompletableFuture<>();
    Object token = new Object();
    lock.lock();
    try {
      openRun = token;
    } finally {
      lock.unlock();
    }
    Threads.daemon("taskflow4j-run-stream-" + THREADS.incrementAndGet(), () -> {
      try {
        run.get().whenComplete((state, error) -> {
          endUnfinishedRun(token, error instanceof CompletionException wrapped && wrapped.getCause() != null
              ? wrapped.getCause() : error);
          if (error != null) {
            result.completeExceptionally(error);
          } else {
            result.complete(state);
          }
        });
      } catch (RuntimeException | Error e) {
        endUnfinishedRun(token, e);
        result.completeExceptionally(e);
      }
    }).start();
    return result;
  }

  /**
   * Runs an action on the engine thread the stream holds at a state change, before that thread
   * goes on, so that what it asks of the engine takes effect right after that change. Called
   * while no engine thread is held (the subscriber looks at a task event), it runs at the next
   * state change; when no run is under way, or on an engine thread reporting to the stream, at
   * once on the calling thread. Returns once it ran.
   *
   * @param action such as {@code engine::suspend}
   */
  public void atChange(Runnable action) {
    Objects.requireNonNull(action, "action");
    queryAtChange(() -> {
      action.run();
      return Boolean.TRUE;
    });
  }

  /**
   * Asks the engine something on the engine thread the stream holds at a state change, where the
   * answer reflects that change; see {@link #atChange(Runnable)} for when it runs.
   *
   * @param <T> the answer's type
   * @param query such as {@code () -> engine.atomState("task2")}
   * @return the answer
   */
  public <T> T queryAtChange(Supplier<T> query) {
    Objects.requireNonNull(query, "query");
    CompletableFuture<T> answer = new CompletableFuture<>();
    boolean queued = false;
    lock.lock();
    try {
      Thread me = Thread.currentThread();
      // An engine thread reporting to the stream must not wait for itself.
      boolean now = held == me || reporting.get();
      while (!now) {
        if (held != null) {
          // The held thread runs every action queued while it is held before it goes on.
          actions.add(() -> {
            try {
              answer.complete(query.get());
            } catch (RuntimeException | Error e) {
              answer.completeExceptionally(e);
            }
          });
          changed.signalAll();
          queued = true;
          break;
        }
        if (closed || detached || (openRun == null && !inRun)) {
          break;
        }
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
    if (!queued) {
      return query.get();
    }
    try {
      return answer.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  @Override
  public void subscribe(Subscriber<? super RunEvent> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Link link = new Link(subscriber);
    String refusal = attach(link);
    subscriber.onSubscribe(link);
    if (refusal != null) {
      link.end();
      subscriber.onError(new IllegalStateException(refusal));
      return;
    }
    link.started = true;
    drain();
  }

  /** Makes the link the current subscription; the reason it cannot be, or null when it is. */
  private String attach(Link link) {
    lock.lock();
    try {
      if (closed) {
        return "the run stream is closed";
      }
      if (current != null) {
        return "the run stream already has a subscriber";
      }
      long waiting = 0;
      for (Object item : pending) {
        if (item instanceof RunEvent) {
          waiting++;
        }
      }
      long base = made - waiting;
      requested = base;
      dispatched = base;
      delivered = base;
      detached = false;
      current = link;
      return null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Subscribes a blocking iterator: each {@code hasNext()} with no event at hand asks for one and
   * waits for it; the engine is held at the state change last returned until then. It ends as the
   * subscription does; after FAILURE, or a run that could not start, {@code hasNext()} throws the
   * error. Not thread-safe: use it from one thread.
   *
   * @return the iterator
   * @throws IllegalStateException when the stream has a subscriber already or is closed
   */
  public Iterator<RunEvent> iterator() {
    return subscribeIterator();
  }

  /**
   * The events as a sequential {@link Stream}, through {@link #iterator()}; closing it cancels the
   * subscription, releasing the engine.
   *
   * @return the stream, to close
   * @throws IllegalStateException when the stream has a subscriber already or is closed
   */
  public Stream<RunEvent> events() {
    BlockingIterator iterator = subscribeIterator();
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(iterator::cancel);
  }

  private BlockingIterator subscribeIterator() {
    BlockingIterator iterator = new BlockingIterator();
    Link link = new Link(iterator);
    String refusal = attach(link);
    if (refusal != null) {
      throw new IllegalStateException(refusal);
    }
    iterator.onSubscribe(link);
    link.started = true;
    drain();
    return iterator;
  }

  /**
   * Releases the engine for good: changes pass unheld and unheard from now on, and the current
   * subscriber gets {@code onError(CancellationException)}.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      pending.clear();
      waitingTaskEvents = 0;
      if (current != null) {
        pending.add(new End(made, new CancellationException("the run stream was closed")));
      }
      releasedUpTo = made;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    drain();
  }

  // ---- the listener side

  @Override
  public void onFlowStateChange(FlowStateChange change) {
    report(new RunEvent.FlowChanged(change), true);
  }

  @Override
  public void onAtomStateChange(AtomStateChange change) {
    report(new RunEvent.AtomChanged(change), true);
  }

  @Override
  public void onTaskEvent(TaskEvent event) {
    report(new RunEvent.TaskReported(event), false);
  }

  private void report(RunEvent event, boolean stateChange) {
    boolean outer = !reporting.get();
    reporting.set(Boolean.TRUE);
    try {
      accept(event, stateChange);
    } finally {
      if (outer) {
        reporting.set(Boolean.FALSE);
      }
    }
  }

  private void accept(RunEvent event, boolean stateChange) {
    long number;
    boolean nested = inside.get();
    Thread previous;
    lock.lock();
    try {
      boolean last = endsRun(event);
      inRun = !last;
      if (closed || detached) {
        if (last) {
          detached = false;
          forgetRun();
        }
        return;
      }
      if (!stateChange) {
        if (waitingTaskEvents >= TASK_EVENT_LIMIT) {
          if (droppedTaskEvents++ == 0) {
            LOG.warn("run stream: {} task events wait for the subscriber; dropping further ones", TASK_EVENT_LIMIT);
          }
          return;
        }
        waitingTaskEvents++;
      }
      number = ++made;
      lastMade.get()[0] = number;
      pending.add(event);
      hear(event);
      if (last) {
        pending.add(new End(number, failureOf(event)));
        forgetRun();
      }
      previous = held;
      if (stateChange && !nested) {
        // Held from the moment the change is there to deliver, so that an action asked by whoever
        // receives it waits for this thread.
        held = Thread.currentThread();
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (nested) {
      // Made while this thread delivers an event or runs an action: the outer change holds it.
      return;
    }
    inside.set(Boolean.TRUE);
    try {
      drain();
    } finally {
      if (stateChange) {
        hold(number, previous);
      }
      inside.set(Boolean.FALSE);
    }
  }

  /** Keeps the engine thread that made change {@code number} until the subscriber lets it go. */
  private void hold(long number, Thread previous) {
    boolean interrupted = false;
    lock.lock();
    try {
      long at = number;
      while (true) {
        Runnable action = actions.poll();
        if (action != null) {
          runUnlocked(action);
          // What the action made on this thread (SUSPENDING, say) holds the engine now.
          at = Math.max(at, lastMade.get()[0]);
          runUnlocked(this::drain);
          continue;
        }
        if (released(at)) {
          break;
        }
        try {
          changed.await();
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
    } finally {
      // Every action asked while this thread was held runs before it goes on.
      for (Runnable action = actions.poll(); action != null; action = actions.poll()) {
        runUnlocked(action);
      }
      held = previous;
      lock.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void runUnlocked(Runnable action) {
    lock.unlock();
    try {
      action.run();
    } finally {
      lock.lock();
    }
  }

  private boolean released(long number) {
    return closed || detached || number <= releasedUpTo
        || (delivered >= number - buffer && requested >= number + 1 - buffer);
  }

  private static boolean endsRun(RunEvent event) {
    return event instanceof RunEvent.FlowChanged flow && flow.change().to().isFinal();
  }

  private void hear(RunEvent event) {
    if (event instanceof RunEvent.FlowChanged flow) {
      flowName = flow.change().flowName();
    } else if (event instanceof RunEvent.AtomChanged atom) {
      AtomStateChange change = atom.change();
      if (change.to() == AtomState.FAILURE || change.to() == AtomState.REVERT_FAILURE) {
        change.outcome().filter(Outcome.Failed.class::isInstance)
            .map(outcome -> ((Outcome.Failed) outcome).failure())
            .ifPresent(failure -> (change.to() == AtomState.FAILURE ? failures : revertFailures)
                .put(change.atomName(), failure));
      } else if (change.to() == AtomState.RUNNING) {
        failures.remove(change.atomName());
      }
    }
  }

  private Throwable failureOf(RunEvent last) {
    if (((RunEvent.FlowChanged) last).change().to() != FlowState.FAILURE) {
      return null;
    }
    StringBuilder text = new StringBuilder("flow '").append(flowName).append("' failed and could not be fully reverted");
    describe(text, ": ", failures);
    describe(text, "; revert failures: ", revertFailures);
    Throwable cause = failures.values().stream().findFirst().flatMap(Failure::exception).orElse(null);
    return new TaskflowException(text.toString(), cause);
  }

  private static void describe(StringBuilder text, String heading, Map<String, Failure> heard) {
    String separator = heading;
    for (Map.Entry<String, Failure> entry : heard.entrySet()) {
      text.append(separator).append("atom '").append(entry.getKey()).append("': ").append(entry.getValue());
      separator = "; ";
    }
  }

  private void forgetRun() {
    failures.clear();
    revertFailures.clear();
    droppedTaskEvents = 0;
    changed.signalAll();
    openRun = null;
  }

  /**
   * A run started by {@link #start} ended; when without a final change (it could not start, or had
   * nothing left to run), ends its subscription, with the error if any.
   */
  private void endUnfinishedRun(Object token, Throwable error) {
    lock.lock();
    try {
      if (openRun != token) {
        return;
      }
      forgetRun();
      inRun = false;
      if (closed || detached) {
        detached = false;
        return;
      }
      pending.add(new End(made, error));
    } finally {
      lock.unlock();
    }
    drain();
  }

  // ---- delivery

  /** Delivers what the subscriber asked for, on whichever thread gets here first; one at a time. */
  private void drain() {
    boolean wasInside = inside.get();
    lock.lock();
    if (draining) {
      lock.unlock();
      return;
    }
    draining = true;
    inside.set(Boolean.TRUE);
    try {
      while (true) {
        Link link = current;
        Object head = pending.peek();
        if (link == null || head == null || !link.started) {
          break;
        }
        if (head instanceof End end) {
          pending.poll();
          current = null;
          releasedUpTo = Math.max(releasedUpTo, end.after());
          changed.signalAll();
          runUnlocked(() -> link.finish(end.error()));
          continue;
        }
        if (dispatched >= requested) {
          break;
        }
        pending.poll();
        dispatched++;
        if (head instanceof RunEvent.TaskReported) {
          waitingTaskEvents--;
        }
        runUnlocked(() -> link.next((RunEvent) head));
        if (current == link) {
          delivered++;
        }
        changed.signalAll();
      }
    } finally {
      draining = false;
      inside.set(wasInside);
      lock.unlock();
    }
  }

  private void request(Link link, long n) {
    lock.lock();
    try {
      if (current != link) {
        return;
      }
      long sum = requested + n;
      requested = sum < 0 ? Long.MAX_VALUE : sum;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    drain();
  }

  private void cancel(Link link) {
    lock.lock();
    try {
      if (current != link) {
        return;
      }
      current = null;
      pending.clear();
      waitingTaskEvents = 0;
      releasedUpTo = made;
      // The rest of a run under way passes unheld; a run not yet begun waits for a subscriber.
      detached = runUnderWay();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean runUnderWay() {
    return openRun != null || inRun;
  }

  /** One subscription. */
  private final class Link implements Subscription {

    private final Subscriber<? super RunEvent> subscriber;
    private boolean ended;
    /** Set once the subscriber has its subscription: nothing is delivered before. */
    private volatile boolean started;

    Link(Subscriber<? super RunEvent> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        boolean first = end();
        RunStream.this.cancel(this);
        if (first) {
          subscriber.onError(new IllegalArgumentException("request must be positive, not " + n));
        }
        return;
      }
      RunStream.this.request(this, n);
    }

    @Override
    public void cancel() {
      synchronized (this) {
        ended = true;
      }
      RunStream.this.cancel(this);
    }

    /** Marks the subscription ended; true when it was not already. */
    synchronized boolean end() {
      boolean first = !ended;
      ended = true;
      return first;
    }

    synchronized boolean isEnded() {
      return ended;
    }

    void next(RunEvent event) {
      if (isEnded()) {
        return;
      }
      try {
        subscriber.onNext(event);
      } catch (RuntimeException e) {
        LOG.warn("run stream subscriber {} failed on {}; cancelling its subscription", subscriber, event, e);
        cancel();
      }
    }

    void finish(Throwable error) {
      if (!end()) {
        return;
      }
      if (error == null) {
        subscriber.onComplete();
      } else {
        subscriber.onError(error);
      }
    }
  }

  /** The subscriber behind {@link #iterator()}: asks for one event at a time. */
  private static final class BlockingIterator implements Iterator<RunEvent>, Subscriber<RunEvent> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<RunEvent> items = new ArrayDeque<>();
    private Subscription subscription;
    private boolean asked;
    private boolean done;
    private Throwable error;

    @Override
    public void onSubscribe(Subscription value) {
      lock.lock();
      try {
        subscription = value;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onNext(RunEvent item) {
      lock.lock();
      try {
        items.add(item);
        asked = false;
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onError(Throwable throwable) {
      end(throwable);
    }

    @Override
    public void onComplete() {
      end(null);
    }

    private void end(Throwable throwable) {
      lock.lock();
      try {
        done = true;
        error = throwable;
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void cancel() {
      Subscription toCancel;
      lock.lock();
      try {
        toCancel = subscription;
        if (!done) {
          done = true;
        }
        items.clear();
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
      if (toCancel != null) {
        toCancel.cancel();
      }
    }

    @Override
    public boolean hasNext() {
      lock.lock();
      try {
        while (true) {
          if (!items.isEmpty()) {
            return true;
          }
          if (done) {
            if (error instanceof RuntimeException runtime) {
              throw runtime;
            }
            if (error != null) {
              throw new TaskflowException("the run stream ended with an error: " + error, error);
            }
            return false;
          }
          if (!asked) {
            asked = true;
            Subscription ask = subscription;
            lock.unlock();
            try {
              ask.request(1);
            } finally {
              lock.lock();
            }
            continue;
          }
          try {
            arrived.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock.unlock();
            try {
              cancel();
            } finally {
              lock.lock();
            }
            throw new CancellationException("interrupted while waiting for the next event of the run");
          }
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public RunEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the run stream has ended");
      }
      lock.lock();
      try {
        return items.poll();
      } finally {
        lock.unlock();
      }
    }
  }
}
