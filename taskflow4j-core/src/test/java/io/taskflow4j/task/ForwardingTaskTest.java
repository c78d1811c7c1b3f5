package io.taskflow4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingTaskTest {

  @Test
  void forwardsEveryCallUnlessOverridden() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Task inner = Task.builder("inner").provides("out").remoteName("pkg.Inner")
        .execute(ctx -> { calls.add("execute"); throw new IllegalStateException("no"); })
        .revert(ctx -> calls.add("revert"))
        .build();
    Task renamed = new ForwardingTask(inner) {
      @Override
      public TaskSpec spec() {
        return TaskSpec.builder("renamed").provides("out").build();
      }
    };

    assertThat(renamed.name()).isEqualTo("renamed");
    assertThat(renamed.remoteName()).isEqualTo("pkg.Inner");
    Engine engine = Engine.builder(Flow.linear("f").add(renamed)).serial().build();
    FlowFailedException failed = catchThrowableOfType(FlowFailedException.class, engine::run);

    assertThat(failed.failures()).containsOnlyKeys("renamed");
    assertThat(calls).containsExactly("execute", "revert");
  }
}
