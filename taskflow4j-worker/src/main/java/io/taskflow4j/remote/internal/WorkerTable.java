package io.taskflow4j.remote.internal;

import io.taskflow4j.protocol.NotifyResponse;
import io.taskflow4j.remote.KnownWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The workers an executor knows of (contract section 5): one per topic, replaced when its answer
 * to a NOTIFY differs, with the time it was last heard from.
 *
 * <p>Choosing a worker for a task reads an index that is rebuilt only when the table changes, so
 * the per-request lookup takes no lock.
 *
 * <p>Thread-safety: thread-safe; changes are guarded by this object's monitor, which waiters of
 * {@link #awaitAtLeast} also wait on.
 */
public final class WorkerTable {

  private static final String[] NONE = new String[0];

  /** One known worker; {@code lastSeen} is guarded by the table's monitor. */
  private static final class Entry {
    final String topic;
    final List<String> tasks;
    final Set<String> taskSet;
    Instant lastSeen;

    Entry(String topic, List<String> tasks, Instant lastSeen) {
      this.topic = topic;
      this.tasks = List.copyOf(tasks);
      this.taskSet = Set.copyOf(tasks);
      this.lastSeen = lastSeen;
    }

    KnownWorker snapshot() {
      return new KnownWorker(topic, tasks, lastSeen);
    }
  }

  private final Map<String, Entry> byTopic = new LinkedHashMap<>();
  /** Task name to the topics of the workers serving it; replaced whole on every change. */
  private volatile Map<String, String[]> index = Map.of();

  /**
   * Records a worker's answer to a NOTIFY.
   *
   * @param answer the worker's topic and tasks
   * @param now when it arrived
   * @return the worker if it is new or serves other tasks than before, else empty
   */
  public synchronized Optional<KnownWorker> update(NotifyResponse answer, Instant now) {
    Entry known = byTopic.get(answer.topic());
    if (known != null
        && known.tasks.size() == answer.tasks().size()
        && known.taskSet.containsAll(answer.tasks())) {
      known.lastSeen = now;
      return Optional.empty();
    }
    Entry entry = new Entry(answer.topic(), answer.tasks(), now);
    byTopic.put(entry.topic, entry);
    changed();
    return Optional.of(entry.snapshot());
  }

  /**
   * Chooses a worker serving a task: the only one, or one at random among several.
   *
   * @param task the served name ({@code task_cls})
   * @return the worker's topic, or empty when no known worker serves it
   */
  public Optional<String> pick(String task) {
    String[] topics = index.getOrDefault(task, NONE);
    if (topics.length == 0) {
      return Optional.empty();
    }
    return Optional.of(
        topics.length == 1 ? topics[0] : topics[ThreadLocalRandom.current().nextInt(topics.length)]);
  }

  /**
   * Forgets the workers not heard from for at least {@code expiry}.
   *
   * @param now the current time
   * @param expiry how long a worker may be silent; zero or negative for never
   * @return the workers forgotten
   */
  public synchronized List<KnownWorker> expire(Instant now, Duration expiry) {
    if (expiry.isZero() || expiry.isNegative() || byTopic.isEmpty()) {
      return List.of();
    }
    List<KnownWorker> expired = new ArrayList<>();
    byTopic.values().removeIf(
        entry -> {
          if (Duration.between(entry.lastSeen, now).compareTo(expiry) >= 0) {
            expired.add(entry.snapshot());
            return true;
          }
          return false;
        });
    if (!expired.isEmpty()) {
      changed();
    }
    return expired;
  }

  /**
   * Forgets a worker.
   *
   * @param topic its topic
   * @return the worker as it was known, or empty when it was not known
   */
  public synchronized Optional<KnownWorker> remove(String topic) {
    Entry removed = byTopic.remove(topic);
    if (removed == null) {
      return Optional.empty();
    }
    changed();
    return Optional.of(removed.snapshot());
  }

  /**
   * When a topic last answered a NOTIFY.
   *
   * @param topic the worker topic
   * @return when, or empty when the topic is not known now
   */
  public synchronized Optional<Instant> lastSeen(String topic) {
    Entry entry = byTopic.get(topic);
    return entry == null ? Optional.empty() : Optional.of(entry.lastSeen);
  }

  /** Forgets every worker. */
  public synchronized void clear() {
    byTopic.clear();
    changed();
  }

  /**
   * The known workers.
   *
   * @return a snapshot, in the order they became known
   */
  public synchronized List<KnownWorker> snapshot() {
    List<KnownWorker> workers = new ArrayList<>(byTopic.size());
    for (Entry entry : byTopic.values()) {
      workers.add(entry.snapshot());
    }
    return workers;
  }

  /**
   * Waits until at least {@code count} workers are known.
   *
   * @param count how many
   * @param timeout how long to wait at most
   * @return true when they are known, false when the time ran out
   * @throws InterruptedException when interrupted while waiting
   */
  public synchronized boolean awaitAtLeast(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    while (byTopic.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  // Under the monitor.
  private void changed() {
    Map<String, List<String>> topicsByTask = new HashMap<>();
    for (Entry entry : byTopic.values()) {
      for (String task : entry.taskSet) {
        topicsByTask.computeIfAbsent(task, t -> new ArrayList<>()).add(entry.topic);
      }
    }
    Map<String, String[]> rebuilt = new HashMap<>(topicsByTask.size() * 2);
    topicsByTask.forEach((task, topics) -> rebuilt.put(task, topics.toArray(NONE)));
    index = rebuilt;
    notifyAll();
  }
}
