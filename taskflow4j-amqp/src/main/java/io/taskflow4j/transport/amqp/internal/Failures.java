package io.taskflow4j.transport.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells broker failures apart: which are worth a retry, and how to say what happened. Stateless. */
final class Failures {

  private Failures() {}

  /**
   * Whether trying again (on a new channel or connection) may succeed: lost connections, closed
   * channels, timeouts, a missing exchange (auto-deleted meanwhile) and refused confirms are; refused
   * credentials or permissions and declarations that clash with existing ones are not.
   */
  static boolean retryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationFailureException || t instanceof PossibleAuthenticationFailureException) {
        return false;
      }
      if (t instanceof ShutdownSignalException signal) {
        int code = replyCode(signal);
        if (signal.isHardError()) {
          return code != AMQP.ACCESS_REFUSED && code != AMQP.NOT_ALLOWED;
        }
        return code != AMQP.PRECONDITION_FAILED
            && code != AMQP.ACCESS_REFUSED
            && code != AMQP.RESOURCE_LOCKED
            && code != AMQP.NOT_ALLOWED;
      }
    }
    return failure instanceof IOException || failure instanceof TimeoutException;
  }

  /** A short description of a failure, with the broker's reply when there is one. */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException signal) {
        Method reason = signal.getReason();
        if (reason instanceof AMQP.Channel.Close close) {
          return (signal.isInitiatedByApplication() ? "channel closed: " : "channel closed by the broker: ")
              + close.getReplyText();
        }
        if (reason instanceof AMQP.Connection.Close close) {
          return (signal.isInitiatedByApplication() ? "connection closed: " : "connection closed by the broker: ")
              + close.getReplyText();
        }
        Throwable cause = signal.getCause();
        return "connection lost" + (cause == null ? "" : ": " + message(cause));
      }
    }
    return message(failure);
  }

  private static String message(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  private static int replyCode(ShutdownSignalException signal) {
    Method reason = signal.getReason();
    if (reason instanceof AMQP.Channel.Close close) {
      return close.getReplyCode();
    }
    if (reason instanceof AMQP.Connection.Close close) {
      return close.getReplyCode();
    }
    return -1;
  }
}
