package io.taskflow4j.value;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.task.Task;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value rule through the engine: results are stored as JSON, arguments read as types. */
class ValueRuleEngineTest {

  record Vm(String name, int cpus) {}

  @Test
  void aRecordResultIsStoredAsJsonAndReadBackAsTheRecord() {
    Task create = Task.builder("create").provides("vm").execute(ctx -> new Vm("web-1", 4)).build();
    Task describe = Task.builder("describe").requires("vm").provides("description")
        .execute(ctx -> {
          Vm vm = ctx.argument("vm", Vm.class);
          return vm.name() + " has " + vm.cpus() + " cpus";
        })
        .build();

    try (Engine engine = Engine.builder(Flow.linear("vms").add(create, describe)).serial().build()) {
      assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);

      assertThat(engine.result("description")).contains("web-1 has 4 cpus");
      assertThat(engine.result("vm")).contains(Map.of("name", "web-1", "cpus", 4));
    }
  }
}
