package io.taskflow4j.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.transport.TransportException;
import io.taskflow4j.transport.amqp.testing.TestBroker;
import io.taskflow4j.transport.amqp.testing.TestBrokers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Settings are checked before anything connects; connection failures say where and why. */
class AmqpTransportBuilderTest {

  private static final String URL = "amqp://guest:guest@127.0.0.1:5672/";

  @Test
  void badSettingsAreRefusedNamingThem() throws Exception {
    assertThatThrownBy(() -> AmqpTransport.builder(URL).prefetch(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefetch");
    assertThatThrownBy(() -> AmqpTransport.builder(URL).prefetch(65536).build())
        .hasMessageContaining("prefetch");
    assertThatThrownBy(() -> AmqpTransport.builder(URL).confirmTimeout(Duration.ZERO).build())
        .hasMessageContaining("confirmTimeout");
    assertThatThrownBy(() -> AmqpTransport.builder(URL).recoveryInterval(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("recoveryInterval");
    assertThatThrownBy(() -> AmqpTransport.builder(URL).connectionTimeout(Duration.ZERO).build())
        .hasMessageContaining("connectionTimeout");
    assertThatThrownBy(() -> AmqpTransport.builder(URL).shutdownTimeout(Duration.ofDays(30)).build())
        .hasMessageContaining("shutdownTimeout");
    assertThatThrownBy(() -> AmqpTransport.builder(URL).connectionName(" ").build())
        .hasMessageContaining("connectionName");
    assertThatThrownBy(() -> AmqpTransport.builder(URL).sslContext(SSLContext.getDefault()).build())
        .hasMessageContaining("sslContext")
        .hasMessageContaining("amqps://");
    assertThatThrownBy(() -> AmqpTransport.builder("amqp://guest:guest@127.0.0.1:5672/?x=1").build())
        .hasMessageContaining("url");
  }

  @Test
  void unreachableBrokerFailsNamingTheUrlWithoutItsPassword() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "amqp://guest:hunter2@127.0.0.1:" + closedPort + "/";

    assertThatThrownBy(() -> AmqpTransport.builder(url).connectionTimeout(Duration.ofSeconds(2)).build())
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("amqp://guest@127.0.0.1:" + closedPort + "/")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void refusedLoginFailsWithoutItsPassword() {
    TestBroker broker = TestBrokers.any();
    String url = broker.url().replace("guest:guest@", "guest:wrong-password@");

    assertThatThrownBy(() -> AmqpTransport.connect(url))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("could not connect")
        .hasMessageNotContaining("wrong-password");
  }

  @Test
  void describeIsTheUrlWithoutPassword() {
    TestBroker broker = TestBrokers.any();
    try (AmqpTransport transport = AmqpTransport.connect(broker.url())) {
      assertThat(transport.describe())
          .isEqualTo(AmqpUrl.parse(broker.url()).redacted())
          .doesNotContain("guest:guest");
    }
  }
}
