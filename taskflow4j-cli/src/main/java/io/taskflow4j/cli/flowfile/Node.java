package io.taskflow4j.cli.flowfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value read from a flow file together with where it was written. Jackson's own trees forget
 * positions, and every error message must name a line, so the reader builds these instead.
 * Immutable once built.
 */
sealed interface Node {

  /**
   * Where the value starts.
   *
   * @return line and column
   */
  Position position();

  /**
   * The kind of value, as said in error messages.
   *
   * @return for example "a list"
   */
  String kind();

  /** A line and column, both from 1. */
  record Position(int line, int column) {}

  /** An object; keys keep their order and their own positions. */
  record MapNode(Map<String, Field> fields, Position position) implements Node {
    public MapNode {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String kind() {
      return "an object";
    }
  }

  /** One key of an object with its value. */
  record Field(String key, Position keyPosition, Node value) {}

  /** A list. */
  record ListNode(List<Node> items, Position position) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A string, number, boolean or null.
   *
   * @param value a String, Boolean, Integer, Long, BigInteger, Double or {@code null}
   * @param text the value as written in the file (numbers keep their spelling, such as 1.10)
   * @param position where it is
   */
  record ScalarNode(Object value, String text, Position position) implements Node {
    @Override
    public String kind() {
      if (value == null) {
        return "null";
      } else if (value instanceof String) {
        return "a string";
      } else if (value instanceof Boolean) {
        return "a boolean";
      }
      return "a number";
    }
  }
}
