package io.taskflow4j.protocol;

/**
 * Bounds on what {@link ProtocolCodec} parses, so a hostile or broken peer cannot make a receiver
 * spend unbounded memory or stack. A body over a limit is rejected as malformed.
 *
 * <p>Thread-safety: immutable.
 *
 * @param maxBodyBytes the largest body accepted, in bytes
 * @param maxNestingDepth how deeply arrays and objects may nest
 * @param maxStringLength the longest string (or property name) accepted, in characters
 * @param maxNumberLength the most characters a number may have
 */
public record ProtocolLimits(
    int maxBodyBytes, int maxNestingDepth, int maxStringLength, int maxNumberLength) {

  /**
   * The largest nesting depth that may be configured: bodies are read recursively, so the bound
   * also bounds the stack a body can use.
   */
  public static final int MAX_NESTING_DEPTH_LIMIT = 2_000;

  /**
   * The defaults: 16 MiB bodies (RabbitMQ's own default maximum message size), 256 levels of
   * nesting (a deep cause chain takes two per cause), 8 Mi characters per string (ample for
   * tracebacks) and 1,000 characters per number (Jackson's default, which stops pathological big
   * numbers).
   */
  public static final ProtocolLimits DEFAULTS = new ProtocolLimits(16 << 20, 256, 8 << 20, 1_000);

  /**
   * Checks every limit is positive.
   *
   * @throws IllegalArgumentException when a limit is not positive, or the nesting depth exceeds
   *     {@link #MAX_NESTING_DEPTH_LIMIT}
   *
   * @param maxBodyBytes the largest body accepted, in bytes
   * @param maxNestingDepth how deeply arrays and objects may nest
   * @param maxStringLength the longest string (or property name) accepted, in characters
   * @param maxNumberLength the most characters a number may have
   */
  public ProtocolLimits {
    positive(maxBodyBytes, "maxBodyBytes");
    positive(maxNestingDepth, "maxNestingDepth");
    positive(maxStringLength, "maxStringLength");
    positive(maxNumberLength, "maxNumberLength");
    if (maxNestingDepth > MAX_NESTING_DEPTH_LIMIT) {
      throw new IllegalArgumentException(
          "maxNestingDepth must be at most " + MAX_NESTING_DEPTH_LIMIT + ", got " + maxNestingDepth);
    }
  }

  /**
   * These limits with another body size limit.
   *
   * @param bytes the largest body accepted
   * @return new limits
   */
  public ProtocolLimits withMaxBodyBytes(int bytes) {
    return new ProtocolLimits(bytes, maxNestingDepth, maxStringLength, maxNumberLength);
  }

  /**
   * These limits with another nesting limit.
   *
   * @param depth how deeply arrays and objects may nest
   * @return new limits
   */
  public ProtocolLimits withMaxNestingDepth(int depth) {
    return new ProtocolLimits(maxBodyBytes, depth, maxStringLength, maxNumberLength);
  }

  /**
   * These limits with another string length limit.
   *
   * @param characters the longest string accepted
   * @return new limits
   */
  public ProtocolLimits withMaxStringLength(int characters) {
    return new ProtocolLimits(maxBodyBytes, maxNestingDepth, characters, maxNumberLength);
  }

  /**
   * These limits with another number length limit.
   *
   * @param characters the most characters a number may have
   * @return new limits
   */
  public ProtocolLimits withMaxNumberLength(int characters) {
    return new ProtocolLimits(maxBodyBytes, maxNestingDepth, maxStringLength, characters);
  }

  private static void positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
