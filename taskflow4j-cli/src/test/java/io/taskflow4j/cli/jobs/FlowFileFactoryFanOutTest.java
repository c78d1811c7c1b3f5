package io.taskflow4j.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.FlowElement;
import io.taskflow4j.cli.flowfile.ClassTaskResolver;
import io.taskflow4j.cli.flowfile.FlowFileFormat;
import io.taskflow4j.cli.flowfile.FlowSource;
import io.taskflow4j.examples.ExampleTasks;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.jobs.FactoryCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A posted flow file's fan-out is expanded, by the conductor's factory, over the job's inputs. */
class FlowFileFactoryFanOutTest {

  private static final FlowSource ECHO_EACH = new FlowSource("echo.yaml", FlowFileFormat.YAML, String.join("\n",
      "inputs: {words: [only]}",
      "flow:",
      "  name: echoes",
      "  pattern: linear",
      "  elements:",
      "    - fan_out: {name: say, over: words, task: Echo, argument: message, provides: said}",
      ""));

  private static List<String> itemNames(Flow built) {
    Flow items = (Flow) ((Flow) built.elements().get(0)).elements().get(0);
    return items.elements().stream().map(FlowElement::name).toList();
  }

  private static FlowFileFactory factory() {
    return FlowFileFactory.carried(
        () -> new ClassTaskResolver(FlowFileFactoryFanOutTest.class.getClassLoader(), ExampleTasks.byName()));
  }

  @Test
  void theInputsPostedWithTheFileDecideTheItems() {
    FactoryCall call = FlowFileFactory.callFor(ECHO_EACH, Map.of("words", List.of("x", "y")));
    assertThat(itemNames(factory().create(call))).containsExactly("say-0", "say-1");
  }

  @Test
  void withoutPostedInputsTheFilesOwnListIsUsed() {
    assertThat(itemNames(factory().create(FlowFileFactory.callFor(ECHO_EACH)))).containsExactly("say-0");
  }
}
