package io.taskflow4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.protocol.FuzzBodies.Body;
import io.taskflow4j.protocol.FuzzBodies.Json;
import io.taskflow4j.protocol.FuzzBodies.Verdict;
import io.taskflow4j.protocol.InvalidMessageException.Violation;
import io.taskflow4j.task.Outcome;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the body decoders. Whatever bytes a peer sends, every way of reading them returns a
 * message or throws {@link InvalidMessageException}: no other exception escapes, nesting cannot
 * exhaust the stack, the limits refuse exactly the bodies that break them, and every message read
 * is written back as a body that reads as the same message.
 *
 * <p>Each property runs a fixed number of tries from a fixed seed, so a run is reproducible.
 */
class ProtocolFuzzTest {

  private static final ProtocolCodec DEFAULT = ProtocolCodec.create();
  private static final ProtocolCodec SMALL = ProtocolCodec.create(FuzzBodies.SMALL_LIMITS);
  private static final ProtocolCodec DEEPEST =
      ProtocolCodec.create(
          ProtocolLimits.DEFAULTS.withMaxNestingDepth(ProtocolLimits.MAX_NESTING_DEPTH_LIMIT));
  private static final List<ProtocolCodec> CODECS = List.of(DEFAULT, SMALL, DEEPEST);

  /** A way a receiver reads a body: the body decoder and the envelope type that leads to it. */
  private enum Way {
    NOTIFY_REQUEST(ProtocolMessage.NOTIFY, Role.WORKER),
    NOTIFY_RESPONSE(ProtocolMessage.NOTIFY, Role.EXECUTOR),
    REQUEST(ProtocolMessage.REQUEST, Role.WORKER),
    RESPONSE(ProtocolMessage.RESPONSE, Role.EXECUTOR);

    final String type;
    final Role receiver;

    Way(String type, Role receiver) {
      this.type = type;
      this.receiver = receiver;
    }

    ProtocolMessage decodeBody(ProtocolCodec codec, byte[] body) {
      return switch (this) {
        case NOTIFY_REQUEST -> codec.decodeNotifyRequest(body);
        case NOTIFY_RESPONSE -> codec.decodeNotifyResponse(body);
        case REQUEST -> codec.decodeRequest(body);
        case RESPONSE -> codec.decodeResponse(body);
      };
    }
  }

  /**
   * What one way of reading made of a body.
   *
   * @param way the way
   * @param message the message read, or null
   * @param refusal why it was refused, or null
   */
  private record Reading(Way way, ProtocolMessage message, InvalidMessageException refusal) {

    Optional<Violation> violation() {
      return Optional.ofNullable(refusal).map(InvalidMessageException::violation);
    }

    /** The outcome for statistics: {@code read} or the violation. */
    String outcome() {
      return refusal == null ? "read" : refusal.violation().name();
    }
  }

  // ---- Properties

  @Property(tries = 2_000, seed = "4127")
  void arbitraryBytesAreReadOrRefusedWithInvalidMessageException(
      @ForAll("arbitraryBytes") Body body) {
    for (ProtocolCodec codec : CODECS) {
      readEveryWay(codec, body);
    }
  }

  @Property(tries = 2_000, seed = "5209")
  void nearlyJsonTextIsReadOrRefusedWithInvalidMessageException(@ForAll("nearlyJson") Body body) {
    List<Reading> readings = readEveryWay(DEFAULT, body);
    for (ProtocolCodec codec : List.of(SMALL, DEEPEST)) {
      readEveryWay(codec, body);
    }

    Statistics.label("default REQUEST").collect(readings.get(Way.REQUEST.ordinal()).outcome());
    Statistics.label("default REQUEST")
        .coverage(
            coverage -> {
              coverage.check("MALFORMED").percentage(p -> p > 30);
              coverage.check("SCHEMA").percentage(p -> p > 1);
              coverage.check("LIMIT").percentage(p -> p > 1);
            });
  }

  @Property(tries = 2_000, seed = "6311")
  void mutatedValidBodiesAreReadOrRefusedWithInvalidMessageException(
      @ForAll("mutatedBodies") Body body) {
    List<Reading> readings = readEveryWay(DEFAULT, body);
    for (ProtocolCodec codec : List.of(SMALL, DEEPEST)) {
      readEveryWay(codec, body);
    }

    // The mutations reach every stage of reading: parsing, the limits, the schemas and content.
    Statistics.label("default REQUEST").collect(readings.get(Way.REQUEST.ordinal()).outcome());
    Statistics.label("default RESPONSE").collect(readings.get(Way.RESPONSE.ordinal()).outcome());
    Statistics.label("default REQUEST")
        .coverage(
            coverage -> {
              coverage.check("read").percentage(p -> p > 3);
              coverage.check("SCHEMA").percentage(p -> p > 10);
              coverage.check("CONTENT").count(c -> c >= 1);
              coverage.check("MALFORMED").percentage(p -> p > 5);
              coverage.check("LIMIT").percentage(p -> p > 0.5);
            });
    Statistics.label("default RESPONSE")
        .coverage(
            coverage -> {
              coverage.check("read").percentage(p -> p > 3);
              coverage.check("CONTENT").percentage(p -> p > 0.5);
            });
  }

  @Property(tries = 2_000, seed = "7433")
  void wellFormedJsonIsRefusedAsOverALimitExactlyWhenItBreaksOne(@ForAll("documents") Json json) {
    Body body = json.body();
    List<Reading> defaultReadings = List.of();
    for (ProtocolCodec codec : CODECS) {
      Verdict verdict = json.against(codec.limits());
      List<Reading> readings = readEveryWay(codec, body);
      if (codec == DEFAULT) {
        defaultReadings = readings;
      }
      for (Reading reading : readings) {
        String context = reading.way() + " with " + codec.limits() + " of " + body;
        if (verdict == Verdict.OVER) {
          assertThat(reading.violation())
              .as("breaks %s: %s", json.broken(codec.limits()), context)
              .contains(Violation.LIMIT);
        } else if (verdict == Verdict.WITHIN) {
          // Well-formed and within every limit: read, or refused by the schema or the content.
          assertThat(reading.violation())
              .as("within the limits, so not malformed nor over a limit: %s", context)
              .isNotIn(Optional.of(Violation.MALFORMED), Optional.of(Violation.LIMIT));
        }
      }
    }

    Statistics.label("small limits broken").collect(json.broken(SMALL.limits()));
    Statistics.label("default verdict").collect(json.against(DEFAULT.limits()));
    Statistics.label("deepest verdict").collect(json.against(DEEPEST.limits()));
    Statistics.label("default REQUEST or RESPONSE read")
        .collect(
            defaultReadings.get(Way.REQUEST.ordinal()).message() != null
                || defaultReadings.get(Way.RESPONSE.ordinal()).message() != null);
    Statistics.label("small limits broken")
        .coverage(
            coverage -> {
              coverage.check(List.of()).percentage(p -> p > 20);
              coverage.checkQuery(breaks("size")).percentage(p -> p > 1);
              coverage.checkQuery(breaks("depth")).percentage(p -> p > 5);
              coverage.checkQuery(breaks("string")).percentage(p -> p > 1);
              coverage.checkQuery(breaks("number")).percentage(p -> p > 1);
            });
    Statistics.label("default verdict")
        .coverage(
            coverage -> {
              coverage.check(Verdict.OVER).percentage(p -> p > 3);
              coverage.check(Verdict.WITHIN).percentage(p -> p > 50);
            });
    Statistics.label("deepest verdict")
        .coverage(coverage -> coverage.check(Verdict.OVER).percentage(p -> p > 1));
    Statistics.label("default REQUEST or RESPONSE read")
        .coverage(coverage -> coverage.check(true).percentage(p -> p > 5));
  }

  @Property(tries = 100, seed = "8501")
  void bodiesNestedPastEveryLimitAreRefusedAsOverTheLimitWithoutExhaustingTheStack(
      @ForAll @IntRange(min = ProtocolLimits.MAX_NESTING_DEPTH_LIMIT + 1, max = 100_000) int depth,
      @ForAll("openers") String opener,
      @ForAll boolean closed) {
    Body body = nestedBody(depth, opener, closed);

    for (ProtocolCodec codec : CODECS) {
      for (Reading reading : readEveryWay(codec, body)) {
        assertThat(reading.violation())
            .as("%s nested %d deep with %s", reading.way(), depth, codec.limits())
            .contains(Violation.LIMIT);
      }
    }
  }

  @Example
  void aHundredThousandOpenArraysAreRefusedAsOverTheNestingLimit() {
    Body body = Body.of("[".repeat(100_000));

    for (ProtocolCodec codec : CODECS) {
      for (Reading reading : readEveryWay(codec, body)) {
        assertThat(reading.violation())
            .as("%s with %s", reading.way(), codec.limits())
            .contains(Violation.LIMIT);
        assertThat(reading.refusal())
            .hasMessageContaining(
                body.bytes().length > codec.limits().maxBodyBytes()
                    ? "over the limit of"
                    : "exceeds a parsing limit");
      }
    }
  }

  @Property(tries = 100, seed = "9613")
  void resultsNestedAsDeepAsTheLimitsAllowAreReadAndWrittenBack(
      @ForAll @IntRange(min = 3, max = ProtocolLimits.MAX_NESTING_DEPTH_LIMIT + 1) int depth) {
    // The object and its data take two levels; the result nests in the rest.
    int nesting = depth - 2;
    Body body =
        Body.of(
            "{\"state\":\"SUCCESS\",\"data\":{\"result\":"
                + "[".repeat(nesting) + "]".repeat(nesting) + "}}");

    for (ProtocolCodec codec : CODECS) {
      ProtocolLimits limits = codec.limits();
      Reading reading = readEveryWay(codec, body).get(Way.RESPONSE.ordinal());
      if (depth > limits.maxNestingDepth() || body.bytes().length > limits.maxBodyBytes()) {
        assertThat(reading.violation())
            .as("%d deep with %s", depth, limits)
            .contains(Violation.LIMIT);
      } else {
        assertThat(reading.message()).as("%d deep with %s", depth, limits).isNotNull();
        ResponseData data = ((TaskResponse) reading.message()).data();
        Object result = ((Outcome.Succeeded) ((ResponseData.Completion) data).outcome()).value();
        assertThat(nestingOf(result)).isEqualTo(nesting);
      }
    }
  }

  /** Matches the collected list of broken limits when it holds the given one. */
  private static Predicate<List<?>> breaks(String limit) {
    return collected -> collected.get(0) instanceof List<?> broken && broken.contains(limit);
  }

  // ---- Arbitraries

  @Provide
  Arbitrary<Body> arbitraryBytes() {
    return FuzzBodies.arbitraryBytes();
  }

  @Provide
  Arbitrary<Body> nearlyJson() {
    return FuzzBodies.nearlyJson();
  }

  @Provide
  Arbitrary<Body> mutatedBodies() {
    return FuzzBodies.mutatedBodies();
  }

  @Provide
  Arbitrary<Json> documents() {
    return FuzzBodies.documents();
  }

  @Provide
  Arbitrary<String> openers() {
    return Arbitraries.of("[", "{\"a\":", "[{\"causes\":", "{\"data\":[");
  }

  // ---- Reading

  /**
   * Reads a body every way there is, failing on any outcome but a message or an {@link
   * InvalidMessageException}. Also checks that a typed message reads as its body does, that a
   * receiver refuses by the envelope the types it does not handle, and that every message read is
   * written back as a body that reads as the same message.
   *
   * @return the readings, in the order of {@link Way}
   */
  private static List<Reading> readEveryWay(ProtocolCodec codec, Body body) {
    byte[] bytes = body.bytes();
    List<Reading> readings = new ArrayList<>();
    for (Way way : Way.values()) {
      Reading reading = read(way, () -> way.decodeBody(codec, bytes), codec, body);
      Reading typed =
          read(way, () -> codec.decode(message(way.type, bytes), way.receiver), codec, body);
      assertThat(typed.message())
          .as("%s as a typed message of %s", way, body)
          .isEqualTo(reading.message());
      if (reading.refusal() != null) {
        assertThat(typed.refusal())
            .as("%s as a typed message of %s", way, body)
            .hasMessage(reading.refusal().getMessage());
        assertThat(typed.violation()).isEqualTo(reading.violation());
      } else {
        assertWrittenBack(way, reading.message(), codec, body);
      }
      readings.add(reading);
    }
    for (Role receiver : Role.values()) {
      String unhandled =
          receiver == Role.WORKER ? ProtocolMessage.RESPONSE : ProtocolMessage.REQUEST;
      for (String type : List.of(unhandled, "PING")) {
        Reading reading =
            read(Way.REQUEST, () -> codec.decode(message(type, bytes), receiver), codec, body);
        assertThat(reading.violation())
            .as("%s sent to the %s", type, receiver)
            .contains(Violation.ENVELOPE);
      }
    }
    return readings;
  }

  private static Reading read(
      Way way, Supplier<ProtocolMessage> decoding, ProtocolCodec codec, Body body) {
    try {
      return new Reading(way, Objects.requireNonNull(decoding.get(), "decoded message"), null);
    } catch (InvalidMessageException e) {
      return new Reading(way, null, e);
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError(
          way + " with " + codec.limits() + " threw " + e + " instead of an InvalidMessageException"
              + " for the body " + body,
          e);
    }
  }

  /** A message read is written back as a body that reads the same (with the deepest limits). */
  private static void assertWrittenBack(
      Way way, ProtocolMessage message, ProtocolCodec codec, Body body) {
    byte[] written;
    try {
      written = codec.encodeBody(message);
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError(
          way + " read " + message + " from " + body + " but could not write it back: " + e, e);
    }
    Reading reread = read(way, () -> way.decodeBody(DEEPEST, written), DEEPEST, new Body(written));
    assertThat(reread.refusal())
        .as("%s written back from %s as %s", way, body, new Body(written))
        .isNull();
    assertThat(reread.message()).as("%s written back from %s", way, body).isEqualTo(message);
  }

  private static Message message(String type, byte[] body) {
    return new Message(MessageProperties.of(type, Optional.of("reply"), Optional.of("id")), body);
  }

  private static Body nestedBody(int depth, String opener, boolean closed) {
    StringBuilder text = new StringBuilder(opener.repeat(depth)).append("1");
    if (closed) {
      for (int i = 0; i < depth; i++) {
        text.append(closerOf(opener));
      }
    }
    return Body.of(text.toString());
  }

  private static String closerOf(String opener) {
    StringBuilder closer = new StringBuilder();
    for (int i = opener.length() - 1; i >= 0; i--) {
      char c = opener.charAt(i);
      if (c == '[') {
        closer.append(']');
      } else if (c == '{') {
        closer.append('}');
      }
    }
    return closer.toString();
  }

  private static int nestingOf(Object value) {
    int nesting = 0;
    Object current = value;
    while (current instanceof List<?> list) {
      nesting++;
      current = list.isEmpty() ? null : list.get(0);
    }
    return nesting;
  }
}
