package io.taskflow4j.engine;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.ForwardingFlowStore;
import io.taskflow4j.persistence.LogBook;
import java.util.List;

/** A store that passes every call on, for tests that watch or break some of them. */
class ForwardingStore extends ForwardingFlowStore {

  ForwardingStore(FlowStore delegate) {
    super(delegate);
  }

  /** A copy of everything a store holds, as another process would find it after a crash. */
  static FlowStore copyOf(FlowStore source) {
    FlowStore copy = FlowStore.inMemory();
    for (LogBook book : source.logBooks()) {
      List<FlowDetail> flows = source.flowsOf(book.uuid());
      List<AtomDetail> atoms = flows.stream().flatMap(flow -> source.atoms(flow.uuid()).stream()).toList();
      copy.save(new Changes(List.of(book), flows, atoms));
    }
    return copy;
  }
}
