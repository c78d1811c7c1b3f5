package io.taskflow4j.protocol;

/**
 * The body of a worker-protocol message (contract section 3), one record per kind. {@link
 * ProtocolCodec} turns each into a transport {@link io.taskflow4j.transport.Message} and back.
 *
 * <p>Thread-safety: every implementation is an immutable record.
 */
public sealed interface ProtocolMessage
    permits NotifyRequest, NotifyResponse, TaskRequest, TaskResponse {

  /** The {@code type} property of discovery messages, both the executor's and the worker's. */
  String NOTIFY = "NOTIFY";

  /** The {@code type} property of a task request. */
  String REQUEST = "REQUEST";

  /** The {@code type} property of a worker's response to a request. */
  String RESPONSE = "RESPONSE";

  /**
   * The envelope's {@code type} property for this message.
   *
   * @return {@link #NOTIFY}, {@link #REQUEST} or {@link #RESPONSE}
   */
  String type();
}
