package io.taskflow4j.bench;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.protocol.NotifyRequest;
import io.taskflow4j.protocol.NotifyResponse;
import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskResponse;
import io.taskflow4j.protocol.TaskVersion;
import io.taskflow4j.task.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the worker-protocol codec, per message kind: {@link #encode()} writes a message's
 * body; {@link #decode()} parses a body, validates it as the reference does and builds the record
 * (the work a receiver does for every message). The sample messages have the shapes and sizes of
 * the reference's own messages in the contract's vectors.
 *
 * <p>Run from the repository root with {@code java -jar taskflow4j-benchmarks/target/benchmarks.jar
 * ProtocolCodecBenchmark}; see {@code docs/benchmarks.md} for the figures and the exact command.
 *
 * <p>Thread-safety: JMH gives each benchmark its own state; the codec itself is shared safely.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ProtocolCodecBenchmark {

  /** The message kind measured. */
  @Param({
    "notify-request",
    "notify-response",
    "request-execute",
    "request-revert",
    "response-running",
    "response-success",
    "response-event",
    "response-failure"
  })
  public String kind;

  private final ProtocolCodec codec = ProtocolCodec.create();
  private ProtocolMessage message;
  private byte[] body;
  private Function<byte[], ProtocolMessage> decoder;

  /** Creates the benchmark; JMH calls this. */
  public ProtocolCodecBenchmark() {}

  /** Builds the sample message and its body for the measured kind. */
  @Setup
  public void setUp() {
    message = sample(kind);
    body = codec.encodeBody(message);
    decoder = decoderFor(kind);
    if (!decoder.apply(body).equals(message)) {
      throw new IllegalStateException("the sample " + kind + " does not survive a round trip");
    }
  }

  /**
   * Writes the message's body.
   *
   * @return the body, so the work is not optimised away
   */
  @Benchmark
  public byte[] encode() {
    return codec.encodeBody(message);
  }

  /**
   * Parses, validates and reads the body.
   *
   * @return the message, so the work is not optimised away
   */
  @Benchmark
  public ProtocolMessage decode() {
    return decoder.apply(body);
  }

  private Function<byte[], ProtocolMessage> decoderFor(String kind) {
    if (kind.equals("notify-request")) {
      return codec::decodeNotifyRequest;
    } else if (kind.equals("notify-response")) {
      return codec::decodeNotifyResponse;
    } else if (kind.startsWith("request-")) {
      return codec::decodeRequest;
    } else if (kind.startsWith("response-")) {
      return codec::decodeResponse;
    }
    throw new IllegalArgumentException("unknown kind " + kind);
  }

  static ProtocolMessage sample(String kind) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("width", 3);
    arguments.put("height", 4);
    switch (kind) {
      case "notify-request":
        return NotifyRequest.INSTANCE;
      case "notify-response":
        return new NotifyResponse("imaging", List.of("__main__.Resize", "pkg.mod.Thumb"));
      case "request-execute":
        return TaskRequest.execute("__main__.Resize", "resize-1", TaskVersion.of(1, 0), arguments);
      case "request-revert":
        return TaskRequest.revert(
            "__main__.Resize",
            "resize-1",
            TaskVersion.of(1, 0),
            arguments,
            Outcome.failure(chainedFailure()),
            Map.of("resize-1", chainedFailure()));
      case "response-running":
        return TaskResponse.running();
      case "response-success":
        return TaskResponse.success(Map.of("a", List.of(1, 2.5, true, "x")));
      case "response-event":
        return TaskResponse.progress(0.5);
      case "response-failure":
        return TaskResponse.failure(chainedFailure());
      default:
        throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  /** A failure with one cause, like the reference's {@code failure-chained.json}. */
  private static Failure chainedFailure() {
    Failure cause =
        Failure.of(
            List.of("KeyError", "LookupError", "Exception"),
            "'inner-key'",
            "  File \"example.py\", line 33, in chained\n    raise KeyError('inner-key')\n",
            List.of("inner-key"),
            List.of());
    return Failure.of(
        List.of("RuntimeError", "Exception"),
        "outer boom",
        "  File \"example.py\", line 35, in chained\n    raise RuntimeError('outer boom') from e\n",
        List.of("outer boom"),
        List.of(cause));
  }
}
