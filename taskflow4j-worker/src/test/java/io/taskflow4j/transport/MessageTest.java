package io.taskflow4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Messages are values: equal content, equal messages. */
class MessageTest {

  @Test
  void messagesWithTheSameBytesAreEqualAndHashAlike() {
    Message one = new Message(MessageProperties.of("REQUEST", "r", "c"), "{}".getBytes(StandardCharsets.UTF_8));
    Message two = new Message(MessageProperties.of("REQUEST", "r", "c"), "{}".getBytes(StandardCharsets.UTF_8));
    Message other = new Message(MessageProperties.of("REQUEST", "r", "c"), "[]".getBytes(StandardCharsets.UTF_8));

    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two).isNotEqualTo(other);
    assertThat(one.toString()).contains("2 bytes");
  }

  @Test
  void absentEnvelopeFieldsAreOptionalsNeverNulls() {
    MessageProperties notify = MessageProperties.of("NOTIFY", Optional.of("engine"), Optional.empty());

    assertThat(notify.correlationId()).isEmpty();
    assertThatThrownBy(() -> MessageProperties.of("REQUEST", "r", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("correlationId");
  }
}
