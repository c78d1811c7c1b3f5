package io.taskflow4j.protocol.internal;

import io.taskflow4j.protocol.InvalidMessageException;
import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.Role;
import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.MessageProperties;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts every received message the way the reference's dispatcher does (contract section 6), and
 * hands the valid ones on: while the owner is not running, the owner decides (an executor requeues);
 * reject a message with no {@code type}, a type the owner does not handle, a body that is not UTF-8
 * JSON, an envelope the receiver refuses or a body that fails validation; otherwise hand the message
 * and its delivery to the receiver, which settles it: an executor at once, a worker once the
 * request's outcome is sent, so that the requests of a worker that dies go to another.
 *
 * <p>A body that passes the reference's validation but cannot be read (a {@link
 * InvalidMessageException.Violation#CONTENT} problem), or one over the reader's limits ({@link
 * InvalidMessageException.Violation#LIMIT}: its envelope is still readable), is acknowledged and
 * reported to the receiver, which can still answer it. Warnings about rejected messages are rate
 * limited: a flood of bad messages writes one line per interval, with a count of the rest. Nothing a
 * message contains makes this handler throw.
 *
 * <p>Thread-safety: thread-safe if the receiver is.
 */
public final class Dispatcher implements MessageHandler {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** What the owner of a dispatcher does with messages. */
  public interface Receiver {

    /**
     * Looks at the envelope of a message of a handled type before its body is read.
     *
     * @param type the message's type
     * @param properties its envelope
     * @return why the message must be rejected, or empty to go on
     */
    Optional<String> refusal(String type, MessageProperties properties);

    /**
     * Processes a valid message and settles its delivery, now or later.
     *
     * @param message the decoded body
     * @param delivery the delivery, not yet settled
     */
    void onMessage(ProtocolMessage message, Delivery delivery);

    /**
     * Settles a message that arrived while the owner does not take messages (it stops).
     *
     * @param delivery the delivery, not yet settled
     */
    void notRunning(Delivery delivery);

    /**
     * Processes an acknowledged message whose body passed validation but could not be read.
     *
     * @param error why it could not be read
     * @param properties its envelope
     */
    void onUnreadable(InvalidMessageException error, MessageProperties properties);
  }

  private final String owner;
  private final Role role;
  private final ProtocolCodec codec;
  private final BooleanSupplier running;
  private final Receiver receiver;
  private final RateLimitedLog rejections = new RateLimitedLog(Duration.ofSeconds(10), System::nanoTime);

  /**
   * Creates the dispatcher.
   *
   * @param owner who consumes, for logs (such as {@code worker 'resize'})
   * @param role which side of the protocol receives
   * @param codec reads the bodies
   * @param running whether the owner processes messages now; when false they are requeued
   * @param receiver the owner
   */
  public Dispatcher(
      String owner, Role role, ProtocolCodec codec, BooleanSupplier running, Receiver receiver) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.role = Objects.requireNonNull(role, "role");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.running = Objects.requireNonNull(running, "running");
    this.receiver = Objects.requireNonNull(receiver, "receiver");
  }

  @Override
  public void handle(Delivery delivery) {
    if (!running.getAsBoolean()) {
      LOG.debug("{} is not running; leaving {} to it", owner, delivery);
      receiver.notRunning(delivery);
      return;
    }
    Message message = delivery.message();
    MessageProperties properties = message.properties();
    Optional<String> type = properties.type();
    if (type.isEmpty()) {
      reject(delivery, "it has no 'type' property");
      return;
    }
    if (!handles(type.get())) {
      reject(delivery, "its type '" + type.get() + "' is not one that the " + roleName() + " handles");
      return;
    }
    Optional<String> problem = contentProblem(properties);
    if (problem.isEmpty()) {
      problem = receiver.refusal(type.get(), properties);
    }
    if (problem.isPresent()) {
      reject(delivery, problem.get());
      return;
    }
    ProtocolMessage decoded;
    try {
      decoded = codec.decode(message, role);
    } catch (InvalidMessageException e) {
      if (e.violation() == InvalidMessageException.Violation.CONTENT
          || e.violation() == InvalidMessageException.Violation.LIMIT) {
        delivery.ack();
        rejections.warn(LOG, "{} accepted a {} whose body cannot be read, and answers it: {}",
            owner, e.messageType(), e.getMessage());
        try {
          receiver.onUnreadable(e, properties);
        } catch (RuntimeException failure) {
          LOG.error("{} failed to process a {} message", owner, type.get(), failure);
        }
      } else {
        reject(delivery, "it is invalid: " + e.getMessage());
      }
      return;
    }
    try {
      receiver.onMessage(decoded, delivery);
    } catch (RuntimeException e) {
      LOG.error("{} failed to process a {} message", owner, type.get(), e);
      delivery.reject();
    }
  }

  private boolean handles(String type) {
    if (ProtocolMessage.NOTIFY.equals(type)) {
      return true;
    }
    return role == Role.WORKER ? ProtocolMessage.REQUEST.equals(type) : ProtocolMessage.RESPONSE.equals(type);
  }

  private String roleName() {
    return role.name().toLowerCase(Locale.ROOT);
  }

  // kombu leaves a body of any other content type undecoded, which then fails the reference's
  // validation; rejecting it here reaches the same end without parsing it.
  private static Optional<String> contentProblem(MessageProperties properties) {
    Optional<String> contentType = properties.contentType();
    if (contentType.isEmpty()) {
      return Optional.of("it has no content type; expected " + MessageProperties.JSON);
    }
    String mediaType = contentType.get();
    int parameters = mediaType.indexOf(';');
    if (parameters >= 0) {
      mediaType = mediaType.substring(0, parameters);
    }
    if (!mediaType.trim().equalsIgnoreCase(MessageProperties.JSON)) {
      return Optional.of(
          "its content type is '" + contentType.get() + "'; expected " + MessageProperties.JSON);
    }
    Optional<String> encoding = properties.contentEncoding();
    if (encoding.isPresent()
        && !encoding.get().equalsIgnoreCase(MessageProperties.UTF_8)
        && !encoding.get().equalsIgnoreCase("utf8")) {
      return Optional.of(
          "its content encoding is '" + encoding.get() + "'; expected " + MessageProperties.UTF_8);
    }
    return Optional.empty();
  }

  private void reject(Delivery delivery, String why) {
    delivery.reject();
    MessageProperties properties = delivery.message().properties();
    rejections.warn(
        LOG,
        "{} rejected a message (type {}, correlation_id {}, reply_to {}, {} bytes) because {}",
        owner,
        properties.type().orElse("none"),
        properties.correlationId().orElse("none"),
        properties.replyTo().orElse("none"),
        delivery.message().body().length,
        why);
  }
}
