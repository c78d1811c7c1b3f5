package io.taskflow4j.worker.internal;

import io.taskflow4j.internal.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The lines a worker logs when it starts: where it connects (as the transport describes itself,
 * never with a password), what it serves, and which process it is.
 *
 * <p>Thread-safety: stateless.
 */
final class Banner {

  private Banner() {}

  static String text(WorkerServer.Settings settings) {
    String threads =
        settings.executor().isPresent()
            ? "the caller's executor"
            : Integer.toString(settings.threads());
    String heartbeat =
        settings.heartbeatInterval().isZero()
            ? "off"
            : "every " + Durations.describe(settings.heartbeatInterval());
    StringBuilder text = new StringBuilder("taskflow4j worker started");
    line(text, "transport", settings.transport().describe());
    line(text, "exchange", settings.exchange());
    line(text, "topic", settings.topic());
    line(text, "endpoints", String.join(", ", settings.endpoints().keySet()));
    line(text, "threads", threads);
    line(text, "heartbeat", heartbeat);
    line(text, "host", host());
    line(text, "pid", Long.toString(ProcessHandle.current().pid()));
    line(text, "java", Runtime.version() + " (" + System.getProperty("java.vm.name", "?") + ")");
    return text.toString();
  }

  private static void line(StringBuilder text, String name, String value) {
    text.append(System.lineSeparator()).append("  ").append(name).append(": ").append(value);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException | SecurityException e) {
      return "unknown";
    }
  }
}
