package io.taskflow4j.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AmqpUrlTest {

  @Test
  void fullUrlIsReadPartByPart() {
    AmqpUrl url = AmqpUrl.parse("amqp://bob:s3cret@broker.example:5673/prod");

    assertThat(url).isEqualTo(new AmqpUrl(false, "broker.example", 5673, "bob", "s3cret", "prod"));
  }

  @Test
  void missingPartsTakeTheDefaults() {
    assertThat(AmqpUrl.parse("amqp://127.0.0.1"))
        .isEqualTo(new AmqpUrl(false, "127.0.0.1", 5672, "guest", "guest", "/"));
    assertThat(AmqpUrl.parse("amqps://broker.example/").port()).isEqualTo(5671);
    assertThat(AmqpUrl.parse("amqps://broker.example/").tls()).isTrue();
  }

  @Test
  void emptyPathAndDoubleSlashBothNameTheDefaultVirtualHostAsInKombu() {
    assertThat(AmqpUrl.parse("amqp://guest:guest@127.0.0.1:5672/").virtualHost()).isEqualTo("/");
    assertThat(AmqpUrl.parse("amqp://guest:guest@127.0.0.1:5672//").virtualHost()).isEqualTo("/");
    assertThat(AmqpUrl.parse("amqp://guest:guest@127.0.0.1:5672/%2F").virtualHost()).isEqualTo("/");
    assertThat(AmqpUrl.parse("amqp://h/%2Fteam").virtualHost()).isEqualTo("/team");
  }

  @Test
  void percentEscapesAreDecodedInCredentialsAndVirtualHost() {
    AmqpUrl url = AmqpUrl.parse("amqp://us%40er:p%3Ass%2Fw%C3%B6rd@h/v%20h");

    assertThat(url.username()).isEqualTo("us@er");
    assertThat(url.password()).isEqualTo("p:ss/wörd");
    assertThat(url.virtualHost()).isEqualTo("v h");
  }

  @Test
  void ipv6HostLosesItsBrackets() {
    AmqpUrl url = AmqpUrl.parse("amqp://[::1]:5672/");

    assertThat(url.host()).isEqualTo("::1");
    assertThat(url.redacted()).isEqualTo("amqp://guest@[::1]:5672/");
  }

  @Test
  void redactedFormAndToStringNeverShowThePassword() {
    AmqpUrl url = AmqpUrl.parse("amqp://guest:topsecret@127.0.0.1:5672/");

    assertThat(url.redacted()).isEqualTo("amqp://guest@127.0.0.1:5672/");
    assertThat(url.toString()).doesNotContain("topsecret");
    assertThat(AmqpUrl.parse("amqps://u:p@h:1/my%2Fvhost").redacted()).isEqualTo("amqps://u@h:1/my%2Fvhost");
  }

  @Test
  void userWithoutPasswordHasAnEmptyPassword() {
    assertThat(AmqpUrl.parse("amqp://bob@h/").password()).isEmpty();
  }

  @Test
  void invalidUrlsAreRefusedSayingWhatIsWrong() {
    assertThatThrownBy(() -> AmqpUrl.parse("http://h/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amqp://")
        .hasMessageContaining("'http'");
    assertThatThrownBy(() -> AmqpUrl.parse("127.0.0.1:5672"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme");
    assertThatThrownBy(() -> AmqpUrl.parse("amqp:///vhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no host");
    assertThatThrownBy(() -> AmqpUrl.parse("amqp://h:99999/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> AmqpUrl.parse("amqp://h/?heartbeat=10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query parameters");
    assertThatThrownBy(() -> AmqpUrl.parse("amqp://u:p%zz@h/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("escape");
    assertThatThrownBy(() -> AmqpUrl.parse("amqp://u:secret@h:port/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> AmqpUrl.parse("amqp://h /"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid URL");
  }
}
