package io.taskflow4j.jobs.internal;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;
import io.taskflow4j.persistence.LogBook;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the saves of the conductor's concurrent flows together: a save that arrives while another
 * is being written waits, and the next writer commits every waiting save in one transaction
 * ({@link Batcher}). Each engine already commits its own changes in groups, but one flow's commits
 * are few and small; on a server store the cost is the commit itself, so a conductor running many
 * flows pays it once per group instead of once per flow. Every save still returns only once its
 * changes are committed, or throws. When a group fails, its saves are written one by one, so a
 * change only one flow made cannot fail the others.
 *
 * <p>Thread-safety: thread-safe.
 */
final class GroupCommitStore extends ForwardingFlowStore {

  private final Batcher<Changes> batcher = new Batcher<>(this::write);

  GroupCommitStore(FlowStore delegate) {
    super(delegate);
  }

  @Override
  public void save(Changes changes) {
    batcher.submit(changes);
  }

  private void write(List<Batcher.Item<Changes>> group) {
    if (group.size() == 1) {
      saveAlone(group.get(0));
      return;
    }
    List<LogBook> books = new ArrayList<>();
    List<FlowDetail> flows = new ArrayList<>();
    List<AtomDetail> atoms = new ArrayList<>();
    for (Batcher.Item<Changes> item : group) {
      books.addAll(item.value().logBooks());
      flows.addAll(item.value().flows());
      atoms.addAll(item.value().atoms());
    }
    try {
      delegate().save(new Changes(books, flows, atoms));
    } catch (RuntimeException e) {
      group.forEach(this::saveAlone); // one by one: only the saves that fail alone fail
    }
  }

  private void saveAlone(Batcher.Item<Changes> item) {
    try {
      delegate().save(item.value());
    } catch (RuntimeException e) {
      item.fail(e);
    }
  }
}
