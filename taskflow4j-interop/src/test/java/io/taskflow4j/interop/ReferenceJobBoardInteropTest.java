package io.taskflow4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.jobs.Conductor;
import io.taskflow4j.jobs.ConductorEvent;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.FlowFactories;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoards;
import io.taskflow4j.jobs.JobBook;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import io.taskflow4j.task.Task;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Jobs shared with the reference (Debian's python3-taskflow with python3-redis) on its Redis job
 * board, with the flow details in a SQL logbook both sides read: a job the reference posts is
 * claimed, run and consumed by a taskflow4j conductor that serves the Python factory's name through
 * an alias of a Java factory; a job taskflow4j posts is listed by the reference, which loads its
 * flow detail and runs it with its own conductor. The Python side is {@code jobs/interop_jobs.py}.
 *
 * <p>Each test uses a fresh namespace on the Redis server {@code TASKFLOW4J_REDIS_URL} names
 * (default {@value #DEFAULT_REDIS_URL}; its host and port only, without password or database) and
 * deletes its keys after. The tests skip when Redis does not answer, unless {@code
 * TASKFLOW4J_REQUIRE_REDIS=true}; when the reference cannot run, unless {@code
 * TASKFLOW4J_REQUIRE_INTEROP=true}; and on PostgreSQL when no server answers, unless {@code
 * TASKFLOW4J_REQUIRE_POSTGRES=true}.
 */
class ReferenceJobBoardInteropTest {

  private static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  private static final String REQUIRE_REDIS = "TASKFLOW4J_REQUIRE_REDIS";
  private static final String SCRIPT = "interop_jobs.py";
  /** The name the reference's flow details give their factory; the conductor serves it by alias. */
  private static final String PYTHON_FACTORY = "interop_jobs.make_flow";
  private static final String JAVA_FACTORY = "java-provision";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private final InteropDatabase.Server postgres = InteropDatabase.Server.postgres();
  private URI redis;
  private String namespace;
  private InteropDatabase database;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    if (namespace != null) {
      try (Jedis jedis = jedis()) {
        Set<String> keys = jedis.keys(namespace + ":*");
        if (!keys.isEmpty()) {
          jedis.del(keys.toArray(new String[0]));
        }
      }
    }
    postgres.drop(database);
  }

  // ------------------------------------------------------------- the reference posts, taskflow4j runs

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"SQLite", "PostgreSQL"})
  void aJobTheReferencePostsIsClaimedRunAndConsumedByAConductorServingItsFactoryUnderAnAlias(String kind)
      throws Exception {
    setUp(kind);
    // The reference creates its tables and writes first, as in a deployment it already runs.
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("job", "provision-db-1");
    spec.put("book", "book-provision-db-1");
    spec.put("flow", "provision");
    spec.put("kwargs", Map.of("size", "small"));
    // The reference's conductor runs a flow with its detail's meta.store, overridden by the job's
    // details.store: host comes from the job, cpus from the flow detail.
    spec.put("meta_store", Map.of("cpus", 2, "host", "from-meta"));
    spec.put("store", Map.of("host", "db-1"));
    JsonNode posted = reference("post", JSON.writeValueAsString(spec));
    String jobId = posted.get("job").asText();
    String bookId = posted.get("book").asText();
    String flowId = posted.get("flow").asText();

    JobBoard board = open(JobBoards.open(boardUrl()));
    FlowStore store = open(FlowStores.open(database.storeUrl()));
    List<FactoryCall> calls = new CopyOnWriteArrayList<>();
    FlowFactories factories = FlowFactories.builder()
        .register(JAVA_FACTORY, call -> {
          calls.add(call);
          return provision(call);
        })
        .alias(PYTHON_FACTORY, JAVA_FACTORY)
        .build();
    BlockingQueue<ConductorEvent> events = new LinkedBlockingQueue<>();
    Conductor conductor = open(Conductor.builder(board, store, factories)
        .name("java-conductor")
        .lease(Duration.ofSeconds(10))
        .listener(events::add)
        .build());
    conductor.start();

    List<ConductorEvent> seen = awaitEnd(events, jobId);

    assertThat(seen).as("the conductor's events for the job: %s", seen).extracting(ConductorEvent::type)
        .containsExactly(ConductorEvent.Type.CLAIMED, ConductorEvent.Type.STARTED, ConductorEvent.Type.CONSUMED);
    assertThat(seen.get(2).flowId()).contains(flowId);
    assertThat(calls).containsExactly(new FactoryCall(PYTHON_FACTORY, List.of(), Map.of("size", "small")));
    assertThat(conductor.stop(Duration.ofSeconds(10))).as("the conductor stopped with nothing left running").isTrue();

    assertThat(board.job(jobId)).as("the consumed job on our board").isEmpty();
    assertThat(board.jobs()).isEmpty();
    assertThat(reference("list")).as("the jobs the reference lists after ours consumed its job").isEmpty();

    FlowDetail flow = store.flow(flowId).orElseThrow();
    assertThat(flow.logBookUuid()).isEqualTo(bookId);
    assertThat(flow.state()).isEqualTo(FlowState.SUCCESS);
    Map<String, AtomDetail> atoms = store.atoms(flowId).stream()
        .collect(Collectors.toMap(AtomDetail::name, Function.identity()));
    assertThat(atoms).containsKeys("allocate", "configure");
    assertThat(atoms.get("allocate").state()).isEqualTo(AtomState.SUCCESS);
    assertThat(atoms.get("allocate").results())
        .contains(Map.of("host", "db-1", "cpus", 2, "size", "small", "by", "java"));
    assertThat(atoms.get("configure").state()).isEqualTo(AtomState.SUCCESS);
    assertThat(atoms.get("configure").results()).contains("db-1:small:4");

    JsonNode book = ReferencePersistence.run(directory, ReferencePersistence.READ_SCRIPT, database.sqlalchemyUrl())
        .get("logbooks").get(bookId);
    assertThat(book.has("error")).as("the reference loading logbook %s: %s", bookId, book.get("error")).isFalse();
    assertThat(book.get("flows")).hasSize(1);
    JsonNode referenceFlow = book.get("flows").get(0);
    assertThat(referenceFlow.get("uuid").asText()).isEqualTo(flowId);
    assertThat(referenceFlow.get("state").asText()).isEqualTo("SUCCESS");
    assertThat(referenceFlow.get("meta").get("factory"))
        .isEqualTo(JSON.valueToTree(FactoryCall.of(PYTHON_FACTORY, Map.of("size", "small")).toMeta()));
    Map<String, JsonNode> referenceAtoms = atomsByName(referenceFlow);
    assertThat(referenceAtoms.get("allocate").get("state").asText()).isEqualTo("SUCCESS");
    assertThat(referenceAtoms.get("allocate").get("results"))
        .isEqualTo(JSON.readTree("{\"host\": \"db-1\", \"cpus\": 2, \"size\": \"small\", \"by\": \"java\"}"));
    assertThat(referenceAtoms.get("configure").get("state").asText()).isEqualTo("SUCCESS");
    assertThat(referenceAtoms.get("configure").get("results").asText()).isEqualTo("db-1:small:4");
  }

  // ------------------------------------------------------------- taskflow4j posts, the reference runs

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"SQLite", "PostgreSQL"})
  void aJobTaskflow4jPostsIsListedWithItsFlowDetailAndRunByTheReferencesConductor(String kind) throws Exception {
    setUp(kind);
    String bookId = UUID.randomUUID().toString();
    String flowId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    Map<String, Object> factory = FactoryCall.of(PYTHON_FACTORY, Map.of("size", "large")).toMeta();
    // taskflow4j creates the tables here (migrations run on open) and writes the logbook.
    try (FlowStore store = FlowStores.open(database.storeUrl())) {
      store.save(new Changes(
          List.of(LogBook.of(bookId, "book-provision-db-2", now)),
          List.of(new FlowDetail(flowId, bookId, "provision", FlowState.PENDING, Map.of(FactoryCall.META_KEY, factory),
              now, now)),
          List.of()));
    }
    JobBoard board = open(JobBoards.open(boardUrl()));
    Job ours = board.post(JobPosting.builder("provision-db-2")
        .book(new JobBook(bookId, "book-provision-db-2"), flowId)
        .input("host", "db-2")
        .input("cpus", 3)
        .build());

    JsonNode listed = reference("list");

    assertThat(listed).as("the jobs the reference lists").hasSize(1);
    JsonNode job = listed.get(0);
    assertThat(job.get("uuid").asText()).isEqualTo(ours.id());
    assertThat(job.get("name").asText()).isEqualTo("provision-db-2");
    assertThat(job.get("state").asText()).isEqualTo("UNCLAIMED");
    assertThat(job.get("priority").asText()).isEqualTo("NORMAL");
    assertThat(job.get("book_uuid").asText()).isEqualTo(bookId);
    assertThat(job.get("book_name").asText()).isEqualTo("book-provision-db-2");
    assertThat(job.get("details"))
        .isEqualTo(JSON.readTree("{\"store\": {\"host\": \"db-2\", \"cpus\": 3}, \"flow_uuid\": \"" + flowId + "\"}"));
    assertThat(job.get("flow")).as("the flow details the reference loads for the job").hasSize(1);
    JsonNode flow = job.get("flow").get(0);
    assertThat(flow.get("uuid").asText()).isEqualTo(flowId);
    assertThat(flow.get("name").asText()).isEqualTo("provision");
    assertThat(flow.get("meta").get("factory")).isEqualTo(JSON.valueToTree(factory));

    JsonNode run = reference("run", "60");

    assertThat(run.get("consumed")).as("the jobs the reference's conductor consumed")
        .extracting(JsonNode::asText).containsExactly(ours.id());
    assertThat(run.get("remaining")).isEmpty();
    assertThat(board.job(ours.id())).as("the job on our board after the reference consumed it").isEmpty();
    try (FlowStore store = FlowStores.open(database.storeUrl())) {
      assertThat(store.flow(flowId).orElseThrow().state()).isEqualTo(FlowState.SUCCESS);
      Map<String, AtomDetail> atoms = store.atoms(flowId).stream()
          .collect(Collectors.toMap(AtomDetail::name, Function.identity()));
      assertThat(atoms.get("allocate").state()).isEqualTo(AtomState.SUCCESS);
      assertThat(atoms.get("allocate").results())
          .contains(Map.of("host", "db-2", "cpus", 3, "size", "large", "by", "python"));
      assertThat(atoms.get("configure").results()).contains("db-2:large:6");
    }
  }

  // ---------------------------------------------------------------------------------- the flow

  /** The Java side of the reference's {@code interop_jobs.make_flow}: the same flow, atom for atom. */
  private static Flow provision(FactoryCall call) {
    if (!(call.kwargs().get("size") instanceof String size) || !call.args().isEmpty()) {
      throw new IllegalArgumentException("provision takes one named argument 'size', a string; got " + call);
    }
    return Flow.linear("provision").add(
        Task.builder("allocate").requires("host", "cpus").provides("allocation").execute(ctx -> {
          Map<String, Object> allocation = new LinkedHashMap<>();
          allocation.put("host", ctx.argument("host", String.class));
          allocation.put("cpus", ctx.argument("cpus", Number.class).intValue());
          allocation.put("size", size);
          allocation.put("by", "java");
          return allocation;
        }).build(),
        Task.builder("configure").requires("allocation").provides("config").execute(ctx -> {
          Map<?, ?> allocation = ctx.argument("allocation", Map.class);
          int cpus = ((Number) allocation.get("cpus")).intValue();
          return allocation.get("host") + ":" + allocation.get("size") + ":" + cpus * 2;
        }).build());
  }

  // ---------------------------------------------------------------------------------- helpers

  /** Skips or fails when a piece is missing, then makes the namespace and the database. */
  private void setUp(String kind) throws Exception {
    boolean onPostgres = kind.equals("PostgreSQL");
    ReferencePython.requireReference();
    ReferencePersistence.requireReference(kind + " with the reference's Redis job board",
        "redis", "taskflow.jobs.backends.impl_redis", onPostgres ? "psycopg2" : "sqlite3");
    redis = URI.create(redisUrl());
    namespace = "tf4j-interop-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    try (Jedis jedis = jedis()) {
      jedis.ping();
    } catch (JedisException e) {
      namespace = null;
      String message = "Redis is not reachable at " + redis.getHost() + ":" + port() + " (" + e.getMessage()
          + "): the job board interop tests with the reference did NOT run; set " + REQUIRE_REDIS
          + "=true to make this a failure";
      if ("true".equalsIgnoreCase(System.getenv(REQUIRE_REDIS))) {
        fail(REQUIRE_REDIS + "=true but " + message, e);
      }
      Assumptions.abort(message);
    }
    database = onPostgres ? postgres.create() : InteropDatabase.sqlite(directory.resolve("jobs.db"));
    ReferencePersistence.scripts(directory);
    try (InputStream in = getClass().getResourceAsStream("/jobs/" + SCRIPT)) {
      assertThat(in).as("resource /jobs/" + SCRIPT).isNotNull();
      Files.copy(in, directory.resolve(SCRIPT), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String redisUrl() {
    String value = System.getenv("TASKFLOW4J_REDIS_URL");
    return value == null || value.isBlank() ? DEFAULT_REDIS_URL : value.strip();
  }

  private int port() {
    return redis.getPort() == -1 ? 6379 : redis.getPort();
  }

  private Jedis jedis() {
    return new Jedis(redis.getHost(), port());
  }

  private String boardUrl() {
    return "redis://" + redis.getHost() + ":" + port() + "/" + namespace;
  }

  private <T extends AutoCloseable> T open(T resource) {
    resources.add(resource);
    return resource;
  }

  /** Runs the reference's side against this test's database and namespace. */
  private JsonNode reference(String command, String... arguments) throws Exception {
    List<String> all = new ArrayList<>(List.of(database.sqlalchemyUrl(), redis.getHost(), Integer.toString(port()),
        namespace, command));
    all.addAll(List.of(arguments));
    return ReferencePersistence.run(directory, SCRIPT, all.toArray(new String[0]));
  }

  /** The job's events up to the one that ends the conductor's hold on it. */
  private static List<ConductorEvent> awaitEnd(BlockingQueue<ConductorEvent> events, String jobId)
      throws InterruptedException {
    List<ConductorEvent> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      ConductorEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("the conductor did not finish job " + jobId + " in 60 s; its events: " + seen);
      }
      if (!event.jobId().equals(jobId)) {
        throw new AssertionError("an event for a job the test did not post: " + event);
      }
      seen.add(event);
      if (event.type() != ConductorEvent.Type.CLAIMED && event.type() != ConductorEvent.Type.STARTED) {
        return seen;
      }
    }
  }

  private static Map<String, JsonNode> atomsByName(JsonNode flow) {
    Map<String, JsonNode> atoms = new LinkedHashMap<>();
    flow.get("atoms").forEach(atom -> atoms.put(atom.get("name").asText(), atom));
    return atoms;
  }
}
