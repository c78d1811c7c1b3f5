package io.taskflow4j.jobs.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.jobs.Claim;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoardContractTest;
import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.JobBoards;
import io.taskflow4j.jobs.JobPosting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The job board contract on a live Redis, each test in a namespace of its own, and what only this board does. */
class RedisJobBoardTest extends JobBoardContractTest {

  private RedisTestServer.Namespace namespace;
  private final List<JobBoard> others = new ArrayList<>();

  /** Skips (or fails) the class before the contract's per-test set-up, which expects a board. */
  @BeforeAll
  static void requireRedis() {
    RedisTestServer.fresh("the Redis job board contract tests");
  }

  @Override
  protected JobBoard createBoard() {
    namespace = RedisTestServer.fresh("the Redis job board contract tests");
    return JobBoards.open(namespace.url());
  }

  @Override
  protected JobBoard secondClient() {
    JobBoard other = RedisJobBoards.open(namespace.url());
    others.add(other);
    return other;
  }

  @Override
  protected Optional<String> writeMalformedEntry() {
    try (Jedis jedis = namespace.jedis()) {
      jedis.hset(namespace.name() + ":listings", "not-a-job", "{this is json, not msgpack");
    }
    return Optional.of("not-a-job");
  }

  @Override
  protected void cleanup() {
    others.forEach(JobBoard::close);
    if (namespace != null) {
      namespace.delete();
    }
  }

  private String key(String suffix) {
    return namespace.name() + ":" + suffix;
  }

  private static JobPosting posting(String name) {
    return JobPosting.builder(name).factory(FactoryCall.of("make")).build();
  }

  @Test
  void theLeaseIsTheOwnerKeysExpiryAndRenewingExtendsIt() {
    Job job = board.post(posting("j"));
    Claim claim = board.claim(job.id(), "c1", Duration.ofSeconds(30)).orElseThrow();
    try (Jedis jedis = namespace.jedis()) {
      assertThat(jedis.get(key(job.id() + ".owned"))).isEqualTo("c1");
      assertThat(jedis.pttl(key(job.id() + ".owned"))).isBetween(25_000L, 30_000L);

      board.renew(claim, Duration.ofSeconds(120));

      assertThat(jedis.pttl(key(job.id() + ".owned"))).isBetween(115_000L, 120_000L);
    }
    assertThat(board.job(job.id()).orElseThrow().leaseExpiresAt()).isPresent();
  }

  @Test
  void aJobClaimedWithoutExpiryByTheReferenceStaysOwnedWithNoLeaseTime() {
    Job job = board.post(posting("j"));
    try (Jedis jedis = namespace.jedis()) {
      jedis.set(key(job.id() + ".owned"), "python-conductor");
    }

    Job listed = board.job(job.id()).orElseThrow();

    assertThat(listed.owner()).contains("python-conductor");
    assertThat(listed.leaseExpiresAt()).isEmpty();
    assertThat(board.claim(job.id(), "c1", LONG)).isEmpty();
    assertThat(board.claimNext("c1", LONG, Set.of())).isEmpty();
  }

  @Test
  void listingsThatAreNotJobsGoToTheTrashWithAReasonNamingTheKeyAndTheProblem() {
    try (Jedis jedis = namespace.jedis()) {
      byte[] listings = key("listings").getBytes(StandardCharsets.UTF_8);
      // a msgpack string, not a map
      jedis.hset(listings, "a-string".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xa3, 'a', 'b', 'c'});
      // a map without the required fields: {"uuid": "no-fields"}
      jedis.hset(listings, "no-fields".getBytes(StandardCharsets.UTF_8), map("uuid", "no-fields"));
      // 100 nested arrays, deeper than the limit
      byte[] deep = new byte[101];
      java.util.Arrays.fill(deep, 0, 100, (byte) 0x91);
      deep[100] = (byte) 0xc0;
      jedis.hset(listings, "too-deep".getBytes(StandardCharsets.UTF_8), deep);
      // an array header claiming 2^32-1 items in 5 bytes
      jedis.hset(listings, "huge".getBytes(StandardCharsets.UTF_8),
          new byte[] {(byte) 0xdd, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      // an array header claiming 65535 items in 3 bytes
      jedis.hset(listings, "overlong".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xdc, (byte) 0xff, (byte) 0xff});
    }
    Job good = board.post(posting("good"));

    assertThat(board.jobs()).extracting(Job::id).containsExactly(good.id());

    assertThat(board.trashed()).extracting(trashed -> trashed.id() + ": " + trashed.reason())
        .anySatisfy(line -> assertThat(line).startsWith("a-string: ").contains(key("listings") + "[a-string]").contains("not a msgpack map"))
        .anySatisfy(line -> assertThat(line).startsWith("no-fields: ").contains("'name'"))
        .anySatisfy(line -> assertThat(line).startsWith("too-deep: ").contains("deeper than"))
        .anySatisfy(line -> assertThat(line).startsWith("huge: ").contains("not msgpack"))
        .anySatisfy(line -> assertThat(line).startsWith("overlong: ").contains("an array of 65535 declared with 0 bytes left"))
        .hasSize(5);
    try (Jedis jedis = namespace.jedis()) {
      assertThat(jedis.hkeys(key("listings"))).containsExactly(good.id());
      assertThat(jedis.hkeys(key("trash"))).containsExactlyInAnyOrder("a-string", "no-fields", "too-deep", "huge", "overlong");
    }
  }

  private static byte[] map(String key, String value) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[1 + 1 + k.length + 1 + v.length];
    out[0] = (byte) 0x81;
    out[1] = (byte) (0xa0 | k.length);
    System.arraycopy(k, 0, out, 2, k.length);
    out[2 + k.length] = (byte) (0xa0 | v.length);
    System.arraycopy(v, 0, out, 3 + k.length, v.length);
    return out;
  }

  @Test
  void aJobTrashedByTheReferenceIsListedWithAReasonSayingSo() {
    Job job = board.post(posting("theirs"));
    try (Jedis jedis = namespace.jedis()) {
      byte[] listing = jedis.hget(key("listings").getBytes(StandardCharsets.UTF_8), job.id().getBytes(StandardCharsets.UTF_8));
      jedis.hset(key("trash").getBytes(StandardCharsets.UTF_8), job.id().getBytes(StandardCharsets.UTF_8), listing);
      jedis.hdel(key("listings"), job.id());
    }

    assertThat(board.trashed()).singleElement().satisfies(trashed -> {
      assertThat(trashed.name()).isEqualTo("theirs");
      assertThat(trashed.reason()).contains("reference");
      assertThat(trashed.trashedAt()).isEqualTo(job.createdAt());
    });
  }

  @Test
  void aJobPostedWithoutPublishingIsNoticedByThePollWithinAFewHundredMilliseconds() throws Exception {
    JobBoard other = secondClient();
    Job template = other.post(posting("template"));
    byte[] listing;
    try (Jedis jedis = namespace.jedis()) {
      listing = jedis.hget(key("listings").getBytes(StandardCharsets.UTF_8), template.id().getBytes(StandardCharsets.UTF_8));
    }
    CountDownLatch woken = new CountDownLatch(1);
    JobBoard.Subscription subscription = board.subscribe(woken::countDown);
    try {
      long start = System.nanoTime();
      // As the reference posts: INCR and HSETNX, no PUBLISH.
      try (Jedis jedis = namespace.jedis()) {
        jedis.incr(key("sequence"));
        jedis.hsetnx(key("listings").getBytes(StandardCharsets.UTF_8), "copy".getBytes(StandardCharsets.UTF_8), listing);
      }
      assertThat(woken.await(2, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
    } finally {
      subscription.close();
    }
  }

  @Test
  void urlsAreValidatedAndDescribedWithoutPassword() {
    assertThatThrownBy(() -> RedisJobBoards.open("redis://127.0.0.1:6379/bad:namespace"))
        .isInstanceOf(JobBoardException.class).hasMessageContaining("namespace 'bad:namespace'");
    assertThatThrownBy(() -> RedisJobBoards.open("redis:///jobs"))
        .isInstanceOf(JobBoardException.class).hasMessageContaining("no host");
    assertThatThrownBy(() -> RedisJobBoards.open("redis://127.0.0.1:6379/jobs?color=blue"))
        .isInstanceOf(JobBoardException.class).hasMessageContaining("color=blue");
    assertThatThrownBy(() -> JobBoards.open("redis://user:s3cret@127.0.0.1:1/jobs"))
        .isInstanceOf(JobBoardException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("s3cret");
    assertThat(board.describe()).isEqualTo(namespace.url());
  }
}
