package io.taskflow4j.jobs.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.jobs.Claim;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBook;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.jobs.JobPriority;
import io.taskflow4j.jobs.redis.internal.JobCodec;
import io.taskflow4j.jobs.redis.internal.Msgpack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Our codec and key layout against the reference's vectors ({@code reference-redis-jobboard.json},
 * copied from {@code shared/jobboard/vectors}): the keys its {@code RedisJobBoard} leaves after
 * post, claim, abandon, claim with expiry, consume and trash, with exact msgpack bytes.
 */
class ReferenceVectorsTest {

  private static final DateTimeFormatter PYTHON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static JsonNode vectors;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = ReferenceVectorsTest.class.getResourceAsStream("/reference-redis-jobboard.json")) {
      assertThat(in).as("resource /reference-redis-jobboard.json").isNotNull();
      vectors = new ObjectMapper().readTree(in);
    }
  }

  private static Instant pythonTime(String text) {
    return LocalDateTime.parse(text, PYTHON_TIME).toInstant(ZoneOffset.UTC);
  }

  /** Every msgpack job in the vectors (listings and trash), by id. */
  private static Map<String, JsonNode> jobEntries() {
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    for (JsonNode step : vectors.get("steps")) {
      for (Map.Entry<String, JsonNode> key : step.get("keys").properties()) {
        if (key.getKey().endsWith(":listings") || key.getKey().endsWith(":trash")) {
          key.getValue().get("value").properties().forEach(job -> entries.put(job.getKey(), job.getValue()));
        }
      }
    }
    return entries;
  }

  private static Job expected(String id, JsonNode decoded) {
    Map<String, Object> sorted = new ObjectMapper().convertValue(decoded.get("details"), new TypeReference<>() {});
    // The vectors' JSON sorts keys; the bytes keep the order the poster gave: store, then flow_uuid.
    Map<String, Object> details = new LinkedHashMap<>();
    for (String key : List.of(Job.STORE_KEY, Job.FLOW_UUID_KEY)) {
      if (sorted.containsKey(key)) {
        details.put(key, sorted.remove(key));
      }
    }
    details.putAll(sorted);
    Optional<JobBook> book = decoded.has("book")
        ? Optional.of(new JobBook(decoded.get("book").get("uuid").asText(), decoded.get("book").get("name").asText()))
        : Optional.empty();
    return new Job(id, decoded.get("name").asText(), decoded.get("sequence").asLong(),
        JobPriority.valueOf(decoded.get("priority").asText()), pythonTime(decoded.get("created_on").asText()), book,
        details, Optional.empty(), Optional.empty());
  }

  @Test
  void theReferencesJobsDecodeToTheirFields() throws Exception {
    Map<String, JsonNode> entries = jobEntries();
    assertThat(entries).hasSize(2);
    for (Map.Entry<String, JsonNode> entry : entries.entrySet()) {
      byte[] bytes = Base64.getDecoder().decode(entry.getValue().get("msgpack_base64").asText());
      Job job = JobCodec.decode(entry.getKey(), bytes);
      assertThat(job).isEqualTo(expected(entry.getKey(), entry.getValue().get("decoded")));
    }
    Job first = JobCodec.decode("40b22add-2e9d-4ce0-9214-41ed3cecbd90",
        Base64.getDecoder().decode(entries.get("40b22add-2e9d-4ce0-9214-41ed3cecbd90").get("msgpack_base64").asText()));
    assertThat(first.flowId()).contains("00000000-0000-0000-0000-0000000000f1");
    assertThat(first.book()).contains(new JobBook("00000000-0000-0000-0000-0000000000b1", "book-1"));
    assertThat(first.inputs()).containsEntry("x", 1);
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-12-01T21:52:24.029905Z"));
  }

  @Test
  void jobsWeEncodeHaveTheReferencesExactBytes() {
    for (Map.Entry<String, JsonNode> entry : jobEntries().entrySet()) {
      byte[] bytes = Base64.getDecoder().decode(entry.getValue().get("msgpack_base64").asText());
      assertThat(JobCodec.encode(expected(entry.getKey(), entry.getValue().get("decoded"))))
          .as("job %s", entry.getKey())
          .isEqualTo(bytes);
    }
  }

  @Test
  void lastModifiedTimestampsDecodeAndEncodeAsOslosDatetimeExtension() throws Exception {
    int seen = 0;
    for (JsonNode step : vectors.get("steps")) {
      for (Map.Entry<String, JsonNode> key : step.get("keys").properties()) {
        if (key.getKey().endsWith(".last_modified")) {
          byte[] bytes = Base64.getDecoder().decode(key.getValue().get("value").get("msgpack_base64").asText());
          Instant expected = pythonTime(key.getValue().get("value").get("decoded").asText());
          assertThat(Msgpack.decode(bytes)).isEqualTo(expected);
          assertThat(Msgpack.encode(expected)).isEqualTo(bytes);
          seen++;
        }
      }
    }
    assertThat(seen).isEqualTo(4);
  }

  /** A step's keys as "name type ttl-kind", with job ids replaced by their names in the step. */
  private static List<String> layout(Map<String, String> typesByKey, Map<String, Long> ttls, Map<String, String> ids,
      String namespace) {
    Map<String, String> lines = new TreeMap<>();
    typesByKey.forEach((key, type) -> {
      String name = key.substring(namespace.length() + 1);
      for (Map.Entry<String, String> id : ids.entrySet()) {
        name = name.replace(id.getKey(), id.getValue());
      }
      long ttl = ttls.get(key);
      lines.put(name, name + " " + type + " " + (ttl == -1 ? "no-expiry" : "expiry"));
    });
    return new ArrayList<>(lines.values());
  }

  private static List<String> vectorLayout(JsonNode step) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, Long> ttls = new LinkedHashMap<>();
    step.get("keys").properties().forEach(key -> {
      types.put(key.getKey(), key.getValue().get("type").asText());
      ttls.put(key.getKey(), key.getValue().get("ttl_ms").asLong());
    });
    return layout(types, ttls, Map.of("40b22add-2e9d-4ce0-9214-41ed3cecbd90", "JOB1",
        "1f1501fb-ee91-40ba-8a79-ac6f4727c753", "JOB2"), vectors.get("namespace").asText());
  }

  private static List<String> ourLayout(RedisTestServer.Namespace namespace, Map<String, String> ids) {
    try (Jedis jedis = namespace.jedis()) {
      Map<String, String> types = new LinkedHashMap<>();
      Map<String, Long> ttls = new LinkedHashMap<>();
      for (String key : jedis.keys(namespace.name() + ":*")) {
        types.put(key, jedis.type(key));
        ttls.put(key, jedis.pttl(key));
      }
      return layout(types, ttls, ids, namespace.name());
    }
  }

  @Test
  void ourBoardLeavesTheReferencesKeysAfterEachStep() {
    RedisTestServer.Namespace namespace = RedisTestServer.fresh("the Redis key layout test");
    JsonNode steps = vectors.get("steps");
    try (JobBoard board = RedisJobBoards.open(namespace.url())) {
      Job first = board.post(JobPosting.builder("job-1")
          .book(new JobBook("00000000-0000-0000-0000-0000000000b1", "book-1"), "00000000-0000-0000-0000-0000000000f1")
          .input("x", 1)
          .build());
      Map<String, String> ids = new LinkedHashMap<>(Map.of(first.id(), "JOB1"));
      assertThat(ourLayout(namespace, ids)).isEqualTo(vectorLayout(steps.get(0)));
      try (Jedis jedis = namespace.jedis()) {
        byte[] listing = jedis.hget((namespace.name() + ":listings").getBytes(StandardCharsets.UTF_8),
            first.id().getBytes(StandardCharsets.UTF_8));
        assertThat(listing).isEqualTo(JobCodec.encode(first));
        assertThat(jedis.get(namespace.name() + ":sequence")).isEqualTo("1");
      }

      // The reference claims without expiry here; our claims always carry a lease: the only difference.
      Claim claim = board.claim(first.id(), "conductor-a", Duration.ofSeconds(30)).orElseThrow();
      assertThat(ourLayout(namespace, ids)).isEqualTo(
          vectorLayout(steps.get(1)).stream().map(line -> line.startsWith("JOB1.owned") ? "JOB1.owned string expiry" : line).toList());

      board.abandon(claim);
      assertThat(ourLayout(namespace, ids)).isEqualTo(vectorLayout(steps.get(2)));

      claim = board.claim(first.id(), "conductor-b", Duration.ofSeconds(30)).orElseThrow();
      assertThat(ourLayout(namespace, ids)).isEqualTo(vectorLayout(steps.get(3)));
      try (Jedis jedis = namespace.jedis()) {
        assertThat(jedis.get(namespace.name() + ":" + first.id() + ".owned")).isEqualTo("conductor-b");
        assertThat(jedis.pttl(namespace.name() + ":" + first.id() + ".owned")).isBetween(25_000L, 30_000L);
      }

      board.consume(claim);
      assertThat(ourLayout(namespace, ids)).isEqualTo(vectorLayout(steps.get(4)));

      Job second = board.post(JobPosting.builder("job-2").book(new JobBook("b2", "book-2"), null).build());
      ids.put(second.id(), "JOB2");
      board.claim(second.id(), "conductor-a", Duration.ofSeconds(30)).orElseThrow();
      board.trash(second.id(), "a test");
      List<String> expected = new ArrayList<>(vectorLayout(steps.get(5)));
      // Our own key: the reason for each trashed job, which the reference does not keep.
      expected.add("taskflow4j.trash_reasons hash no-expiry");
      assertThat(ourLayout(namespace, ids)).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      namespace.delete();
    }
  }
}
