package io.taskflow4j.jobs.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.redis.internal.RedisUrl;
import org.junit.jupiter.api.Test;

/** Parsing board URLs: defaults, credentials, database, TLS, and what is refused. */
class RedisUrlTest {

  @Test
  void defaultsAreRedisPortAndTheReferencesNamespace() {
    RedisUrl url = RedisUrl.parse("redis://localhost");

    assertThat(url.port()).isEqualTo(6379);
    assertThat(url.namespace()).isEqualTo("taskflow");
    assertThat(url.database()).isZero();
    assertThat(url.tls()).isFalse();
    assertThat(url.description()).isEqualTo("redis://localhost:6379/taskflow");
  }

  @Test
  void credentialsDatabaseAndTlsAreReadAndThePasswordIsNeverShown() {
    RedisUrl url = RedisUrl.parse("rediss://alice:p%40ss@[::1]:6380/jobs.prod-1?db=3");

    assertThat(url.host()).isEqualTo("::1");
    assertThat(url.user()).contains("alice");
    assertThat(url.password()).contains("p@ss");
    assertThat(url.database()).isEqualTo(3);
    assertThat(url.tls()).isTrue();
    assertThat(url.description()).isEqualTo("rediss://alice@[::1]:6380/jobs.prod-1?db=3").doesNotContain("p@ss");
    assertThat(RedisUrl.parse("redis://:secret@h/ns").password()).contains("secret");
  }

  @Test
  void malformedUrlsAreRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> RedisUrl.parse("redis://u:secret@h/a b"))
        .isInstanceOf(JobBoardException.class).hasMessageNotContaining("secret");
    assertThatThrownBy(() -> RedisUrl.parse("redis://u:secret@h/a:b"))
        .isInstanceOf(JobBoardException.class).hasMessageContaining("namespace 'a:b'").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> RedisUrl.parse("postgresql://h/db")).isInstanceOf(JobBoardException.class);
    assertThatThrownBy(() -> RedisUrl.parse("redis://h/ns?db=-1")).isInstanceOf(JobBoardException.class);
  }
}
