package io.taskflow4j.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.cli.UserInputException;
import io.taskflow4j.transport.amqp.AmqpUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aPasswordComesFromTheVariableOrTheFirstLineOfTheFileTheOtherVariableNames(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "from file\nignored\n");

    assertThat(Brokers.password(Map.of(Brokers.PASSWORD_VARIABLE, "direct"))).contains("direct");
    assertThat(Brokers.password(Map.of(Brokers.PASSWORD_FILE_VARIABLE, file.toString()))).contains("from file");
    assertThat(Brokers.password(Map.of())).isEmpty();
  }

  @Test
  void aPasswordFileThatIsMissingEmptyOrTooBigOrSetBesideTheVariableIsRefusedByName(@TempDir Path dir)
      throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "");
    Path big = Files.writeString(dir.resolve("big"), "x".repeat(Brokers.MAX_PASSWORD_FILE_BYTES + 1));

    assertThatThrownBy(() -> Brokers.password(Map.of(Brokers.PASSWORD_FILE_VARIABLE, dir.resolve("nope").toString())))
        .isInstanceOf(UserInputException.class).hasMessageContaining("cannot read").hasMessageContaining("nope");
    assertThatThrownBy(() -> Brokers.password(Map.of(Brokers.PASSWORD_FILE_VARIABLE, empty.toString())))
        .isInstanceOf(UserInputException.class).hasMessageContaining("is empty");
    assertThatThrownBy(() -> Brokers.password(Map.of(Brokers.PASSWORD_FILE_VARIABLE, big.toString())))
        .isInstanceOf(UserInputException.class).hasMessageContaining("larger than 4096 bytes");
    assertThatThrownBy(() -> Brokers.password(Map.of(Brokers.PASSWORD_VARIABLE, "a",
        Brokers.PASSWORD_FILE_VARIABLE, empty.toString())))
        .isInstanceOf(UserInputException.class).hasMessageContaining("set one of them");
  }
}
