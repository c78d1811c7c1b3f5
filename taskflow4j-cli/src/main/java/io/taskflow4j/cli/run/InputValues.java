package io.taskflow4j.cli.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --set key=value} options into flow inputs. A value that is valid JSON is that JSON
 * value ({@code 5}, {@code true}, {@code [1,2]}, {@code "5"}); anything else is the text as
 * written. Stateless.
 */
public final class InputValues {

  private InputValues() {}

  /**
   * Parses the options; a key given twice keeps its last value.
   *
   * @param assignments the {@code key=value} texts, in order
   * @return key to value, in order of first appearance
   * @throws IllegalArgumentException when an assignment has no {@code =} or an empty key; the
   *     message names it
   */
  public static Map<String, Object> parse(List<String> assignments) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int equals = assignment.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException(
            "--set needs KEY=VALUE, got '" + assignment + "' (no '=')");
      }
      String key = assignment.substring(0, equals).strip();
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            "--set needs KEY=VALUE, got '" + assignment + "' (empty key)");
      }
      values.put(key, value(assignment.substring(equals + 1)));
    }
    return values;
  }

  /**
   * The value of one {@code --set}: its JSON value if it is valid JSON, else the text.
   *
   * @param text what follows the {@code =}
   * @return the value; {@code null} for the text {@code null}, as in JSON
   */
  public static Object value(String text) {
    if (text.isBlank()) {
      return text;
    }
    try {
      return Json.MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
