package io.taskflow4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The behaviour every {@link Transport} must have, on any broker: what the worker protocol relies
 * on (contract sections 1 and 2). A transport module tests its transport by extending this class
 * and providing {@link #newTransport(int)}; each call stands for one participant (a worker, an
 * engine), all connected to the same broker.
 *
 * <p>Every test uses its own exchange and consumes every queue it creates, so auto-delete queues
 * leave nothing behind on a shared broker.
 */
public abstract class TransportContractTest {

  /** The prefetch limit of transports that a test does not set one for. */
  protected static final int DEFAULT_PREFETCH = 10;

  private final List<Transport> opened = new CopyOnWriteArrayList<>();
  private String exchange;

  /**
   * Opens a new transport, one participant, on the broker under test. The contract test closes it.
   *
   * @param prefetch the most unsettled deliveries that one consumer of the transport may hold
   * @return a connected transport
   */
  protected abstract Transport newTransport(int prefetch);

  /**
   * How long a test waits for something to happen. Brokers over a network may need more.
   *
   * @return the longest wait
   */
  protected Duration patience() {
    return Duration.ofSeconds(15);
  }

  @BeforeEach
  void nameTheExchange(TestInfo test) {
    String method = test.getTestMethod().map(m -> m.getName()).orElse("test");
    exchange = "tf4j-contract-" + method + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeTransports() {
    for (Transport transport : opened) {
      transport.close();
    }
    opened.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Publishing and consuming

  @Test
  void messagePublishedBeforeTheConsumerStartsIsKept() {
    Transport publisher = open();
    publisher.publish(exchange, "worker", request("kept-1"));
    publisher.publish(exchange, "worker", request("kept-2"));

    Recorder consumer = new Recorder(Delivery::ack);
    open().consume(exchange, "worker", consumer);

    await().until(() -> consumer.bodies().size() == 2);
    assertThat(consumer.bodies()).containsExactly("kept-1", "kept-2");
  }

  @Test
  protected void aMessageThatExpiredWhileWaitingIsDroppedAndTheRestArrive() throws InterruptedException {
    Transport publisher = open();
    Message stale = request("stale");
    publisher.publish(exchange, "worker",
        new Message(stale.properties().withExpiration(Duration.ofMillis(1)), stale.body()));
    Message fresh = request("fresh");
    publisher.publish(exchange, "worker",
        new Message(fresh.properties().withExpiration(Duration.ofMinutes(5)), fresh.body()));
    // Long enough for the first to expire on any broker; not a timed assertion.
    Thread.sleep(200);

    Recorder consumer = new Recorder(Delivery::ack);
    open().consume(exchange, "worker", consumer);
    publisher.publish(exchange, "worker", request("last"));

    await().until(() -> consumer.bodies().contains("last"));
    assertThat(consumer.bodies()).containsExactly("fresh", "last");
    assertThat(consumer.deliveries.get(0).message().properties().expiration()).contains(Duration.ofMinutes(5));
  }

  @Test
  void messagePublishedAfterTheLastConsumerLeftIsKept() {
    Transport publisher = open();
    Transport worker = open();
    Recorder first = new Recorder(Delivery::ack);
    Subscription firstRun = worker.consume(exchange, "worker", first);
    publisher.publish(exchange, "worker", request("while-consumed"));
    await().until(() -> first.bodies().contains("while-consumed"));

    firstRun.close(); // the auto-delete queue goes with its last consumer
    publisher.publish(exchange, "worker", request("while-away-1"));
    publisher.publish(exchange, "worker", request("while-away-2"));
    Recorder second = new Recorder(Delivery::ack);
    open().consume(exchange, "worker", second);

    await().until(() -> second.bodies().size() == 2);
    assertThat(second.bodies()).containsExactly("while-away-1", "while-away-2");
  }

  @Test
  void propertiesAndBodyArriveIntact() {
    Transport transport = open();
    Recorder consumer = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", consumer);
    byte[] body = "{\"task_cls\": \"pkg.mod.Resize\", \"arguments\": {\"name\": \"é✓\"}}"
        .getBytes(StandardCharsets.UTF_8);

    transport.publish(
        exchange,
        "worker",
        new Message(MessageProperties.of("REQUEST", "engine-topic", "00000000-0000-0000-0000-000000000001"), body));

    await().until(() -> consumer.deliveries.size() == 1);
    Delivery delivery = consumer.deliveries.get(0);
    MessageProperties properties = delivery.message().properties();
    assertThat(properties.type()).contains("REQUEST");
    assertThat(properties.replyTo()).contains("engine-topic");
    assertThat(properties.correlationId()).contains("00000000-0000-0000-0000-000000000001");
    assertThat(properties.contentType()).contains("application/json");
    assertThat(properties.contentEncoding()).contains("utf-8");
    assertThat(properties.deliveryMode()).isEqualTo(2);
    assertThat(properties.priority()).isZero();
    assertThat(properties.headers()).isEmpty();
    assertThat(delivery.message().body()).isEqualTo(body);
    assertThat(delivery.redelivered()).isFalse();
  }

  @Test
  void absentPropertiesArriveAbsent() {
    Transport transport = open();
    Recorder consumer = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", consumer);

    transport.publish(
        exchange, "worker", new Message(MessageProperties.of("NOTIFY", Optional.of("engine-topic"), Optional.empty()), "{}".getBytes(StandardCharsets.UTF_8)));
    transport.publish(
        exchange,
        "worker",
        new Message(
            new MessageProperties(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 2, 0, Map.of()),
            "{}".getBytes(StandardCharsets.UTF_8)));

    await().until(() -> consumer.deliveries.size() == 2);
    MessageProperties notify = consumer.deliveries.get(0).message().properties();
    assertThat(notify.type()).contains("NOTIFY");
    assertThat(notify.replyTo()).contains("engine-topic");
    assertThat(notify.correlationId()).isEmpty();
    MessageProperties bare = consumer.deliveries.get(1).message().properties();
    assertThat(bare.type()).isEmpty();
    assertThat(bare.replyTo()).isEmpty();
    assertThat(bare.correlationId()).isEmpty();
    assertThat(bare.contentType()).isEmpty();
    assertThat(bare.contentEncoding()).isEmpty();
  }

  @Test
  void stringAndNumberHeadersArriveIntact() {
    Transport transport = open();
    Recorder consumer = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", consumer);
    MessageProperties base = MessageProperties.of("REQUEST", "engine-topic", "id-1");

    transport.publish(
        exchange,
        "worker",
        new Message(
            new MessageProperties(
                base.type(), base.replyTo(), base.correlationId(), base.contentType(),
                base.contentEncoding(), 2, 0, Map.of("origin", "test", "attempt", 3)),
            "{}".getBytes(StandardCharsets.UTF_8)));

    await().until(() -> consumer.deliveries.size() == 1);
    assertThat(consumer.deliveries.get(0).message().properties().headers())
        .containsExactlyInAnyOrderEntriesOf(Map.of("origin", "test", "attempt", 3));
  }

  @Test
  void extraRequestHeadersArriveIntactNextToAnExpiration() {
    Transport transport = open();
    Recorder consumer = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", consumer);
    Map<String, String> extra = Map.of(
        "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
        "long", "v".repeat(io.taskflow4j.remote.RequestHeaders.MAX_VALUE_LENGTH));

    transport.publish(
        exchange,
        "worker",
        new Message(
            MessageProperties.of("REQUEST", "engine-topic", "id-1")
                .withExpiration(Duration.ofMinutes(1))
                .withHeaders(extra),
            "{}".getBytes(StandardCharsets.UTF_8)));

    await().until(() -> consumer.deliveries.size() == 1);
    MessageProperties received = consumer.deliveries.get(0).message().properties();
    assertThat(received.headers()).containsExactlyInAnyOrderEntriesOf(extra);
    assertThat(received.correlationId()).contains("id-1");
  }

  @Test
  void everyByteValueAndALargeBodyArriveIntact() {
    Transport transport = open();
    Recorder consumer = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", consumer);
    byte[] allValues = new byte[256];
    for (int i = 0; i < allValues.length; i++) {
      allValues[i] = (byte) i;
    }
    byte[] large = new byte[1 << 20];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i * 31 + 7);
    }

    transport.publish(exchange, "worker", new Message(MessageProperties.of("REQUEST", "r", "1"), allValues));
    transport.publish(exchange, "worker", new Message(MessageProperties.of("REQUEST", "r", "2"), large));

    await().until(() -> consumer.deliveries.size() == 2);
    assertThat(consumer.deliveries.get(0).message().body()).isEqualTo(allValues);
    assertThat(consumer.deliveries.get(1).message().body()).isEqualTo(large);
  }

  @Test
  void changingThePublishedBytesAfterwardsDoesNotChangeTheMessage() {
    Transport publisher = open();
    byte[] body = "original".getBytes(StandardCharsets.UTF_8);
    publisher.publish(exchange, "worker", new Message(MessageProperties.of("REQUEST", "r", "1"), body));
    Arrays.fill(body, (byte) 'x');

    Recorder consumer = new Recorder(Delivery::ack);
    open().consume(exchange, "worker", consumer);

    await().until(() -> consumer.bodies().size() == 1);
    assertThat(consumer.bodies()).containsExactly("original");
  }

  @Test
  void deliveriesRunOnATransportThreadNotThePublishers() {
    Transport transport = open();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    transport.consume(
        exchange,
        "worker",
        delivery -> {
          threads.add(Thread.currentThread());
          delivery.ack();
        });

    transport.publish(exchange, "worker", request("where"));

    await().until(() -> threads.size() == 1);
    assertThat(threads.get(0)).isNotSameAs(Thread.currentThread());
  }

  // ---------------------------------------------------------------------------------------------
  // Routing

  @Test
  void messagesAreRoutedByTopic() {
    Transport transport = open();
    Recorder first = new Recorder(Delivery::ack);
    Recorder second = new Recorder(Delivery::ack);
    transport.consume(exchange, "first", first);
    transport.consume(exchange, "second", second);

    transport.publish(exchange, "first", request("to-first-1"));
    transport.publish(exchange, "second", request("to-second"));
    transport.publish(exchange, "first", request("to-first-2"));

    await().until(() -> first.bodies().size() == 2 && second.bodies().size() == 1);
    assertThat(first.bodies()).containsExactly("to-first-1", "to-first-2");
    assertThat(second.bodies()).containsExactly("to-second");
  }

  @Test
  void exchangesAreIsolated() {
    String other = exchange + "-other";
    Transport transport = open();
    Recorder mine = new Recorder(Delivery::ack);
    Recorder theirs = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", mine);
    transport.consume(other, "worker", theirs);

    transport.publish(exchange, "worker", request("mine"));
    transport.publish(other, "worker", request("theirs"));

    await().until(() -> mine.bodies().size() == 1 && theirs.bodies().size() == 1);
    assertThat(mine.bodies()).containsExactly("mine");
    assertThat(theirs.bodies()).containsExactly("theirs");
  }

  @Test
  void competingConsumersShareAQueueEachMessageGoingToOne() {
    Recorder first = new Recorder(Delivery::ack);
    Recorder second = new Recorder(Delivery::ack);
    open(1).consume(exchange, "worker", first);
    open(1).consume(exchange, "worker", second);
    Transport publisher = open();

    List<String> sent = IntStream.range(0, 40).mapToObj(i -> "m" + i).collect(Collectors.toList());
    sent.forEach(body -> publisher.publish(exchange, "worker", request(body)));

    await().until(() -> first.bodies().size() + second.bodies().size() == sent.size());
    assertThat(first.bodies()).isNotEmpty();
    assertThat(second.bodies()).isNotEmpty();
    List<String> all = new ArrayList<>(first.bodies());
    all.addAll(second.bodies());
    assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void concurrentPublishersLoseAndDuplicateNothing() throws Exception {
    Transport transport = open();
    Recorder consumer = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", consumer);
    ExecutorService publishers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        int publisherId = p;
        done.add(
            publishers.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    transport.publish(exchange, "worker", request(publisherId + "-" + i));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get(patience().toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      publishers.shutdownNow();
    }

    await().until(() -> consumer.bodies().size() >= 400);
    assertThat(consumer.bodies()).doesNotHaveDuplicates().hasSize(400);
    for (int p = 0; p < 4; p++) {
      String prefix = p + "-";
      List<String> ofPublisher =
          consumer.bodies().stream().filter(b -> b.startsWith(prefix)).collect(Collectors.toList());
      assertThat(ofPublisher)
          .as("messages of one publishing thread keep their order")
          .containsExactlyElementsOf(
              IntStream.range(0, 100).mapToObj(i -> prefix + i).collect(Collectors.toList()));
    }
  }

  @Test
  void asynchronousPublishesCompleteAndArriveInOrder() {
    Transport transport = open();
    Recorder consumer = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", consumer);
    List<CompletableFuture<Void>> sent = new ArrayList<>();

    for (int i = 0; i < 200; i++) {
      sent.add(transport.publishAsync(exchange, "worker", request("async-" + i)));
    }

    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .orTimeout(patience().toMillis(), TimeUnit.MILLISECONDS).join();
    await().until(() -> consumer.bodies().size() >= 200);
    assertThat(consumer.bodies()).containsExactlyElementsOf(
        IntStream.range(0, 200).mapToObj(i -> "async-" + i).collect(Collectors.toList()));
  }

  // ---------------------------------------------------------------------------------------------
  // Settling

  @Test
  void rejectedMessageIsDropped() {
    Transport publisher = open();
    publisher.publish(exchange, "worker", request("bad"));
    publisher.publish(exchange, "worker", request("good"));

    Recorder consumer =
        new Recorder(d -> {
          if (body(d).equals("bad")) {
            d.reject();
          } else {
            d.ack();
          }
        });
    open(1).consume(exchange, "worker", consumer);

    // With a prefetch of 1, a requeued "bad" would come back before "good".
    await().until(() -> consumer.bodies().contains("good"));
    assertThat(consumer.bodies()).containsExactly("bad", "good");
  }

  @Test
  void requeuedMessageIsRedeliveredWithFlag() {
    Transport transport = open();
    Recorder consumer =
        new Recorder(d -> {
          if (d.redelivered()) {
            d.ack();
          } else {
            d.requeue();
          }
        });
    transport.consume(exchange, "worker", consumer);

    transport.publish(exchange, "worker", request("again"));

    await().until(() -> consumer.deliveries.size() == 2);
    assertThat(consumer.bodies()).containsExactly("again", "again");
    assertThat(consumer.deliveries).extracting(Delivery::redelivered).containsExactly(false, true);
  }

  @Test
  void aCancelledConsumerGetsNothingNewButSettlesWhatItHolds() {
    Transport transport = open();
    Recorder holder = new Recorder(d -> {});
    Subscription held = transport.consume(exchange, "worker", holder);
    transport.publish(exchange, "worker", request("held"));
    await().until(() -> holder.deliveries.size() == 1);
    Recorder other = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", other);

    held.cancel();
    transport.publish(exchange, "worker", request("after"));
    holder.deliveries.get(0).ack();
    held.close();

    await().until(() -> other.bodies().contains("after"));
    assertThat(holder.bodies()).containsExactly("held");
    // Acknowledged after the cancel, it is not requeued when the subscription closes.
    assertThat(other.bodies()).containsExactly("after");
  }

  @Test
  void aConsumerThatGoesAwayWithoutSettlingLeavesItsMessagesRedeliveredToAnother() {
    Transport transport = open();
    Recorder dying = new Recorder(d -> {});
    Subscription dies = transport.consume(exchange, "worker", dying);
    transport.publish(exchange, "worker", request("taken"));
    await().until(() -> dying.deliveries.size() == 1);
    Recorder survivor = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", survivor);

    dies.close();

    await().until(() -> survivor.deliveries.size() == 1);
    assertThat(survivor.bodies()).containsExactly("taken");
    assertThat(survivor.deliveries.get(0).redelivered()).isTrue();
  }

  @Test
  void settlingTwiceKeepsTheFirstOutcome() {
    Transport publisher = open();
    publisher.publish(exchange, "worker", request("once"));
    publisher.publish(exchange, "worker", request("after"));

    Recorder consumer =
        new Recorder(d -> {
          d.ack();
          d.requeue();
          d.reject();
        });
    open(1).consume(exchange, "worker", consumer);

    await().until(() -> consumer.bodies().contains("after"));
    assertThat(consumer.bodies()).containsExactly("once", "after");
  }

  @Test
  void deliveryCanBeSettledFromAnotherThreadLater() {
    Transport transport = open();
    Recorder holder = new Recorder(d -> {});
    transport.consume(exchange, "worker", holder);
    transport.publish(exchange, "worker", request("held"));
    await().until(() -> holder.deliveries.size() == 1);

    holder.deliveries.get(0).requeue();

    await().until(() -> holder.deliveries.size() == 2);
    assertThat(holder.deliveries.get(1).redelivered()).isTrue();
    holder.deliveries.get(1).ack();
  }

  @Test
  void handlerExceptionRejectsTheMessageAndTheConsumerGoesOn() {
    Transport publisher = open();
    publisher.publish(exchange, "worker", request("boom"));
    publisher.publish(exchange, "worker", request("fine"));

    Recorder consumer =
        new Recorder(d -> {
          if (body(d).equals("boom")) {
            throw new IllegalStateException("handler failure (expected by the test)");
          }
          d.ack();
        });
    open(1).consume(exchange, "worker", consumer);

    await().until(() -> consumer.bodies().contains("fine"));
    assertThat(consumer.bodies()).containsExactly("boom", "fine");
  }

  // ---------------------------------------------------------------------------------------------
  // Flow control

  @Test
  void consumerHoldsAtMostPrefetchUnsettledDeliveries() {
    Transport publisher = open();
    for (int i = 0; i < 5; i++) {
      publisher.publish(exchange, "worker", request("p" + i));
    }
    AtomicInteger settled = new AtomicInteger();
    List<Integer> unsettledOnArrival = new CopyOnWriteArrayList<>();
    List<Delivery> held = new CopyOnWriteArrayList<>();
    open(2)
        .consume(
            exchange,
            "worker",
            d -> {
              held.add(d);
              unsettledOnArrival.add(held.size() - settled.get());
            });

    for (int i = 0; i < 5; i++) {
      int expected = Math.min(5, i + 2);
      await().until(() -> held.size() >= expected);
      assertThat(held).hasSize(expected);
      settled.incrementAndGet();
      held.get(i).ack();
    }
    assertThat(unsettledOnArrival).allSatisfy(n -> assertThat(n).isBetween(1, 2));
    assertThat(held).extracting(TransportContractTest::body).containsExactly("p0", "p1", "p2", "p3", "p4");
  }

  @Test
  void consumerHandlesOneMessageAtATime() {
    Transport transport = open();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    transport.consume(
        exchange,
        "worker",
        d -> {
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            release.await(patience().toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inFlight.decrementAndGet();
          handled.incrementAndGet();
          d.ack();
        });
    for (int i = 0; i < 5; i++) {
      transport.publish(exchange, "worker", request("serial-" + i));
    }

    await().until(() -> inFlight.get() == 1);
    await().during(Duration.ofMillis(300)).until(() -> inFlight.get() == 1);
    release.countDown();

    await().until(() -> handled.get() == 5);
    assertThat(maxInFlight.get()).isEqualTo(1);
  }

  @Test
  void aBusyHandlerDoesNotHoldUpOtherSubscriptions() {
    Transport transport = open();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    transport.consume(
        exchange,
        "slow",
        d -> {
          busy.countDown();
          try {
            release.await(patience().toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          d.ack();
        });
    Recorder fast = new Recorder(Delivery::ack);
    transport.consume(exchange, "fast", fast);
    try {
      transport.publish(exchange, "slow", request("blocks"));
      await().until(() -> busy.getCount() == 0);

      transport.publish(exchange, "fast", request("goes-through"));

      await().until(() -> fast.bodies().contains("goes-through"));
    } finally {
      release.countDown();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  @Test
  void closedSubscriptionReceivesNothingMore() {
    Transport transport = open();
    Recorder closed = new Recorder(Delivery::ack);
    Recorder open = new Recorder(Delivery::ack);
    Subscription closing = transport.consume(exchange, "worker", closed);
    transport.consume(exchange, "worker", open);
    closing.close();

    for (int i = 0; i < 10; i++) {
      transport.publish(exchange, "worker", request("after-close-" + i));
    }

    await().until(() -> open.bodies().size() == 10);
    assertThat(closed.deliveries).isEmpty();
  }

  @Test
  void closingASubscriptionRequeuesItsUnsettledDeliveries() {
    Transport transport = open();
    Recorder holder = new Recorder(d -> {});
    Subscription holding = transport.consume(exchange, "worker", holder);
    transport.publish(exchange, "worker", request("unsettled"));
    await().until(() -> holder.deliveries.size() == 1);
    Recorder taker = new Recorder(Delivery::ack);
    open().consume(exchange, "worker", taker);

    holding.close();

    await().until(() -> taker.bodies().contains("unsettled"));
    assertThat(taker.deliveries.get(0).redelivered()).isTrue();
    holder.deliveries.get(0).ack(); // too late: ignored, no error
  }

  @Test
  void closingASubscriptionWaitsForItsRunningHandler() throws Exception {
    Transport transport = open();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    Subscription subscription =
        transport.consume(
            exchange,
            "worker",
            d -> {
              entered.countDown();
              try {
                release.await(patience().toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              d.ack();
              finished.incrementAndGet();
            });
    transport.publish(exchange, "worker", request("slow"));
    assertThat(entered.await(patience().toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    ExecutorService closer = Executors.newSingleThreadExecutor();
    try {
      Future<?> closing = closer.submit(subscription::close);
      await().during(Duration.ofMillis(200)).until(() -> !closing.isDone());
      release.countDown();
      closing.get(patience().toMillis(), TimeUnit.MILLISECONDS);
      assertThat(finished.get()).isEqualTo(1);
    } finally {
      closer.shutdownNow();
    }
  }

  @Test
  void closingTheTransportLetsARunningHandlerFinishAndPublish() throws Exception {
    Transport worker = open();
    Transport engine = open();
    Recorder answers = new Recorder(Delivery::ack);
    engine.consume(exchange, "engine", answers);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    worker.consume(
        exchange,
        "worker",
        d -> {
          entered.countDown();
          try {
            release.await(patience().toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          d.ack();
          worker.publish(exchange, "engine", request("answer to " + body(d)));
        });
    engine.publish(exchange, "worker", request("job"));
    assertThat(entered.await(patience().toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    ExecutorService closer = Executors.newSingleThreadExecutor();
    try {
      Future<?> closing = closer.submit(worker::close);
      await().during(Duration.ofMillis(200)).until(() -> !closing.isDone());
      release.countDown();
      closing.get(patience().toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      closer.shutdownNow();
    }

    await().until(() -> answers.bodies().contains("answer to job"));
    assertThatThrownBy(() -> worker.publish(exchange, "engine", request("too late")))
        .isInstanceOf(TransportException.class);
  }

  @Test
  void subscriptionCanBeClosedFromItsOwnHandler() {
    Transport transport = open();
    Recorder other = new Recorder(Delivery::ack);
    List<Subscription> self = new CopyOnWriteArrayList<>();
    AtomicInteger handled = new AtomicInteger();
    self.add(
        transport.consume(
            exchange,
            "worker",
            d -> {
              handled.incrementAndGet();
              d.ack();
              self.get(0).close();
            }));
    transport.consume(exchange, "worker", other);

    for (int i = 0; i < 6; i++) {
      transport.publish(exchange, "worker", request("self-close-" + i));
    }

    await().until(() -> handled.get() + other.bodies().size() == 6);
    assertThat(handled.get()).isEqualTo(1);
  }

  @Test
  void closedTransportStopsItsSubscriptionsAndRefusesWork() {
    Transport closing = open();
    Recorder closedConsumer = new Recorder(Delivery::ack);
    closing.consume(exchange, "worker", closedConsumer);
    Transport staying = open();
    Recorder openConsumer = new Recorder(Delivery::ack);
    staying.consume(exchange, "worker", openConsumer);

    closing.close();
    closing.close();
    for (int i = 0; i < 10; i++) {
      staying.publish(exchange, "worker", request("after-transport-close-" + i));
    }

    await().until(() -> openConsumer.bodies().size() == 10);
    assertThat(closedConsumer.deliveries).isEmpty();
    assertThatThrownBy(() -> closing.publish(exchange, "worker", request("refused")))
        .isInstanceOf(TransportException.class);
    assertThatThrownBy(() -> closing.consume(exchange, "worker", Delivery::ack))
        .isInstanceOf(TransportException.class);
  }

  @Test
  void closingASubscriptionTwiceIsHarmless() {
    Transport transport = open();
    Subscription subscription = transport.consume(exchange, "worker", Delivery::ack);
    subscription.close();
    subscription.close();
    Recorder after = new Recorder(Delivery::ack);
    transport.consume(exchange, "worker", after);
    transport.publish(exchange, "worker", request("still-works"));
    await().until(() -> after.bodies().contains("still-works"));
  }

  @Test
  void describeSaysWhereTheTransportConnects() {
    assertThat(open().describe()).isNotBlank();
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Opens a transport with the default prefetch limit, closed after the test.
   *
   * @return the transport
   */
  protected final Transport open() {
    return open(DEFAULT_PREFETCH);
  }

  /**
   * Opens a transport, closed after the test.
   *
   * @param prefetch the prefetch limit
   * @return the transport
   */
  protected final Transport open(int prefetch) {
    Transport transport = newTransport(prefetch);
    opened.add(transport);
    return transport;
  }

  /**
   * The exchange of the running test, unique to it.
   *
   * @return the exchange name
   */
  protected final String exchange() {
    return exchange;
  }

  /**
   * Waits, polling often, up to {@link #patience()}.
   *
   * @return an Awaitility condition factory
   */
  protected final ConditionFactory await() {
    return Awaitility.await().pollInterval(Duration.ofMillis(10)).atMost(patience());
  }

  /**
   * A REQUEST message with the given body text.
   *
   * @param body the body
   * @return the message
   */
  protected static Message request(String body) {
    return new Message(
        MessageProperties.of("REQUEST", "engine-topic", UUID.randomUUID().toString()),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The body of a delivery as text.
   *
   * @param delivery the delivery
   * @return the body decoded as UTF-8
   */
  protected static String body(Delivery delivery) {
    return new String(delivery.message().body(), StandardCharsets.UTF_8);
  }

  /** A handler that records every delivery, then applies a behaviour to it. Thread-safe. */
  protected static final class Recorder implements MessageHandler {
    /** Every delivery, in arrival order. */
    public final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private final Consumer<Delivery> behaviour;

    /**
     * Creates the recorder.
     *
     * @param behaviour what to do with each delivery after recording it, such as {@code
     *     Delivery::ack}
     */
    public Recorder(Consumer<Delivery> behaviour) {
      this.behaviour = behaviour;
    }

    @Override
    public void handle(Delivery delivery) {
      deliveries.add(delivery);
      behaviour.accept(delivery);
    }

    /**
     * The bodies received so far, as text, in arrival order.
     *
     * @return the bodies
     */
    public List<String> bodies() {
      return deliveries.stream().map(TransportContractTest::body).collect(Collectors.toList());
    }
  }
}
