package io.taskflow4j.jobs.internal;

import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.LogBook;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes the saves of the conductor's concurrent flows together: a save that arrives while another
 * is being written waits, and the next writer commits every waiting save in one transaction. Each
 * engine already commits its own changes in groups, but one flow's commits are few and small; on a
 * server store the cost is the commit itself, so a conductor running many flows pays it once per
 * group instead of once per flow.
 *
 * <p>Leader and followers, no thread of its own: a save that finds nobody writing writes at once
 * (a lone flow waits for nothing), and when it is done it hands the writing to the first save that
 * queued meanwhile, which writes everything queued by then. Every save still returns only once its
 * changes are committed, or throws. When a group fails, its saves are written one by one, so a
 * change only one flow made cannot fail the others.
 *
 * <p>Thread-safety: thread-safe.
 */
final class GroupCommitStore extends ForwardingFlowStore {

  /** A save waiting its turn: told it was written (false) or that it is to write (true). */
  private static final class Pending {
    final Changes changes;
    final CompletableFuture<Boolean> turn = new CompletableFuture<>();
    /** What writing it threw; read after {@code turn} completes or by the writer itself. */
    RuntimeException failure;

    Pending(Changes changes) {
      this.changes = changes;
    }
  }

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean writing;

  GroupCommitStore(FlowStore delegate) {
    super(delegate);
  }

  @Override
  public void save(Changes changes) {
    Pending mine = new Pending(changes);
    boolean lead;
    synchronized (queue) {
      queue.add(mine);
      lead = !writing;
      writing = true;
    }
    if (!lead && !awaitTurn(mine)) {
      throwIfFailed(mine); // another save's writer wrote it
      return;
    }
    List<Pending> group;
    synchronized (queue) {
      group = new ArrayList<>(queue);
      queue.clear();
    }
    try {
      write(group);
    } finally {
      Pending next;
      synchronized (queue) {
        next = queue.poll();
        if (next == null) {
          writing = false;
        } else {
          queue.addFirst(next);
        }
      }
      if (next != null) {
        next.turn.complete(true);
      }
    }
    throwIfFailed(mine);
  }

  /** Waits until this save is written (false) or its turn to write comes (true). */
  private static boolean awaitTurn(Pending pending) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return pending.turn.get();
        } catch (InterruptedException e) {
          interrupted = true; // the save is queued and will be written: finish waiting for it
        } catch (ExecutionException e) {
          throw new StoreException("a grouped commit failed: " + e.getMessage(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Writes a group, then releases every save of it but the writer's own. */
  private void write(List<Pending> group) {
    if (group.size() == 1) {
      saveAlone(group.get(0));
    } else {
      saveTogether(group);
    }
    for (Pending pending : group.subList(1, group.size())) {
      pending.turn.complete(false);
    }
  }

  private void saveTogether(List<Pending> group) {
    List<LogBook> books = new ArrayList<>();
    List<FlowDetail> flows = new ArrayList<>();
    List<AtomDetail> atoms = new ArrayList<>();
    for (Pending pending : group) {
      books.addAll(pending.changes.logBooks());
      flows.addAll(pending.changes.flows());
      atoms.addAll(pending.changes.atoms());
    }
    try {
      delegate().save(new Changes(books, flows, atoms));
    } catch (RuntimeException e) {
      group.forEach(this::saveAlone); // one by one: only the saves that fail alone fail
    }
  }

  private void saveAlone(Pending pending) {
    try {
      delegate().save(pending.changes);
    } catch (RuntimeException e) {
      pending.failure = e;
    }
  }

  private static void throwIfFailed(Pending pending) {
    if (pending.failure != null) {
      throw pending.failure;
    }
  }
}
