package io.taskflow4j.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.protocol.FuzzBodies;
import io.taskflow4j.protocol.FuzzBodies.Body;
import io.taskflow4j.protocol.NotifyResponse;
import io.taskflow4j.protocol.ProtocolCodec;
import io.taskflow4j.protocol.ProtocolLimits;
import io.taskflow4j.protocol.ProtocolMessage;
import io.taskflow4j.protocol.ResponseState;
import io.taskflow4j.protocol.Role;
import io.taskflow4j.protocol.TaskRequest;
import io.taskflow4j.protocol.TaskResponse;
import io.taskflow4j.protocol.TaskVersion;
import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.Delivery;
import io.taskflow4j.transport.Message;
import io.taskflow4j.transport.MessageHandler;
import io.taskflow4j.transport.MessageProperties;
import io.taskflow4j.transport.Subscription;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.RecordingTransport.How;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;
import org.awaitility.core.ConditionFactory;

/**
 * Fuzzes a running worker with arbitrary messages: random types, content types, encodings and
 * addresses, with bodies from arbitrary bytes to mutated valid requests. No sequence of them makes
 * the worker's handler throw, leaves a message unsettled or requeued, leaves a request it accepted
 * unanswered, or stops it from answering a NOTIFY and running a request afterwards; and all it
 * sends back reads as valid messages.
 *
 * <p>Each try starts a worker of its own on a broker of its own; the tries run from a fixed seed.
 */
class WorkerFuzzTest {

  private static final String TOPIC = "fuzzed";
  /** Where fuzzed messages ask to be answered; what arrives there is read as an engine would. */
  private static final String REPLIES = "fuzz-replies";
  /** A header numbering the fuzzed messages, so their deliveries can be told apart. */
  private static final String SEQUENCE = "x-fuzz-sequence";
  private static final String RESIZE = "__main__.Resize";
  private static final ProtocolCodec CODEC = ProtocolCodec.create();
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /**
   * A fuzzed message; it shows its envelope and body when a property fails.
   *
   * @param type the {@code type} property
   * @param contentType the content type
   * @param contentEncoding the content encoding
   * @param replyTo the {@code reply_to} property
   * @param correlationId the {@code correlation_id} property
   * @param body the body
   */
  record Fuzzed(
      Optional<String> type,
      Optional<String> contentType,
      Optional<String> contentEncoding,
      Optional<String> replyTo,
      Optional<String> correlationId,
      Body body) {

    Message toMessage(int sequence) {
      MessageProperties properties =
          new MessageProperties(
              type, replyTo, correlationId, contentType, contentEncoding, 2, 0,
              Map.of(SEQUENCE, Integer.toString(sequence)));
      return new Message(properties, body.bytes());
    }

    /** A request the worker must answer on the replies topic once it accepts it. */
    boolean isAnswerableRequest() {
      return type.equals(Optional.of(ProtocolMessage.REQUEST))
          && replyTo.equals(Optional.of(REPLIES))
          && correlationId.isPresent();
    }
  }

  @Property(tries = 20, seed = "1207")
  void noSequenceOfMessagesStopsAWorkerFromAnsweringNotifyAndRunningRequests(
      @ForAll("messageSequences") List<Fuzzed> messages, @ForAll boolean smallLimits) {
    InMemoryBroker broker = InMemoryBroker.builder().name("fuzz").build();
    try {
      Watching transport = new Watching(broker.transport());
      Probe probe = new Probe(broker);
      Replies replies = new Replies(broker.transport());
      Worker worker =
          Worker.builder(transport)
              .exchange(Probe.EXCHANGE)
              .topic(TOPIC)
              .serve(RESIZE, Multiply::new)
              .limits(smallLimits ? FuzzBodies.SMALL_LIMITS : ProtocolLimits.DEFAULTS)
              .build();
      worker.start();
      try {
        for (int i = 0; i < messages.size(); i++) {
          probe.send(TOPIC, messages.get(i).toMessage(i));
        }

        waiting().until(() -> transport.handled.size() == messages.size());
        assertThat(transport.escaped).as("what escaped the worker's message handler").isEmpty();
        // A request is acknowledged once its outcome is sent, on the worker's task threads.
        waiting()
            .untilAsserted(
                () ->
                    assertThat(transport.settlements())
                        .as("how each message was settled, by its place in the sequence")
                        .hasSize(messages.size())
                        .allSatisfy(
                            (sequence, settled) ->
                                assertThat(settled).isIn(List.of(How.ACK), List.of(How.REJECT))));
        waiting()
            .untilAsserted(
                () ->
                    assertThat(unanswered(messages, transport, replies))
                        .as("accepted requests not answered with SUCCESS or FAILURE")
                        .isEmpty());
        assertThat(worker.isRunning()).isTrue();

        probe.notify(TOPIC);
        waiting().until(() -> !probe.notifyAnswers().isEmpty());
        assertThat(probe.notifyAnswers())
            .containsExactly(new NotifyResponse(TOPIC, List.of(RESIZE)));
        String id =
            probe.send(
                TOPIC,
                TaskRequest.execute(
                    RESIZE, "resize-after-fuzz", TaskVersion.of(1, 0),
                    Map.of("height", 3, "width", 4)));
        waiting().until(() -> probe.responses(id).stream().anyMatch(WorkerFuzzTest::ends));
        List<TaskResponse> answers = probe.responses(id);
        assertThat(answers.get(answers.size() - 1)).isEqualTo(TaskResponse.success(12));
      } finally {
        worker.stop(PATIENCE);
      }

      waiting().until(() -> replies.received.get() >= transport.sentToReplies.get());
      assertThat(replies.unreadable).as("answers that do not read as valid messages").isEmpty();

      // The messages reach every kind of handling: rejected, accepted, run and failed.
      transport.settlements().values()
          .forEach(settled -> Statistics.label("settled").collect(settled.get(0)));
      Statistics.label("tries with a fuzzed request run to SUCCESS")
          .collect(replies.succeeded.get() > 0);
      Statistics.label("tries with a fuzzed request answered with FAILURE")
          .collect(replies.failed.get() > 0);
      Statistics.label("settled")
          .coverage(
              coverage -> {
                coverage.check(How.ACK).percentage(p -> p > 20);
                coverage.check(How.REJECT).percentage(p -> p > 20);
              });
      Statistics.label("tries with a fuzzed request run to SUCCESS")
          .coverage(coverage -> coverage.check(true).percentage(p -> p > 50));
      Statistics.label("tries with a fuzzed request answered with FAILURE")
          .coverage(coverage -> coverage.check(true).percentage(p -> p > 50));
    } finally {
      broker.close();
    }
  }

  private static List<String> unanswered(
      List<Fuzzed> messages, Watching transport, Replies replies) {
    List<String> unanswered = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Fuzzed message = messages.get(i);
      if (message.isAnswerableRequest()
          && transport.settlements().get(i).equals(List.of(How.ACK))
          && !replies.ended.contains(message.correlationId().orElseThrow())) {
        unanswered.add(i + ": " + message);
      }
    }
    return unanswered;
  }

  private static boolean ends(TaskResponse response) {
    return response.state() == ResponseState.SUCCESS || response.state() == ResponseState.FAILURE;
  }

  /** Waits polling often: each try waits several times, and answers come within milliseconds. */
  private static ConditionFactory waiting() {
    return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
  }

  // ---- Arbitraries

  /**
   * Sequences of 10 to 40 messages: well-addressed REQUESTs and NOTIFYs with bodies from valid to
   * arbitrary, among messages whose every property is fuzzed.
   */
  @Provide
  Arbitrary<List<Fuzzed>> messageSequences() {
    Arbitrary<Fuzzed> requests =
        Combinators.combine(
                present(Arbitraries.just(ProtocolMessage.REQUEST)),
                present(Arbitraries.just(MessageProperties.JSON)),
                present(Arbitraries.just(MessageProperties.UTF_8)),
                present(Arbitraries.just(REPLIES)),
                present(correlationIds()),
                weighted(
                    Tuple.of(4, FuzzBodies.resizeRequests()),
                    Tuple.of(3, FuzzBodies.mutatedBodies()),
                    Tuple.of(2, FuzzBodies.documents().map(FuzzBodies.Json::body)),
                    Tuple.of(1, FuzzBodies.nearlyJson()),
                    Tuple.of(1, FuzzBodies.arbitraryBytes())))
            .as(Fuzzed::new);
    Arbitrary<Fuzzed> notifies =
        Combinators.combine(
                present(Arbitraries.just(ProtocolMessage.NOTIFY)),
                present(Arbitraries.just(MessageProperties.JSON)),
                present(Arbitraries.just(MessageProperties.UTF_8)),
                present(Arbitraries.just(REPLIES)),
                optional(correlationIds()),
                weighted(
                    Tuple.of(4, Arbitraries.just(Body.of("{}"))),
                    Tuple.of(1, FuzzBodies.mutatedBodies()),
                    Tuple.of(1, FuzzBodies.documents().map(FuzzBodies.Json::body)),
                    Tuple.of(1, FuzzBodies.nearlyJson()),
                    Tuple.of(1, FuzzBodies.arbitraryBytes())))
            .as(Fuzzed::new);
    Arbitrary<Fuzzed> anything =
        Combinators.combine(
                optional(
                    weighted(
                        Tuple.of(6, Arbitraries.just(ProtocolMessage.REQUEST)),
                        Tuple.of(3, Arbitraries.just(ProtocolMessage.NOTIFY)),
                        Tuple.of(1, Arbitraries.just(ProtocolMessage.RESPONSE)),
                        Tuple.of(
                            1, Arbitraries.of("request", "NOTIFY ", "", "PING", "REQUEST\u0000")))),
                optional(
                    weighted(
                        Tuple.of(10, Arbitraries.just(MessageProperties.JSON)),
                        Tuple.of(
                            1,
                            Arbitraries.of(
                                "application/json; charset=utf-8", " Application/JSON ",
                                "application/jsonx", "text/plain", "application/x-python-serialize",
                                "", ";")))),
                optional(
                    weighted(
                        Tuple.of(10, Arbitraries.just(MessageProperties.UTF_8)),
                        Tuple.of(1, Arbitraries.of("UTF8", "utf8", "binary", "utf-16", "")))),
                optional(
                    weighted(
                        Tuple.of(6, Arbitraries.just(REPLIES)),
                        Tuple.of(1, Arbitraries.just(TOPIC)),
                        Tuple.of(
                            1,
                            Arbitraries.strings()
                                .alpha()
                                .ofMaxLength(12)
                                .filter(name -> !name.equals(Probe.TOPIC))),
                        Tuple.of(1, Arbitraries.just("r".repeat(300))))),
                optional(correlationIds()),
                weighted(
                    Tuple.of(4, FuzzBodies.resizeRequests()),
                    Tuple.of(3, FuzzBodies.mutatedBodies()),
                    Tuple.of(2, FuzzBodies.documents().map(FuzzBodies.Json::body)),
                    Tuple.of(2, FuzzBodies.nearlyJson()),
                    Tuple.of(1, FuzzBodies.arbitraryBytes()),
                    Tuple.of(1, Arbitraries.just(Body.of("{}")))))
            .as(Fuzzed::new);
    return weighted(Tuple.of(3, requests), Tuple.of(1, notifies), Tuple.of(3, anything))
        .list()
        .ofMinSize(10)
        .ofMaxSize(40)
        .withSizeDistribution(RandomDistribution.uniform());
  }

  private static Arbitrary<String> correlationIds() {
    return Arbitraries.strings().withCharRange('a', 'f').numeric().ofMinLength(0).ofMaxLength(36);
  }

  private static <T> Arbitrary<Optional<T>> present(Arbitrary<T> value) {
    return value.map(Optional::of);
  }

  /** Mostly present, sometimes missing. */
  private static <T> Arbitrary<Optional<T>> optional(Arbitrary<T> present) {
    return present.optional(0.9);
  }

  @SafeVarargs
  private static <T> Arbitrary<T> weighted(Tuple2<Integer, Arbitrary<T>>... choices) {
    List<Tuple2<Integer, Arbitrary<T>>> all = new ArrayList<>();
    for (Tuple2<Integer, Arbitrary<T>> choice : choices) {
      all.add(choice);
    }
    return Arbitraries.frequencyOf(all);
  }

  // ---- The worker's surroundings

  /** Multiplies {@code height} by {@code width}. */
  static final class Multiply extends AbstractTask {
    Multiply(String name) {
      super(TaskSpec.builder(name).requires("height", "width").build());
    }

    @Override
    public Object execute(TaskContext context) {
      return context.argument("height", Long.class) * context.argument("width", Long.class);
    }
  }

  /**
   * The worker's transport, watched: which fuzzed deliveries the worker handled and how it
   * settled each (by their sequence numbers), what escaped its handler, and how many messages it
   * sent to the replies topic.
   */
  private static final class Watching implements Transport {
    /** The fuzzed messages whose delivery the worker's handler returned from or threw out of. */
    final Set<Integer> handled = ConcurrentHashMap.newKeySet();
    final List<Throwable> escaped = new CopyOnWriteArrayList<>();
    final AtomicInteger sentToReplies = new AtomicInteger();
    private final RecordingTransport delegate;

    Watching(Transport delegate) {
      this.delegate = new RecordingTransport(delegate);
    }

    /** Every settling call on a fuzzed message, by its place in the sequence. */
    Map<Integer, List<How>> settlements() {
      Map<Integer, List<How>> bySequence = new TreeMap<>();
      for (RecordingTransport.Settlement settled : delegate.settlements()) {
        sequenceOf(settled.message()).ifPresent(sequence ->
            bySequence.computeIfAbsent(sequence, any -> new ArrayList<>()).add(settled.how()));
      }
      return bySequence;
    }

    @Override
    public void publish(String exchange, String routingKey, Message message) {
      delegate.publish(exchange, routingKey, message);
      if (routingKey.equals(REPLIES)) {
        sentToReplies.incrementAndGet();
      }
    }

    @Override
    public Subscription consume(String exchange, String topic, MessageHandler handler) {
      return delegate.consume(
          exchange,
          topic,
          delivery -> {
            try {
              handler.handle(delivery);
            } catch (RuntimeException | Error e) {
              escaped.add(e);
              throw e;
            } finally {
              sequenceOf(delivery.message()).ifPresent(handled::add);
            }
          });
    }

    private static Optional<Integer> sequenceOf(Message message) {
      return Optional.ofNullable(message.properties().headers().get(SEQUENCE))
          .map(sequence -> Integer.parseInt(sequence.toString()));
    }

    @Override
    public String describe() {
      return "watching:" + delegate.describe();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** Reads what arrives on the replies topic as an engine would. */
  private static final class Replies {
    final AtomicInteger received = new AtomicInteger();
    final List<String> unreadable = new CopyOnWriteArrayList<>();
    /** The correlation ids of the requests answered with SUCCESS or FAILURE. */
    final Set<String> ended = ConcurrentHashMap.newKeySet();
    final AtomicInteger succeeded = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    Replies(Transport transport) {
      transport.consume(Probe.EXCHANGE, REPLIES, this::read);
    }

    private void read(Delivery delivery) {
      Message message = delivery.message();
      try {
        ProtocolMessage read = CODEC.decode(message, Role.EXECUTOR);
        if (read instanceof TaskResponse response && ends(response)) {
          message.properties().correlationId().ifPresent(ended::add);
          (response.state() == ResponseState.SUCCESS ? succeeded : failed).incrementAndGet();
        }
      } catch (RuntimeException e) {
        unreadable.add(
            e + " reading " + message.properties() + " " + FuzzBodies.show(message.body()));
      } finally {
        delivery.ack();
        received.incrementAndGet();
      }
    }
  }
}
