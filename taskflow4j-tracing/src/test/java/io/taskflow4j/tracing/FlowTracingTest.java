package io.taskflow4j.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskFactory;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spans of flows and atoms in this process, and of a worker on the in-memory transport. */
@Timeout(60)
class FlowTracingTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
  private final FlowTracing tracing = FlowTracing.of(otel);
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    otel.close();
  }

  private static Task local(String name, String requires, String provides) {
    return Task.builder(name).requires(requires).provides(provides)
        .execute(ctx -> {
          if (name.startsWith("fail")) {
            throw new IllegalStateException(name + " broke");
          }
          return ctx.argument(requires, Integer.class) + 1;
        })
        .build();
  }

  private SpanData span(String name) {
    List<SpanData> found = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as("spans named '%s' among %s", name, names()).hasSize(1);
    return found.get(0);
  }

  private List<String> names() {
    return exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
  }

  private static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void aRunHasAFlowSpanWithAChildSpanPerAtomExecute() {
    Flow flow = Flow.linear("checkout").add(local("reserve", "x", "y"), local("charge", "y", "z"));
    try (Engine engine = Engine.builder(flow).listener(tracing.listener()).input("x", 1).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);

      SpanData run = span("flow checkout");
      assertThat(run.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(run.getParentSpanContext().isValid()).isFalse();
      assertThat(attribute(run, FlowTracing.FLOW_NAME)).isEqualTo("checkout");
      assertThat(attribute(run, FlowTracing.FLOW_ID)).isEqualTo(engine.flowId());
      assertThat(attribute(run, FlowTracing.FLOW_STATE)).isEqualTo("SUCCESS");
      assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      for (String atom : List.of("reserve", "charge")) {
        SpanData execute = span("execute " + atom);
        assertThat(execute.getParentSpanId()).isEqualTo(run.getSpanId());
        assertThat(execute.getTraceId()).isEqualTo(run.getTraceId());
        assertThat(attribute(execute, FlowTracing.ATOM_NAME)).isEqualTo(atom);
        assertThat(attribute(execute, FlowTracing.ATOM_KIND)).isEqualTo("task");
        assertThat(attribute(execute, FlowTracing.ATOM_ACTION)).isEqualTo("execute");
        assertThat(attribute(execute, FlowTracing.ATOM_OUTCOME)).isEqualTo("success");
        assertThat(execute.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(execute.getStartEpochNanos()).isGreaterThanOrEqualTo(run.getStartEpochNanos());
        assertThat(execute.getEndEpochNanos()).isLessThanOrEqualTo(run.getEndEpochNanos());
      }
      assertThat(exporter.getFinishedSpanItems()).hasSize(3);
    }
  }

  @Test
  void aFailureIsAnErrorOnItsAtomSpanAndTheRevertsAndTheRunHaveSpansToo() {
    Flow flow = Flow.linear("checkout").add(local("reserve", "x", "y"), local("fail-charge", "y", "z"));
    try (Engine engine = Engine.builder(flow).listener(tracing.listener()).input("x", 1).build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);
    }

    SpanData run = span("flow checkout");
    assertThat(attribute(run, FlowTracing.FLOW_STATE)).isEqualTo("REVERTED");
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    SpanData failed = span("execute fail-charge");
    assertThat(attribute(failed, FlowTracing.ATOM_OUTCOME)).isEqualTo("failure");
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getStatus().getDescription()).contains("fail-charge broke");
    assertThat(failed.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(failed.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("fail-charge broke");
    for (String atom : List.of("reserve", "fail-charge")) {
      SpanData revert = span("revert " + atom);
      assertThat(revert.getParentSpanId()).isEqualTo(run.getSpanId());
      assertThat(attribute(revert, FlowTracing.ATOM_ACTION)).isEqualTo("revert");
      assertThat(attribute(revert, FlowTracing.ATOM_OUTCOME)).isEqualTo("success");
    }
    assertThat(span("execute reserve").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(exporter.getFinishedSpanItems()).hasSize(5);
  }

  @Test
  void aRevertThatFailsIsAnErrorAndTheRunEndsInFailure() {
    Task stubborn = Task.builder("stubborn").requires("x").provides("y")
        .execute(ctx -> 1)
        .revert(ctx -> {
          throw new IllegalStateException("cannot undo");
        })
        .build();
    Flow flow = Flow.linear("stuck").add(stubborn, local("fail-next", "y", "z"));
    try (Engine engine = Engine.builder(flow).listener(tracing.listener()).input("x", 1).build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);
    }

    SpanData revert = span("revert stubborn");
    assertThat(attribute(revert, FlowTracing.ATOM_OUTCOME)).isEqualTo("failure");
    assertThat(revert.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    SpanData run = span("flow stuck");
    assertThat(attribute(run, FlowTracing.FLOW_STATE)).isEqualTo("FAILURE");
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void theSpanOfARequestOnAWorkerIsAChildOfItsAtomSpanEvenWhenAStoreDelaysTheSend() throws Exception {
    InMemoryBroker broker = InMemoryBroker.builder().name("tracing-test").build();
    closing.add(broker::close);
    TaskFactory inc = name -> Task.builder(name)
        .execute(ctx -> {
          if (name.startsWith("fail")) {
            throw new IllegalStateException(name + " broke");
          }
          return ctx.argument("x", Integer.class) + 1;
        })
        .build();
    Worker worker = Worker.builder(broker.transport()).topic("calc").serve("calc.Inc", inc)
        .interceptor(tracing.workerInterceptor()).build();
    closing.add(worker);
    worker.start();
    RemoteTaskExecutor executor = RemoteTaskExecutor.builder(broker.transport()).topics("calc")
        .requestHeaders(tracing.requestHeaders()).build();
    closing.add(executor);
    executor.start();
    executor.waitForWorkers(1, Duration.ofSeconds(10));
    Flow flow = Flow.linear("remote").add(
        Task.remote("calc.Inc", TaskSpec.builder("one").rebind("x", "x").provides("y").build()),
        Task.remote("calc.Inc", TaskSpec.builder("fail-two").rebind("x", "y").provides("z").build()));

    try (FlowStore store = FlowStore.inMemory();
        Engine engine = Engine.builder(flow).taskExecutor(executor).store(store)
            .listener(tracing.listener()).input("x", 1).build()) {
      catchThrowableOfType(FlowFailedException.class, engine::run);
    }

    SpanData run = span("flow remote");
    for (String call : List.of("execute one", "execute fail-two", "revert fail-two", "revert one")) {
      SpanData atom = span(call);
      SpanData onWorker = span("worker " + call);
      assertThat(atom.getParentSpanId()).isEqualTo(run.getSpanId());
      assertThat(onWorker.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(onWorker.getTraceId()).as(call).isEqualTo(run.getTraceId());
      assertThat(onWorker.getParentSpanId()).as(call).isEqualTo(atom.getSpanId());
      assertThat(onWorker.getParentSpanContext().isRemote()).isTrue();
      assertThat(attribute(onWorker, FlowTracing.SERVED_NAME)).isEqualTo("calc.Inc");
      assertThat(attribute(onWorker, FlowTracing.WORKER_TOPIC)).isEqualTo("calc");
      assertThat(attribute(onWorker, FlowTracing.REQUEST_ID)).isNotBlank();
    }
    SpanData failedOnWorker = span("worker execute fail-two");
    assertThat(attribute(failedOnWorker, FlowTracing.ATOM_OUTCOME)).isEqualTo("failure");
    assertThat(failedOnWorker.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attribute(span("worker execute one"), FlowTracing.ATOM_OUTCOME)).isEqualTo("success");
    // The remote failure reaches the engine without its exception object: recorded as an event.
    assertThat(span("execute fail-two").getEvents()).extracting(EventData::getName).containsExactly("exception");
  }

  @Test
  void aWorkerGivenMissingOrMalformedTraceContextRunsTheTaskWithARootSpan() throws Exception {
    InMemoryBroker broker = InMemoryBroker.builder().name("tracing-malformed").build();
    closing.add(broker::close);
    Worker worker = Worker.builder(broker.transport()).topic("calc")
        .serve("calc.Inc", name -> Task.builder(name).execute(ctx -> ctx.argument("x", Integer.class) + 1).build())
        .interceptor(tracing.workerInterceptor()).build();
    closing.add(worker);
    worker.start();
    RemoteTaskExecutor executor = RemoteTaskExecutor.builder(broker.transport()).topics("calc")
        .requestHeaders(invocation -> invocation.task().name().equals("one")
            ? Map.of("traceparent", "00-not-a-trace-01", "tracestate", "=,=,")
            : Map.of())
        .build();
    closing.add(executor);
    executor.start();
    executor.waitForWorkers(1, Duration.ofSeconds(10));
    Flow flow = Flow.linear("remote").add(
        Task.remote("calc.Inc", TaskSpec.builder("one").rebind("x", "x").provides("y").build()),
        Task.remote("calc.Inc", TaskSpec.builder("two").rebind("x", "y").provides("z").build()));

    try (Engine engine = Engine.builder(flow).taskExecutor(executor).input("x", 1).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      assertThat(engine.result("z")).contains(3);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> exporter.getFinishedSpanItems().size() == 2);
    for (String name : List.of("worker execute one", "worker execute two")) {
      SpanData onWorker = span(name);
      assertThat(onWorker.getParentSpanContext()).isEqualTo(SpanContext.getInvalid());
      assertThat(attribute(onWorker, FlowTracing.ATOM_OUTCOME)).isEqualTo("success");
    }
  }

  @Test
  void requestHeadersOfAnInvocationWithoutAnOpenAtomSpanAreEmpty() {
    Task task = Task.builder("alone").execute(ctx -> 1).build();
    var invocation = new io.taskflow4j.spi.TaskInvocation(task, io.taskflow4j.task.Arguments.empty(),
        java.util.Optional.empty(), Map.of(), io.taskflow4j.spi.TaskEventSink.NONE, java.util.Optional.of("run-1"));
    assertThat(tracing.requestHeaders().headers(invocation)).isEmpty();
    assertThat(tracing.requestHeaders().headers(io.taskflow4j.spi.TaskInvocation.execute(
        task, io.taskflow4j.task.Arguments.empty(), io.taskflow4j.spi.TaskEventSink.NONE))).isEmpty();
  }

  @Test
  void concurrentRunsOfOneFlowOnOneExecutorEachParentTheirOwnWorkerSpans() throws Exception {
    InMemoryBroker broker = InMemoryBroker.builder().name("tracing-concurrent").build();
    closing.add(broker::close);
    Worker worker = Worker.builder(broker.transport()).topic("calc").threads(4)
        .serve("calc.Inc", name -> Task.builder(name).execute(ctx -> {
          Thread.sleep(20);
          return ctx.argument("x", Integer.class) + 1;
        }).build())
        .interceptor(tracing.workerInterceptor()).build();
    closing.add(worker);
    worker.start();
    RemoteTaskExecutor executor = RemoteTaskExecutor.builder(broker.transport()).topics("calc")
        .requestHeaders(tracing.requestHeaders()).build();
    closing.add(executor);
    executor.start();
    executor.waitForWorkers(1, Duration.ofSeconds(10));
    Flow flow = Flow.linear("same").add(
        Task.remote("calc.Inc", TaskSpec.builder("one").rebind("x", "x").provides("y").build()),
        Task.remote("calc.Inc", TaskSpec.builder("two").rebind("x", "y").provides("z").build()));
    List<Engine> engines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Engine engine = Engine.builder(flow).taskExecutor(executor).listener(tracing.listener()).input("x", i).build();
      closing.add(engine);
      engines.add(engine);
    }

    List<java.util.concurrent.CompletableFuture<FlowState>> runs = engines.stream().map(Engine::runAsync).toList();
    for (var run : runs) {
      assertThat(run.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(FlowState.SUCCESS);
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    Map<String, SpanData> byId = new java.util.HashMap<>();
    spans.forEach(s -> byId.put(s.getSpanId(), s));
    List<SpanData> onWorkers = spans.stream().filter(s -> s.getName().startsWith("worker ")).toList();
    assertThat(onWorkers).hasSize(8);
    for (SpanData onWorker : onWorkers) {
      SpanData atom = byId.get(onWorker.getParentSpanId());
      assertThat(atom).as("the atom span of %s", onWorker).isNotNull();
      assertThat(onWorker.getName()).isEqualTo("worker " + atom.getName());
      SpanData run = byId.get(atom.getParentSpanId());
      assertThat(run.getName()).isEqualTo("flow same");
      assertThat(onWorker.getTraceId()).isEqualTo(run.getTraceId());
    }
    assertThat(spans.stream().filter(s -> s.getName().equals("flow same")).map(SpanData::getTraceId).distinct())
        .hasSize(4);
    assertThat(((io.taskflow4j.tracing.internal.OtelFlowTracing) tracing).openAtomSpans()).isZero();
  }

  @Test
  void aRetryControllerHasSpansOfKindRetryAndEveryAttemptItsOwnSpans() {
    java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    Task flaky = Task.builder("flaky").provides("y").execute(ctx -> {
      if (attempts.incrementAndGet() < 2) {
        throw new IllegalStateException("not yet");
      }
      return 1;
    }).build();
    Flow flow = Flow.linear("again").add(flaky).retry(io.taskflow4j.retry.Retry.times(3).named("again-retry"));
    try (Engine engine = Engine.builder(flow).listener(tracing.listener()).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }

    List<SpanData> executes = exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("execute flaky")).toList();
    assertThat(executes).extracting(s -> attribute(s, FlowTracing.ATOM_OUTCOME)).containsExactly("failure", "success");
    assertThat(exporter.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("revert flaky")).hasSize(1);
    assertThat(exporter.getFinishedSpanItems()).filteredOn(s -> s.getName().startsWith("execute again-retry"))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(attribute(s, FlowTracing.ATOM_KIND)).isEqualTo("retry"));
    assertThat(attribute(span("flow again"), FlowTracing.FLOW_STATE)).isEqualTo("SUCCESS");
    assertThat(((io.taskflow4j.tracing.internal.OtelFlowTracing) tracing).openAtomSpans()).isZero();
  }

  @Test
  void aSuspendedRunEndsItsSpanAsSuspendedAndRunningAgainMakesANewOne() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Task slow = Task.builder("slow").provides("y").execute(ctx -> {
      started.countDown();
      release.await();
      return 1;
    }).build();
    Flow flow = Flow.linear("pausing").add(slow, local("after", "y", "z"));
    try (FlowStore store = FlowStore.inMemory();
        Engine engine = Engine.builder(flow).store(store).listener(tracing.listener()).build()) {
      var run = engine.runAsync();
      started.await();
      engine.suspend();
      release.countDown();
      assertThat(run.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(FlowState.SUSPENDED);
      SpanData suspended = span("flow pausing");
      assertThat(attribute(suspended, FlowTracing.FLOW_STATE)).isEqualTo("SUSPENDED");
      assertThat(suspended.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    }
    List<SpanData> runs = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("flow pausing")).toList();
    assertThat(runs).extracting(s -> attribute(s, FlowTracing.FLOW_STATE)).containsExactly("SUSPENDED", "SUCCESS");
    assertThat(span("execute after").getParentSpanId()).isEqualTo(runs.get(1).getSpanId());
  }

  @Test
  void aRunStartedInsideASpanIsItsChild() {
    io.opentelemetry.api.trace.Span outer = otel.getTracer("test").spanBuilder("request").startSpan();
    io.opentelemetry.context.Scope scope = outer.makeCurrent();
    try (Engine engine = Engine.builder(Flow.linear("inner").add(local("one", "x", "y")))
        .listener(tracing.listener()).input("x", 1).build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
    } finally {
      scope.close();
      outer.end();
    }

    assertThat(span("flow inner").getParentSpanId()).isEqualTo(span("request").getSpanId());
  }
}
