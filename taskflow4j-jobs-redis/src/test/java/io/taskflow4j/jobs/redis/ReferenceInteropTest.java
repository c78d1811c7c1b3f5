package io.taskflow4j.jobs.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.jobs.Claim;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBook;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.jobs.JobPriority;
import io.taskflow4j.jobs.redis.internal.RedisUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our board and the reference's {@code RedisJobBoard} (Debian's python3-taskflow with
 * python3-redis, driven by {@code reference_board.py}) on one namespace. Skips unless the system
 * Python ({@code TASKFLOW4J_PYTHON}, default /usr/bin/python3) can import {@code taskflow} and
 * {@code redis}; with {@code TASKFLOW4J_REQUIRE_INTEROP=true} that is a failure instead.
 */
class ReferenceInteropTest {

  private static final String REQUIRE_VARIABLE = "TASKFLOW4J_REQUIRE_INTEROP";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private RedisTestServer.Namespace namespace;
  private JobBoard board;
  private Path script;

  private static String python() {
    String configured = System.getenv("TASKFLOW4J_PYTHON");
    return configured == null || configured.isBlank() ? "/usr/bin/python3" : configured.strip();
  }

  @BeforeEach
  void setUp() throws Exception {
    requireReference();
    namespace = RedisTestServer.fresh("the interop tests with the reference's Redis job board");
    board = RedisJobBoards.open(namespace.url());
    script = directory.resolve("reference_board.py");
    try (InputStream in = getClass().getResourceAsStream("/reference_board.py")) {
      assertThat(in).as("resource /reference_board.py").isNotNull();
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @AfterEach
  void tearDown() {
    if (board != null) {
      board.close();
    }
    if (namespace != null) {
      namespace.delete();
    }
  }

  private static void requireReference() throws InterruptedException {
    String problem;
    try {
      Process probe = new ProcessBuilder(python(), "-c", "import taskflow, redis").redirectErrorStream(true).start();
      String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      problem = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0 ? null
          : python() + " cannot import taskflow and redis (apt-get install python3-taskflow python3-redis): " + output.strip();
    } catch (IOException e) {
      problem = "cannot start " + python() + ": " + e.getMessage();
    }
    if (problem != null) {
      String message = "the Redis job board interop tests with the reference did NOT run: " + problem;
      if ("true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE))) {
        throw new AssertionError(REQUIRE_VARIABLE + "=true but " + message);
      }
      org.junit.jupiter.api.Assumptions.abort(message);
    }
  }

  /** Runs the script against our namespace and returns its JSON output. */
  private JsonNode reference(String... arguments) throws Exception {
    RedisUrl url = RedisUrl.parse(namespace.url());
    List<String> command = new ArrayList<>(List.of(python(), script.toString(), url.host(),
        Integer.toString(url.port()), namespace.name()));
    command.addAll(List.of(arguments));
    Path errors = directory.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectError(errors.toFile());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the reference finished").isTrue();
    assertThat(process.exitValue()).as("the reference's exit code; its stderr: %s", Files.readString(errors)).isZero();
    return JSON.readTree(output);
  }

  @Test
  void aJobTheReferencePostsIsListedClaimedRenewedAndConsumedByUs() throws Exception {
    CountDownLatch woken = new CountDownLatch(1);
    JobBoard.Subscription subscription = board.subscribe(woken::countDown);
    JsonNode posted;
    try {
      posted = reference("post", "from-python");
      assertThat(woken.await(2, TimeUnit.SECONDS)).as("woken by the reference's post, which publishes nothing").isTrue();
    } finally {
      subscription.close();
    }
    String id = posted.get("uuid").asText();

    Job job = board.jobs().stream().filter(listed -> listed.id().equals(id)).findFirst().orElseThrow();
    assertThat(job.name()).isEqualTo("from-python");
    assertThat(job.book()).contains(new JobBook(posted.get("book_uuid").asText(), "book-from-python"));
    assertThat(job.flowId()).contains(posted.get("details").get("flow_uuid").asText());
    assertThat(job.inputs()).isEqualTo(Map.of("x", 1, "who", "python"));
    assertThat(job.priority()).isEqualTo(JobPriority.NORMAL);
    assertThat(job.sequence()).isEqualTo(posted.get("sequence").asLong());
    assertThat(job.createdAt()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
    assertThat(job.owner()).isEmpty();

    Claim claim = board.claimNext("java-conductor", Duration.ofSeconds(30), Set.of()).orElseThrow();
    assertThat(claim.jobId()).isEqualTo(id);
    claim = board.renew(claim, Duration.ofSeconds(60));
    JsonNode seen = reference("list").get(0);
    assertThat(seen.get("state").asText()).isEqualTo("CLAIMED");
    assertThat(seen.get("owner").asText()).isEqualTo("java-conductor");

    board.consume(claim);

    assertThat(reference("list")).isEmpty();
    assertThat(board.jobs()).isEmpty();
  }

  @Test
  void aJobWePostIsListedClaimedAndConsumedByTheReference() throws Exception {
    JobBook book = new JobBook("7e7cbe0c-43a8-4f09-9bd0-6b4e2b1e9a31", "book-1");
    Job ours = board.post(JobPosting.builder("from-java")
        .book(book, "1d1b4d5e-2f9a-4f0e-8d3c-0a1b2c3d4e5f")
        .input("n", 3)
        .input("s", "héllo ✓")
        .input("list", List.of(1, 2.5, true))
        .priority(JobPriority.HIGH)
        .build());
    Job byFactory = board.post(JobPosting.builder("by-factory").factory(FactoryCall.of("myapp.make", Map.of("size", 2))).build());

    JsonNode listed = reference("list");

    assertThat(listed).hasSize(2);
    JsonNode first = find(listed, ours.id());
    assertThat(first.get("name").asText()).isEqualTo("from-java");
    assertThat(first.get("priority").asText()).isEqualTo("HIGH");
    assertThat(first.get("sequence").asLong()).isEqualTo(ours.sequence());
    assertThat(first.get("book_uuid").asText()).isEqualTo(book.uuid());
    assertThat(first.get("book_name").asText()).isEqualTo("book-1");
    assertThat(first.get("state").asText()).isEqualTo("UNCLAIMED");
    assertThat(first.get("details")).isEqualTo(JSON.readTree("""
        {"store": {"n": 3, "s": "héllo ✓", "list": [1, 2.5, true]},
         "flow_uuid": "1d1b4d5e-2f9a-4f0e-8d3c-0a1b2c3d4e5f"}"""));
    assertThat(first.get("created_on").asText()).startsWith(ours.createdAt().toString().substring(0, 10));
    JsonNode second = find(listed, byFactory.id());
    assertThat(second.get("details").get("factory").get("name").asText()).isEqualTo("myapp.make");
    assertThat(second.get("book_uuid").isNull()).isTrue();

    JsonNode result = reference("claim-consume", ours.id(), "python-conductor");

    assertThat(result.get("claimed").get("owner").asText()).isEqualTo("python-conductor");
    assertThat(result.get("remaining")).extracting(JsonNode::asText).containsExactly(byFactory.id());
    assertThat(board.job(ours.id())).isEmpty();
    assertThat(board.jobs()).extracting(Job::id).containsExactly(byFactory.id());
  }

  private static JsonNode find(JsonNode jobs, String id) {
    for (JsonNode job : jobs) {
      if (job.get("uuid").asText().equals(id)) {
        return job;
      }
    }
    throw new AssertionError("the reference does not list job " + id + ": " + jobs);
  }
}
