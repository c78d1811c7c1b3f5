package io.taskflow4j.cli.flowfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.taskflow4j.cli.flowfile.Node.Field;
import io.taskflow4j.cli.flowfile.Node.ListNode;
import io.taskflow4j.cli.flowfile.Node.MapNode;
import io.taskflow4j.cli.flowfile.Node.Position;
import io.taskflow4j.cli.flowfile.Node.ScalarNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML or JSON text into a {@link Node} tree that remembers positions, within limits that
 * keep a hostile or broken file from exhausting memory: size, nesting depth, string and number
 * length, and value count. YAML aliases are refused, since Jackson would read them as plain text.
 * Thread-safe: the factories are configured once and each read uses its own parser.
 */
final class TreeReader {

  /** The largest flow file read, in bytes and in characters. */
  static final int MAX_FILE_SIZE = 4 * 1024 * 1024;

  /** How deeply objects and lists may nest. */
  static final int MAX_DEPTH = 64;

  /** The longest string, in characters; the YAML parser does not enforce Jackson's limit. */
  static final int MAX_STRING_LENGTH = 1024 * 1024;

  /** The most values (objects, lists and scalars) a file may hold. */
  static final int MAX_VALUES = 200_000;

  private static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxDocumentLength(MAX_FILE_SIZE)
          // Above MAX_DEPTH so that this reader's own, clearer message is the one users see.
          .maxNestingDepth(MAX_DEPTH + 16)
          .maxStringLength(MAX_STRING_LENGTH)
          .maxNameLength(10_000)
          .maxNumberLength(100)
          .build();

  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

  private static final YAMLFactory YAML = yamlFactory();

  // SnakeYAML appends the position and a snippet of the source to its messages; the location is
  // reported separately, so these lines are dropped.
  private static final Pattern YAML_MARK = Pattern.compile("^\\s*in '.*', line \\d+, column \\d+:?$");

  private final String file;
  private int values;
  // The path being read, so that a syntax error can say where it is in the document's structure.
  private String currentPath = "";

  private TreeReader(String file) {
    this.file = file;
  }

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_FILE_SIZE);
    options.setNestingDepthLimit(MAX_DEPTH + 16);
    options.setAllowDuplicateKeys(true); // reported by this reader, with both positions
    return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(CONSTRAINTS).build();
  }

  /**
   * Parses text into a tree.
   *
   * @param file the file's name, for messages
   * @param text the content
   * @param syntax how to read it
   * @return the root value
   * @throws FlowFileException when the text is not valid or breaks a limit
   */
  static Node read(String file, String text, FlowFileFormat syntax) {
    TreeReader reader = new TreeReader(file);
    try (Reader source = new StringReader(text);
        JsonParser parser =
            syntax == FlowFileFormat.YAML ? YAML.createParser(source) : JSON.createParser(source)) {
      return reader.readDocument(parser, syntax);
    } catch (JsonProcessingException e) {
      throw reader.syntaxError(e, syntax);
    } catch (IOException e) {
      // Reading from a string: only a parser failure without location can end up here.
      throw new FlowFileException(
          new SourceLocation(file, 1, 1, ""), "cannot be read: " + e.getMessage(), e);
    }
  }

  private Node readDocument(JsonParser parser, FlowFileFormat syntax) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw error(new Position(1, 1), "", "the file is empty; it must describe a flow");
    }
    Node root = readValue(parser, "", 1);
    if (parser.nextToken() != null) {
      Position at = positionOf(parser.currentTokenLocation());
      String what =
          syntax == FlowFileFormat.YAML
              ? "a second YAML document; a flow file holds exactly one"
              : "more content after the end of the JSON value";
      throw error(at, "", "found " + what);
    }
    return root;
  }

  private Node readValue(JsonParser parser, String path, int depth) throws IOException {
    if (++values > MAX_VALUES) {
      throw error(
          positionOf(parser.currentTokenLocation()),
          path,
          "the file holds more than " + MAX_VALUES + " values; flow files are limited to that");
    }
    Position position = positionOf(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    // Jackson reads an alias as the text of its name, which would silently give a wrong value.
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      throw error(
          position,
          path,
          "YAML aliases (*" + parser.getText() + ") are not supported in flow files; write the value out");
    }
    if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
      throw error(position, path, "nested more than " + MAX_DEPTH + " levels deep");
    }
    switch (token) {
      case START_OBJECT:
        return readObject(parser, path, depth, position);
      case START_ARRAY:
        List<Node> items = new ArrayList<>();
        currentPath = path + "[0]";
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(parser, path + "[" + items.size() + "]", depth + 1));
          currentPath = path + "[" + items.size() + "]";
        }
        return new ListNode(items, position);
      case VALUE_STRING:
        String text = parser.getText();
        if (text.length() > MAX_STRING_LENGTH) {
          throw error(
              position,
              path,
              "a string of " + text.length() + " characters; the limit is " + MAX_STRING_LENGTH);
        }
        return new ScalarNode(text, text, position);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new ScalarNode(parser.getNumberValue(), parser.getText(), position);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new ScalarNode(parser.getBooleanValue(), parser.getText(), position);
      case VALUE_NULL:
        return new ScalarNode(null, "null", position);
      default:
        throw error(
            position,
            path,
            "unsupported value ("
                + token.name().toLowerCase(Locale.ROOT)
                + "); use strings, numbers, booleans, null, lists and objects");
    }
  }

  private Node readObject(JsonParser parser, String path, int depth, Position position)
      throws IOException {
    Map<String, Field> fields = new LinkedHashMap<>();
    currentPath = path;
    while (parser.nextToken() != JsonToken.END_OBJECT) {
      String key = parser.currentName();
      Position keyPosition = positionOf(parser.currentTokenLocation());
      String child = path.isEmpty() ? key : path + "." + key;
      Field earlier = fields.get(key);
      if (earlier != null) {
        throw error(
            keyPosition,
            child,
            "duplicate field '"
                + key
                + "' (first given at line "
                + earlier.keyPosition().line()
                + ")");
      }
      currentPath = child;
      parser.nextToken();
      fields.put(key, new Field(key, keyPosition, readValue(parser, child, depth + 1)));
      currentPath = path;
    }
    return new MapNode(fields, position);
  }

  private FlowFileException syntaxError(JsonProcessingException e, FlowFileFormat syntax) {
    Position at = positionOf(e.getLocation());
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    if (syntax == FlowFileFormat.YAML) {
      message = tidyYamlMessage(message);
    }
    String kind = syntax == FlowFileFormat.YAML ? "YAML" : "JSON";
    return new FlowFileException(
        new SourceLocation(file, at.line(), at.column(), currentPath),
        "invalid " + kind + ": " + message,
        e);
  }

  static String tidyYamlMessage(String message) {
    List<String> kept = new ArrayList<>();
    String[] lines = message.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      if (YAML_MARK.matcher(lines[i]).matches()) {
        // The mark is followed by a line of source and a caret line.
        if (i + 2 < lines.length && lines[i + 2].trim().equals("^")) {
          i += 2;
        }
        continue;
      }
      if (!lines[i].isBlank()) {
        kept.add(lines[i].trim());
      }
    }
    return kept.isEmpty() ? message.trim() : String.join(", ", kept);
  }

  private static Position positionOf(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return new Position(1, 1);
    }
    return new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }

  private FlowFileException error(Position at, String path, String reason) {
    return new FlowFileException(new SourceLocation(file, at.line(), at.column(), path), reason);
  }
}
