package io.taskflow4j.transport.amqp.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link TestBroker} parameter (in test, lifecycle or constructor parameters):
 *
 * <pre>{@code
 * @ExtendWith(TestBrokerExtension.class)
 * class MyTest {
 *   @Test void works(TestBroker broker) { ... }                       // RabbitMQ, else embedded Qpid
 *   @Test void live(@UseBroker(Kind.RABBITMQ) TestBroker broker) {...} // skipped without RabbitMQ, unless required
 *   @Test void local(@UseBroker(Kind.EMBEDDED_QPID) TestBroker broker) { ... }
 * }
 * }</pre>
 *
 * <p>See {@link TestBrokers} for how brokers are found. Stateless and thread-safe.
 */
public final class TestBrokerExtension implements ParameterResolver {

  /** Asks for one kind of broker rather than whichever is there. */
  @Target(ElementType.PARAMETER)
  @Retention(RetentionPolicy.RUNTIME)
  public @interface UseBroker {
    /**
     * The kind of broker.
     *
     * @return the kind
     */
    TestBroker.Kind value();
  }

  /** Creates the extension; JUnit does. */
  public TestBrokerExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == TestBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter
        .findAnnotation(UseBroker.class)
        .map(use -> TestBrokers.of(use.value()))
        .orElseGet(TestBrokers::any);
  }
}
