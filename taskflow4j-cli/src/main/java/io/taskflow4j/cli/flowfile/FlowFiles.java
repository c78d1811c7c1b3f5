package io.taskflow4j.cli.flowfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads flow files: YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}), UTF-8, at most
 * {@value TreeReader#MAX_FILE_SIZE} bytes. The result is checked against the flow-file schema
 * (see {@code docs/guide.md}); task classes are resolved later by {@link FlowAssembler}.
 *
 * <p>Thread-safety: stateless and thread-safe.
 */
public final class FlowFiles {

  /** The largest flow file read, in bytes. */
  public static final int MAX_FILE_SIZE = TreeReader.MAX_FILE_SIZE;

  private FlowFiles() {}

  /**
   * Reads and validates a flow file, choosing the syntax by its extension.
   *
   * @param path the file
   * @return the parsed file
   * @throws FlowFileException when the file cannot be read, has an unknown extension or does not
   *     follow the schema; the message names the file, line, column and field
   */
  public static FlowFile read(Path path) {
    return parse(source(path));
  }

  /**
   * Reads a flow file's text without parsing it, choosing the syntax by its extension.
   *
   * @param path the file
   * @return its text and format
   * @throws FlowFileException when the file cannot be read, is too large, is not UTF-8 or has an
   *     unknown extension
   */
  public static FlowSource source(Path path) {
    Objects.requireNonNull(path, "path");
    String file = path.toString();
    FlowFileFormat format =
        FlowFileFormat.ofFileName(file)
            .orElseThrow(
                () ->
                    new FlowFileException(
                        file,
                        "unknown kind of flow file; its name must end in .yaml, .yml or .json",
                        null));
    return new FlowSource(file, format, readText(path, file));
  }

  /**
   * Parses and validates a flow file's text.
   *
   * @param source the text, as read or as recorded
   * @return the parsed file
   * @throws FlowFileException when the text does not follow the schema
   */
  public static FlowFile parse(FlowSource source) {
    return parse(source.file(), source.text(), source.format());
  }

  /**
   * Parses and validates flow-file text.
   *
   * @param file the file's name, for messages
   * @param text the content
   * @param format its syntax
   * @return the parsed file
   * @throws FlowFileException when the text does not follow the schema
   */
  public static FlowFile parse(String file, String text, FlowFileFormat format) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(format, "format");
    if (text.length() > MAX_FILE_SIZE) {
      throw tooLarge(file);
    }
    Node root = TreeReader.read(file, text, format);
    return new SchemaReader(file).readDocument(root);
  }

  private static String readText(Path path, String file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      // One byte more than allowed tells a file at the limit from a larger one without reading it all.
      bytes = in.readNBytes(MAX_FILE_SIZE + 1);
    } catch (NoSuchFileException e) {
      throw new FlowFileException(file, "no such file", e);
    } catch (IOException e) {
      throw new FlowFileException(file, "cannot be read: " + describe(e), e);
    }
    if (bytes.length > MAX_FILE_SIZE) {
      throw tooLarge(file);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new FlowFileException(file, "is not UTF-8 text", e);
    }
  }

  private static FlowFileException tooLarge(String file) {
    return new FlowFileException(
        file, "is larger than " + MAX_FILE_SIZE / (1024 * 1024) + " MiB, the limit for flow files", null);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + message;
  }
}
