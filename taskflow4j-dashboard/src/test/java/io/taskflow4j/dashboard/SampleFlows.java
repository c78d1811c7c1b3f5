package io.taskflow4j.dashboard;

import static org.awaitility.Awaitility.await;

import io.taskflow4j.dashboard.spi.FlowActions;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Real runs recorded in a store, one per state the dashboard must show: succeeded, reverted after
 * retries, failed (a revert failed), suspended, and running until {@link #release()}. Also the
 * {@link FlowActions} that resume and revert them, rebuilding each flow from its definition.
 * Thread-safe.
 */
final class SampleFlows implements FlowActions, AutoCloseable {

  final FlowStore store;
  final String succeeded;
  final String reverted;
  final String failed;
  final String suspended;
  final String running;
  private final CountDownLatch release = new CountDownLatch(1);
  private final Map<String, Supplier<Flow>> definitions = new ConcurrentHashMap<>();
  private final List<Engine> engines = new ArrayList<>();

  SampleFlows(FlowStore store) {
    this.store = store;
    succeeded = run(SampleFlows::provision, FlowState.SUCCESS);
    reverted = run(SampleFlows::provisionWithoutCapacity, FlowState.REVERTED);
    failed = run(SampleFlows::provisionWithStuckIp, FlowState.FAILURE);
    suspended = suspendedRun();
    running = runUntilReleased();
  }

  /** Lets the running flow's last task finish. */
  void release() {
    release.countDown();
  }

  static Flow provision() {
    return Flow.linear("provision-vm").add(
        Task.builder("allocate-ip").provides("ip").execute(ctx -> "10.0.0.7").revert(ctx -> {}).build(),
        Flow.unordered("storage-and-network").add(
            Task.builder("create-disk").provides("disk").execute(ctx -> "disk-42").revert(ctx -> {}).build(),
            Task.builder("create-nic").requires("ip").provides("nic").execute(ctx -> "nic-9").build()),
        Task.builder("boot-vm").requires("disk", "nic").provides("vm").execute(ctx -> "vm-1").build());
  }

  static Flow provisionWithoutCapacity() {
    return Flow.linear("provision-vm-no-capacity").add(
        Task.builder("allocate-ip").provides("ip").execute(ctx -> "10.0.0.8").revert(ctx -> {}).build(),
        Task.builder("boot-vm").requires("ip").execute(ctx -> {
          throw new IllegalStateException("hypervisor refused: no capacity left in zone eu-1");
        }).build()).retry(Retry.times(2));
  }

  static Flow provisionWithStuckIp() {
    return Flow.linear("provision-vm-stuck-ip").add(
        Task.builder("allocate-ip").provides("ip").execute(ctx -> "10.0.0.9").revert(ctx -> {
          throw new IllegalStateException("IP 10.0.0.9 is still attached; release it by hand");
        }).build(),
        Task.builder("boot-vm").requires("ip").execute(ctx -> {
          throw new IllegalStateException("image not found");
        }).build());
  }

  static Flow deploy() {
    return Flow.linear("deploy-app").add(
        Task.builder("build-image").provides("image").execute(ctx -> "app:1.4").revert(ctx -> {}).build(),
        Task.builder("push-image").requires("image").execute(ctx -> "pushed").revert(ctx -> {}).build(),
        Task.builder("roll-out").requires("image").execute(ctx -> "rolled out").build());
  }

  private Flow waitingFlow() {
    return Flow.linear("nightly-report").add(
        Task.builder("collect").provides("rows").execute(ctx -> 1200).build(),
        Task.builder("render").requires("rows").execute(ctx -> {
          ctx.reportProgress(0.4);
          release.await();
          return "report.pdf";
        }).build());
  }

  private String run(Supplier<Flow> definition, FlowState expected) {
    try (Engine engine = Engine.builder(definition.get()).store(store).build()) {
      definitions.put(engine.flowId(), definition);
      try {
        engine.run();
      } catch (FlowFailedException e) {
        // Expected for the failing samples; the state says how it ended.
      }
      if (engine.state() != expected) {
        throw new IllegalStateException(definition.get().name() + " ended " + engine.state() + ", not " + expected);
      }
      return engine.flowId();
    }
  }

  /** Runs the deploy flow until it suspends after its first task. */
  String suspendedRun() {
    Engine[] holder = new Engine[1];
    FlowListener suspendAfterBuild = new FlowListener() {
      @Override
      public void onAtomStateChange(AtomStateChange change) {
        if (change.atomName().equals("build-image") && change.to() == AtomState.SUCCESS) {
          holder[0].suspend();
        }
      }
    };
    try (Engine engine = Engine.builder(deploy()).store(store).listener(suspendAfterBuild).build()) {
      holder[0] = engine;
      definitions.put(engine.flowId(), SampleFlows::deploy);
      if (engine.run() != FlowState.SUSPENDED) {
        throw new IllegalStateException("deploy-app was not suspended: " + engine.state());
      }
      return engine.flowId();
    }
  }

  private String runUntilReleased() {
    Engine engine = Engine.builder(waitingFlow()).store(store).build();
    synchronized (engines) {
      engines.add(engine);
    }
    engine.runAsync();
    await().until(() -> store.atoms(engine.flowId()).stream()
        .anyMatch(atom -> atom.name().equals("render") && atom.state() == AtomState.RUNNING));
    return engine.flowId();
  }

  @Override
  public void resume(FlowDetail flow) {
    start(flow, false);
  }

  @Override
  public void revert(FlowDetail flow) {
    start(flow, true);
  }

  private void start(FlowDetail flow, boolean revert) {
    Supplier<Flow> definition = definitions.get(flow.uuid());
    if (definition == null) {
      throw new DashboardException("this test knows no definition of flow " + flow.uuid());
    }
    Engine engine = Engine.builder(definition.get()).resume(store, flow.uuid()).build();
    synchronized (engines) {
      engines.add(engine);
    }
    if (revert) {
      engine.revertAsync();
    } else {
      engine.runAsync();
    }
  }

  @Override
  public void close() {
    release();
    synchronized (engines) {
      engines.forEach(Engine::close);
    }
  }
}
