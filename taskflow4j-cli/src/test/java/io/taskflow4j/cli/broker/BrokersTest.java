package io.taskflow4j.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.transport.amqp.AmqpUrl;
import org.junit.jupiter.api.Test;

/** A broker password can come from the environment instead of the command line. */
class BrokersTest {

  @Test
  void aPasswordFromTheEnvironmentFillsAUrlWithoutOne() {
    assertThat(Brokers.withPassword("amqp://app@rabbit.internal:5672/prod", "s3cret"))
        .isEqualTo("amqp://app:s3cret@rabbit.internal:5672/prod");
    assertThat(Brokers.withPassword("amqp://rabbit.internal/", "p w@d"))
        .isEqualTo("amqp://guest:p%20w%40d@rabbit.internal/");
    assertThat(AmqpUrl.parse(Brokers.withPassword("amqp://app@host/", "p w@d")).password()).isEqualTo("p w@d");
  }

  @Test
  void aUrlWithItsOwnPasswordOrNoEnvironmentValueIsLeftAsGiven() {
    assertThat(Brokers.withPassword("amqp://app:given@host/", "other")).isEqualTo("amqp://app:given@host/");
    assertThat(Brokers.withPassword("amqp://app@host/", null)).isEqualTo("amqp://app@host/");
    assertThat(Brokers.withPassword("amqp://app@host/", "")).isEqualTo("amqp://app@host/");
  }
}
