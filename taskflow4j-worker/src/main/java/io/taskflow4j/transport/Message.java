package io.taskflow4j.transport;

import java.util.Arrays;
import java.util.Objects;

/**
 * A message as a transport carries it: envelope properties and the encoded body. The body array is
 * owned by the message and must not be modified.
 *
 * @param properties the envelope
 * @param body the body's bytes (UTF-8 JSON)
 */
public record Message(MessageProperties properties, byte[] body) {

  /**
   * Validates the components.
   *
   * @param properties the envelope
   * @param body the body's bytes (UTF-8 JSON)
   */
  public Message {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(body, "body");
  }

  /**
   * Compares the properties and the body's bytes, so that two messages with the same content are
   * equal.
   *
   * @param other another object
   * @return true when it is a message with equal properties and the same body bytes
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof Message message
        && properties.equals(message.properties)
        && Arrays.equals(body, message.body);
  }

  @Override
  public int hashCode() {
    return 31 * properties.hashCode() + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Message[properties=" + properties + ", body=" + body.length + " bytes]";
  }
}
