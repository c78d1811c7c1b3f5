package io.taskflow4j.transport;

import java.util.Objects;

/**
 * A message as a transport carries it: envelope properties and the encoded body. The body array is
 * owned by the message and must not be modified.
 *
 * @param properties the envelope
 * @param body the body's bytes (UTF-8 JSON)
 */
public record Message(MessageProperties properties, byte[] body) {

  /** Validates the components. */
  public Message {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(body, "body");
  }
}
