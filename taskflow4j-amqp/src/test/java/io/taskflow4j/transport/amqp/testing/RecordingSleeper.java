package io.taskflow4j.transport.amqp.testing;

import io.taskflow4j.transport.amqp.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * A {@link Sleeper} that never waits: it records each requested wait and may run an action on the
 * n-th one (for instance, restoring a cut network before the next retry). Thread-safe.
 */
public final class RecordingSleeper implements Sleeper {

  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final IntConsumer onWait;

  /** Records waits and does nothing else. */
  public RecordingSleeper() {
    this(n -> {});
  }

  /**
   * Records waits and runs an action on each.
   *
   * @param onWait receives the wait's number, from 1
   */
  public RecordingSleeper(IntConsumer onWait) {
    this.onWait = onWait;
  }

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
    onWait.accept(waits.size());
  }

  /**
   * The waits asked for so far, in order.
   *
   * @return the waits
   */
  public List<Duration> waits() {
    return List.copyOf(waits);
  }
}
