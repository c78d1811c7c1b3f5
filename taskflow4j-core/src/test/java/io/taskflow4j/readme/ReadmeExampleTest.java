package io.taskflow4j.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.task.Task;
import org.junit.jupiter.api.Test;

/** Keeps the README's example honest: the same code, compiled and run. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRunsAndProducesTheReceipt() {
    Task reserve = Task.builder("reserve")
        .requires("order")
        .provides("reservation")
        .execute(ctx -> "R-" + ctx.argument("order", String.class))
        .revert(ctx -> System.out.println("releasing " + ctx.outcome()))
        .build();
    Task charge = Task.builder("charge")
        .requires("order", "reservation")
        .provides("receipt")
        .execute(ctx -> "paid " + ctx.argument("reservation", String.class))
        .build();

    try (Engine engine = Engine.builder(Flow.linear("checkout").add(reserve, charge))
        .input("order", "42")
        .build()) {
      engine.run();
      assertThat(engine.result("receipt")).contains("paid R-42");
    }
  }
}
