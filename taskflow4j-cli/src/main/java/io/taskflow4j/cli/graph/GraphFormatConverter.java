package io.taskflow4j.cli.graph;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a {@link GraphFormat} from its lower-case name, for picocli. Stateless. */
public final class GraphFormatConverter implements ITypeConverter<GraphFormat> {

  @Override
  public GraphFormat convert(String value) {
    for (GraphFormat format : GraphFormat.values()) {
      if (format.toString().equals(value.toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    throw new TypeConversionException(
        "unknown format '"
            + value
            + "'; use "
            + Arrays.stream(GraphFormat.values()).map(GraphFormat::toString).collect(Collectors.joining(" or ")));
  }
}
