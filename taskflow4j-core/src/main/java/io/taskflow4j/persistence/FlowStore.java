package io.taskflow4j.persistence;

import io.taskflow4j.persistence.internal.InMemoryFlowStore;
import java.util.List;
import java.util.Optional;

/**
 * Where an engine records a flow's progress so that another process can resume it: logbooks
 * holding flow details holding atom details, the reference's model.
 *
 * <p>Implement this to add a backend, and pass the abstract contract test every backend of the
 * project passes ({@code FlowStoreContractTest} in the core test jar). The SQL backends, in
 * {@code taskflow4j-store-jdbc}, use the reference's tables.
 *
 * <p>Thread-safety: implementations are thread-safe.
 */
public interface FlowStore extends AutoCloseable {

  /**
   * A store in this process's memory: for tests, and for an engine that wants resume only within
   * one process.
   *
   * @return a new, empty store
   */
  static FlowStore inMemory() {
    return new InMemoryFlowStore();
  }

  /**
   * Writes the changes in one transaction: all of them or none.
   *
   * @param changes what to write
   * @throws StoreException when the write failed; nothing of it is then stored
   */
  void save(Changes changes);

  /**
   * A logbook by id.
   *
   * @param uuid its id
   * @return the logbook, or empty when there is none
   * @throws StoreException when the store cannot be read
   */
  Optional<LogBook> logBook(String uuid);

  /**
   * Every logbook.
   *
   * @return the logbooks, oldest first
   * @throws StoreException when the store cannot be read
   */
  List<LogBook> logBooks();

  /**
   * A flow detail by id.
   *
   * @param uuid its id
   * @return the flow detail, or empty when there is none
   * @throws StoreException when the store cannot be read or the row is malformed
   */
  Optional<FlowDetail> flow(String uuid);

  /**
   * The flow details of a logbook.
   *
   * @param logBookUuid the logbook's id
   * @return its flow details, oldest first
   * @throws StoreException when the store cannot be read
   */
  List<FlowDetail> flowsOf(String logBookUuid);

  /**
   * The atom details of a flow detail, the injector of inputs included.
   *
   * @param flowUuid the flow detail's id
   * @return its atom details, oldest first; empty when there is no such flow
   * @throws StoreException when the store cannot be read or a row is malformed
   */
  List<AtomDetail> atoms(String flowUuid);

  /**
   * Lists flow details with counts of their atoms.
   *
   * @param query which flows
   * @return the flows, newest-updated first
   * @throws StoreException when the store cannot be read
   */
  List<FlowSummary> flows(FlowQuery query);

  /**
   * Deletes a flow detail and its atom details; its logbook goes too when it is left empty.
   *
   * @param flowUuid the flow detail's id
   * @return true when it existed
   * @throws StoreException when the store cannot be written
   */
  boolean deleteFlow(String flowUuid);

  /**
   * Deletes a logbook with its flow and atom details.
   *
   * @param uuid the logbook's id
   * @return true when it existed
   * @throws StoreException when the store cannot be written
   */
  boolean deleteLogBook(String uuid);

  /**
   * Says what this store is, for messages: its kind and location, no password.
   *
   * @return such as {@code sqlite:/var/lib/app/flows.db}
   */
  String describe();

  /** Releases connections; the store cannot be used afterwards. */
  @Override
  void close();
}
