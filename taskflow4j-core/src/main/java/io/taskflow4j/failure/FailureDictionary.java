package io.taskflow4j.failure;

import java.util.Map;

/** Converts failures to and from the reference's dictionary form. Stateless. */
final class FailureDictionary {

  private FailureDictionary() {}

  static Failure read(Map<String, ?> dictionary) {
    throw new UnsupportedOperationException("being written");
  }

  static Map<String, Object> write(Failure failure) {
    throw new UnsupportedOperationException("being written");
  }
}
