package io.taskflow4j.cli;

import io.taskflow4j.internal.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads duration options the way flow files write durations ({@link Durations#parse}). Stateless.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  /** Creates the converter; picocli does. */
  public DurationConverter() {}

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
