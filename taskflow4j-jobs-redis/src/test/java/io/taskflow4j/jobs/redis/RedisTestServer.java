package io.taskflow4j.jobs.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.taskflow4j.jobs.redis.internal.RedisUrl;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis server the tests use ({@code TASKFLOW4J_REDIS_URL}, default {@value #DEFAULT_URL}) and
 * a fresh random namespace on it. Tests skip when Redis does not answer, and fail instead with
 * {@code TASKFLOW4J_REQUIRE_REDIS=true}.
 */
final class RedisTestServer {

  static final String DEFAULT_URL = "redis://127.0.0.1:6379";
  static final String REQUIRE_VARIABLE = "TASKFLOW4J_REQUIRE_REDIS";

  private RedisTestServer() {}

  /** The server's URL, without a namespace. */
  static String serverUrl() {
    String value = System.getenv("TASKFLOW4J_REDIS_URL");
    String url = value == null || value.isBlank() ? DEFAULT_URL : value.strip();
    // Whatever path the variable has, the tests choose the namespace.
    RedisUrl parsed = RedisUrl.parse(url);
    return (parsed.tls() ? "rediss" : "redis") + "://"
        + parsed.user().map(u -> u + parsed.password().map(p -> ":" + p).orElse("") + "@")
            .orElse(parsed.password().map(p -> ":" + p + "@").orElse(""))
        + parsed.hostAndPort();
  }

  /** A new namespace on the server, or a skipped (or, when required, failed) test. */
  static Namespace fresh(String what) {
    String name = "tf4j-test-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    Namespace namespace = new Namespace(serverUrl() + "/" + name, name);
    try (Jedis jedis = namespace.jedis()) {
      jedis.ping();
    } catch (JedisException e) {
      String message = "Redis is not reachable at " + RedisUrl.parse(serverUrl()).hostAndPort() + " (" + e.getMessage()
          + "): " + what + " did NOT run; set " + REQUIRE_VARIABLE + "=true to make this a failure";
      if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
        fail(message, e);
      }
      Assumptions.abort(message);
    }
    return namespace;
  }

  /** A namespace: its board URL and a way to reach its keys directly. */
  record Namespace(String url, String name) {

    Jedis jedis() {
      RedisUrl parsed = RedisUrl.parse(url);
      DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
          .database(parsed.database())
          .resp2()
          .autoNegotiateProtocol(false);
      parsed.user().ifPresent(config::user);
      parsed.password().ifPresent(config::password);
      return new Jedis(new HostAndPort(parsed.host(), parsed.port()), config.build());
    }

    /** Deletes every key of the namespace. */
    void delete() {
      try (Jedis jedis = jedis()) {
        Set<String> keys = jedis.keys(name + ":*");
        if (!keys.isEmpty()) {
          jedis.del(keys.toArray(new String[0]));
        }
      }
    }
  }
}
