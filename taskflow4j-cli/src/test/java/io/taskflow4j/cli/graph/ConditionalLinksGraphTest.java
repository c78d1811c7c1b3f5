package io.taskflow4j.cli.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.cli.Cli;
import io.taskflow4j.cli.testtasks.EvenResults;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'taskflow graph' draws links that carry a decider apart from plain dependencies. */
class ConditionalLinksGraphTest {

  @TempDir Path dir;

  private String flow() {
    return Cli.write(dir, "branches.yaml", String.join("\n",
        "flow:",
        "  name: branches",
        "  pattern: graph",
        "  elements:",
        "    - {task: Echo, name: check, inject: {message: {status: ok}}, provides: c}",
        "    - {task: Echo, name: ship, inject: {message: go}}",
        "    - {task: Echo, name: audit, inject: {message: look}}",
        "    - {task: Echo, name: after, rebind: {message: c}}",
        "  links:",
        "    - {from: check, to: ship, when: {field: status, equals: ok}}",
        "    - {from: check, to: audit, decider: " + EvenResults.class.getName() + ", depth: atom}",
        ""));
  }

  @Test
  void dotDrawsDecidingLinksDashedWithWhatDecides() {
    Cli.Result result = Cli.run("graph", flow(), "--format", "dot");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("  \"check\" -> \"ship\" [style=dashed, label=\"check.status == \\\"ok\\\"\"];\n")
        .contains("  \"check\" -> \"audit\" [style=dashed, label=\"EvenResults (depth atom)\"];\n")
        .contains("  \"check\" -> \"after\";\n");
  }

  @Test
  void mermaidDrawsDecidingLinksDottedWithWhatDecides() {
    Cli.Result result = Cli.run("graph", flow(), "--format", "mermaid");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("  a0 -. \"check.status == #quot;ok#quot;\" .-> a1\n")
        .contains("  a0 -. \"EvenResults (depth atom)\" .-> a2\n")
        .contains("  a0 --> a3\n");
  }
}
