package io.taskflow4j.protocol;

/**
 * The executor's discovery message, sent to every worker topic it knows: the body is {@code {}},
 * and {@code reply_to} names the executor's topic.
 *
 * <p>Thread-safety: immutable.
 */
public record NotifyRequest() implements ProtocolMessage {

  /** The one value there is. */
  public static final NotifyRequest INSTANCE = new NotifyRequest();

  /**
   * {@inheritDoc}
   *
   * @return {@link ProtocolMessage#NOTIFY}
   */
  @Override
  public String type() {
    return NOTIFY;
  }
}
