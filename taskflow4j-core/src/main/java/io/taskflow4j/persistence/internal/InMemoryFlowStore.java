package io.taskflow4j.persistence.internal;

import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.AtomState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link FlowStore} in memory. Records are immutable, so reads hand them out as they are; lists
 * come oldest-created first (ties in the order of their first save). Thread-safe: every method
 * holds the store's lock.
 */
public final class InMemoryFlowStore implements FlowStore {

  private final Map<String, LogBook> logBooks = new LinkedHashMap<>();
  private final Map<String, FlowDetail> flows = new LinkedHashMap<>();
  /** Flow uuid to its atoms by atom uuid, in insertion order. */
  private final Map<String, Map<String, AtomDetail>> atoms = new LinkedHashMap<>();
  private boolean closed;

  @Override
  public synchronized void save(Changes changes) {
    open();
    for (FlowDetail flow : changes.flows()) {
      boolean known = logBooks.containsKey(flow.logBookUuid())
          || changes.logBooks().stream().anyMatch(book -> book.uuid().equals(flow.logBookUuid()));
      if (!known) {
        throw new StoreException("flow detail " + flow.uuid() + " names logbook " + flow.logBookUuid() + ", which does not exist");
      }
    }
    for (AtomDetail atom : changes.atoms()) {
      boolean known = flows.containsKey(atom.flowUuid())
          || changes.flows().stream().anyMatch(flow -> flow.uuid().equals(atom.flowUuid()));
      if (!known) {
        throw new StoreException("atom detail " + atom.uuid() + " names flow detail " + atom.flowUuid() + ", which does not exist");
      }
    }
    for (LogBook book : changes.logBooks()) {
      LogBook old = logBooks.get(book.uuid());
      logBooks.put(book.uuid(), old == null ? book : new LogBook(book.uuid(), book.name(), book.meta(), old.createdAt(), book.updatedAt()));
    }
    for (FlowDetail flow : changes.flows()) {
      FlowDetail old = flows.get(flow.uuid());
      flows.put(flow.uuid(), old == null ? flow
          : new FlowDetail(flow.uuid(), flow.logBookUuid(), flow.name(), flow.state(), flow.meta(), old.createdAt(), flow.updatedAt()));
      atoms.computeIfAbsent(flow.uuid(), uuid -> new LinkedHashMap<>());
    }
    for (AtomDetail atom : changes.atoms()) {
      Map<String, AtomDetail> ofFlow = atoms.get(atom.flowUuid());
      AtomDetail old = ofFlow.get(atom.uuid());
      ofFlow.put(atom.uuid(), old == null ? atom : keepCreated(atom, old));
    }
  }

  private static AtomDetail keepCreated(AtomDetail atom, AtomDetail old) {
    return new AtomDetail(atom.uuid(), atom.flowUuid(), atom.name(), atom.type(), atom.version(), atom.state(),
        atom.intention(), atom.results(), atom.failure(), atom.revertResults(), atom.revertFailure(), atom.meta(),
        old.createdAt(), atom.updatedAt());
  }

  @Override
  public synchronized Optional<LogBook> logBook(String uuid) {
    open();
    return Optional.ofNullable(logBooks.get(uuid));
  }

  @Override
  public synchronized List<LogBook> logBooks() {
    open();
    return logBooks.values().stream().sorted(Comparator.comparing(LogBook::createdAt)).toList();
  }

  @Override
  public synchronized Optional<FlowDetail> flow(String uuid) {
    open();
    return Optional.ofNullable(flows.get(uuid));
  }

  @Override
  public synchronized List<FlowDetail> flowsOf(String logBookUuid) {
    open();
    return flows.values().stream()
        .filter(flow -> flow.logBookUuid().equals(logBookUuid))
        .sorted(Comparator.comparing(FlowDetail::createdAt))
        .toList();
  }

  @Override
  public synchronized List<AtomDetail> atoms(String flowUuid) {
    open();
    Map<String, AtomDetail> ofFlow = atoms.get(flowUuid);
    return ofFlow == null ? List.of()
        : ofFlow.values().stream().sorted(Comparator.comparing(AtomDetail::createdAt)).toList();
  }

  @Override
  public synchronized List<FlowSummary> flows(FlowQuery query) {
    open();
    List<FlowSummary> found = new ArrayList<>();
    for (FlowDetail flow : flows.values()) {
      if (!query.matches(flow)) {
        continue;
      }
      int total = 0;
      int succeeded = 0;
      for (AtomDetail atom : atoms.get(flow.uuid()).values()) {
        if (!atom.isInjector()) {
          total++;
          if (atom.state() == AtomState.SUCCESS) {
            succeeded++;
          }
        }
      }
      found.add(new FlowSummary(flow, logBooks.get(flow.logBookUuid()).name(), total, succeeded));
    }
    found.sort(Comparator.comparing((FlowSummary summary) -> summary.flow().updatedAt()).reversed());
    return found.size() > query.limit() ? List.copyOf(found.subList(0, query.limit())) : found;
  }

  @Override
  public synchronized boolean deleteFlow(String flowUuid) {
    open();
    FlowDetail flow = flows.remove(flowUuid);
    if (flow == null) {
      return false;
    }
    atoms.remove(flowUuid);
    if (flows.values().stream().noneMatch(other -> other.logBookUuid().equals(flow.logBookUuid()))) {
      logBooks.remove(flow.logBookUuid());
    }
    return true;
  }

  @Override
  public synchronized boolean deleteLogBook(String uuid) {
    open();
    if (logBooks.remove(uuid) == null) {
      return false;
    }
    flows.values().removeIf(flow -> {
      if (flow.logBookUuid().equals(uuid)) {
        atoms.remove(flow.uuid());
        return true;
      }
      return false;
    });
    return true;
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void open() {
    if (closed) {
      throw new StoreException("the in-memory store has been closed");
    }
  }
}
