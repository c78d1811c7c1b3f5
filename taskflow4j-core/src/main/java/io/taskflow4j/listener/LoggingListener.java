package io.taskflow4j.listener;

import io.taskflow4j.state.AtomState;
import io.taskflow4j.task.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every transition and event through SLF4J: flow changes and failures at INFO or WARN, atom
 * changes and events at DEBUG. Stateless and thread-safe.
 */
public final class LoggingListener implements FlowListener {

  private final Logger log;

  /** Logs to the logger {@code io.taskflow4j.listener.LoggingListener}. */
  public LoggingListener() {
    this(LoggerFactory.getLogger(LoggingListener.class));
  }

  /**
   * Logs to the given logger.
   *
   * @param log the logger
   */
  public LoggingListener(Logger log) {
    this.log = java.util.Objects.requireNonNull(log, "log");
  }

  @Override
  public void onFlowStateChange(FlowStateChange change) {
    log.info("flow '{}' {} -> {}", change.flowName(), change.from(), change.to());
  }

  @Override
  public void onAtomStateChange(AtomStateChange change) {
    if (change.to() == AtomState.FAILURE || change.to() == AtomState.REVERT_FAILURE) {
      String failure =
          change.outcome().filter(o -> o instanceof Outcome.Failed)
              .map(o -> ((Outcome.Failed) o).failure().toString())
              .orElse("");
      log.warn("atom '{}' {} -> {}: {}", change.atomName(), change.from(), change.to(), failure);
    } else {
      log.debug("atom '{}' {} -> {}", change.atomName(), change.from(), change.to());
    }
  }

  @Override
  public void onTaskEvent(TaskEvent event) {
    log.debug("task '{}' event {} {}", event.taskName(), event.eventType(), event.details());
  }
}
