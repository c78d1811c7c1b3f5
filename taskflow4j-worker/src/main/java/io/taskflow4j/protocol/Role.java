package io.taskflow4j.protocol;

/**
 * Which side of the protocol receives a message. It decides how a NOTIFY body is read (a worker
 * receives the executor's {@code {}}; an executor receives the worker's answer) and which types
 * are handled at all.
 *
 * <p>Thread-safety: immutable.
 */
public enum Role {
  /** A worker: handles NOTIFY requests and REQUESTs. */
  WORKER,
  /** An executor (the engine's side): handles NOTIFY responses and RESPONSEs. */
  EXECUTOR
}
