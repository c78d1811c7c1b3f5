package io.taskflow4j.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the reference's vectors from the test resources, for the worker and executor tests. */
public final class ReferenceVectors {

  /** The mapper the tests build bodies with. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private ReferenceVectors() {}

  /**
   * Reads one vector file.
   *
   * @param name such as {@code validation-cases.json}
   * @return its JSON
   */
  public static JsonNode read(String name) {
    try (InputStream in = ReferenceVectors.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IOException("missing test vector " + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes JSON as a body.
   *
   * @param node the JSON
   * @return its UTF-8 bytes
   */
  public static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
