package io.taskflow4j.internal;

/** Error messages as one-line reports (a command's error line, an error page) show them. Stateless. */
public final class Messages {

  private Messages() {}

  /**
   * A message on one line.
   *
   * @param message a message, possibly of several lines or null
   * @return its lines joined by "; ", or "unknown error" for null
   */
  public static String oneLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
