package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.ClassTaskResolver;
import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFileException;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.flowfile.RecordedInputs;
import io.taskflow4j.cli.run.ExecutionBackend;
import io.taskflow4j.cli.run.ExecutionBackends;
import io.taskflow4j.cli.run.RunTarget;
import io.taskflow4j.cli.store.StoreOptions;
import io.taskflow4j.dashboard.DashboardException;
import io.taskflow4j.dashboard.spi.FlowActions;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.EngineBuilder;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.LoggingListener;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's resume and revert for the {@code taskflow} command: rebuilds a flow from the flow
 * file {@code taskflow run} recorded with it, checks it now so the page can say what is wrong, then
 * runs it on a thread of its own, in this process or on the workers, with the listeners given (the
 * metrics of {@code --metrics-port}). Thread-safe.
 */
final class RecordedFlowActions implements FlowActions, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecordedFlowActions.class);

  private final FlowStore store;
  private final RunTarget target;
  private final ClassTaskResolver localTasks;
  private final List<FlowListener> listeners;
  private final Set<String> acting = ConcurrentHashMap.newKeySet();
  private final ExecutorService runs = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "taskflow4j-dashboard-action");
    thread.setDaemon(true);
    return thread;
  });

  RecordedFlowActions(FlowStore store, RunTarget target, ClassTaskResolver localTasks, List<FlowListener> listeners) {
    this.store = store;
    this.target = target;
    this.localTasks = localTasks;
    this.listeners = List.copyOf(listeners);
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
    String action = revert ? "revert" : "resume";
    if (!acting.add(flow.uuid())) {
      throw new DashboardException("this dashboard is already acting on it; wait until that ends");
    }
    try {
      FlowSource source = RecordedFlows.recordedSource(flow).orElseThrow(() -> new DashboardException(
          "it was not recorded by 'taskflow run', so its flow file is not in the store; use 'taskflow " + action
              + "' with --file FLOW_FILE"));
      ExecutionBackend backend = ExecutionBackends.open(target, localTasks);
      try {
        LoadedFlow loaded = new FlowAssembler(backend.tasks())
            .assemble(FlowFiles.parse(source), RecordedInputs.of(store, flow.uuid()));
        EngineBuilder builder = Engine.builder(loaded.flow()).resume(store, flow.uuid()).listener(new LoggingListener());
        listeners.forEach(builder::listener);
        backend.configure(builder);
        Engine engine = RecordedFlows.buildResumed(builder);
        runs.execute(() -> run(engine, backend, loaded, flow, revert));
      } catch (RuntimeException e) {
        backend.close();
        throw e;
      }
    } catch (FlowFileException | UserInputException e) {
      acting.remove(flow.uuid());
      throw new DashboardException(StoreOptions.oneLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      acting.remove(flow.uuid());
      throw e;
    }
  }

  private void run(Engine engine, ExecutionBackend backend, LoadedFlow loaded, FlowDetail flow, boolean revert) {
    try (engine; backend) {
      backend.prepare(loaded);
      FlowState end = revert ? engine.revert() : engine.run();
      LOG.info("flow '{}' ({}) {} from the dashboard ended {}", flow.name(), flow.uuid(), revert ? "reverted" : "resumed", end);
    } catch (FlowFailedException e) {
      LOG.warn("flow '{}' ({}) {} from the dashboard ended {}: {}", flow.name(), flow.uuid(),
          revert ? "reverted" : "resumed", e.state(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("flow '{}' ({}): the dashboard stopped while it ran", flow.name(), flow.uuid());
    } catch (RuntimeException e) {
      LOG.error("flow '{}' ({}) could not be {} from the dashboard", flow.name(), flow.uuid(),
          revert ? "reverted" : "resumed", e);
    } finally {
      acting.remove(flow.uuid());
    }
  }

  /** Interrupts what still runs and waits a little for it to stop. */
  @Override
  public void close() {
    runs.shutdownNow();
    try {
      if (!runs.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("flows resumed from the dashboard were still running when it stopped; resume them again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
