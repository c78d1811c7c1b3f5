package io.taskflow4j.jobs.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Turns concurrent blocking calls into groups, with no thread of its own: a call that finds
 * nobody writing writes at once (a lone caller waits for nothing); calls that arrive meanwhile
 * queue, and when the writer is done it hands the writing to the first of them, which writes
 * every call queued by then as one group. Each call returns once its item is written, or throws
 * what the group writer recorded as its item's failure.
 *
 * <p>Thread-safety: thread-safe.
 *
 * @param <T> what a call writes
 */
final class Batcher<T> {

  /** One call's item and its outcome, set by the group writer. */
  static final class Item<T> {
    private final T value;
    private final CompletableFuture<Boolean> turn = new CompletableFuture<>();
    private RuntimeException failure;

    private Item(T value) {
      this.value = value;
    }

    T value() {
      return value;
    }

    /** Records that writing this item failed; its caller throws the exception. */
    void fail(RuntimeException error) {
      failure = error;
    }
  }

  private final Consumer<List<Item<T>>> writer;
  private final ArrayDeque<Item<T>> queue = new ArrayDeque<>();
  private boolean writing;

  /**
   * @param writer writes a group, calling {@link Item#fail} for the items it could not write; it
   *     must not throw
   */
  Batcher(Consumer<List<Item<T>>> writer) {
    this.writer = writer;
  }

  /**
   * Writes an item with whatever else is queued, and waits until it is written.
   *
   * @param value the item
   * @throws RuntimeException what the writer recorded for it
   */
  void submit(T value) {
    Item<T> mine = new Item<>(value);
    boolean lead;
    synchronized (queue) {
      queue.add(mine);
      lead = !writing;
      writing = true;
    }
    if (lead || awaitTurn(mine)) {
      List<Item<T>> group;
      synchronized (queue) {
        group = new ArrayList<>(queue);
        queue.clear();
      }
      try {
        writer.accept(group);
      } finally {
        handOver(group);
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  /** Releases the group's other callers and gives the writing to the first call queued since. */
  private void handOver(List<Item<T>> group) {
    // The writer is the group's first item: every other one is released as written.
    for (Item<T> item : group.subList(1, group.size())) {
      item.turn.complete(false);
    }
    Item<T> next;
    synchronized (queue) {
      next = queue.peek();
      if (next == null) {
        writing = false;
      }
    }
    if (next != null) {
      next.turn.complete(true);
    }
  }

  /** Waits until this call's item is written (false) or its turn to write comes (true). */
  private static boolean awaitTurn(Item<?> item) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return item.turn.get();
        } catch (InterruptedException e) {
          interrupted = true; // the item is queued and will be written: finish waiting for it
        } catch (ExecutionException e) {
          throw new IllegalStateException("a group writer failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
