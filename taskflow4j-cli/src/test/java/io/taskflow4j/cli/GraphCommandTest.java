package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.cli.flowfile.ClassTaskResolver;
import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.engine.FlowGraph;
import io.taskflow4j.examples.ExampleTasks;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {

  private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*)\"";
  private static final Pattern DOT_EDGE = Pattern.compile("(?m)^\\s*" + QUOTED + " -> " + QUOTED + ";$");
  private static final Pattern DOT_NODE = Pattern.compile("(?m)^\\s*" + QUOTED + "( \\[[^]]*])?;$");
  private static final Pattern MERMAID_NODE =
      Pattern.compile("(?m)^\\s*(a\\d+)(?:\\(\"(.*)\"\\)|\\{\\{\"(.*)\"}})$");
  private static final Pattern MERMAID_EDGE = Pattern.compile("(?m)^\\s*(a\\d+) --> (a\\d+)$");

  /** The pipeline example's dependencies, written out by hand: atom <- what it waits for. */
  private static final Set<String> PIPELINE_EDGES =
      Set.of(
          "greet -> report",
          "add -> report",
          "nap-1 -> compute-retry",
          "nap-2 -> compute-retry",
          "compute-retry -> add");

  @TempDir Path dir;

  private static Set<String> dotEdges(String dot) {
    Set<String> edges = new LinkedHashSet<>();
    Matcher matcher = DOT_EDGE.matcher(dot);
    while (matcher.find()) {
      edges.add(unescapeDot(matcher.group(1)) + " -> " + unescapeDot(matcher.group(2)));
    }
    return edges;
  }

  private static List<String> dotNodes(String dot) {
    return DOT_NODE.matcher(dot).results().map(m -> unescapeDot(m.group(1))).toList();
  }

  private static String unescapeDot(String text) {
    return text.replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private static Map<String, String> mermaidLabels(String mermaid) {
    Map<String, String> labels = new HashMap<>();
    Matcher matcher = MERMAID_NODE.matcher(mermaid);
    while (matcher.find()) {
      String label = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
      String previous = labels.put(matcher.group(1), label.replace("#quot;", "\"").replace("#35;", "#"));
      assertThat(previous).as("node " + matcher.group(1) + " declared once").isNull();
    }
    return labels;
  }

  private static Set<String> mermaidEdges(String mermaid) {
    Map<String, String> labels = mermaidLabels(mermaid);
    Set<String> edges = new LinkedHashSet<>();
    Matcher matcher = MERMAID_EDGE.matcher(mermaid);
    while (matcher.find()) {
      edges.add(labels.get(matcher.group(1)) + " -> " + labels.get(matcher.group(2)));
    }
    return edges;
  }

  private static Set<String> expectedEdges(String file) {
    FlowGraph graph =
        FlowGraph.of(
            new FlowAssembler(new ClassTaskResolver(GraphCommandTest.class.getClassLoader(), ExampleTasks.byName()))
                .assemble(FlowFiles.read(Path.of(file)))
                .flow());
    Set<String> edges = new LinkedHashSet<>();
    graph.dependencies().forEach((atom, deps) -> deps.forEach(dep -> edges.add(dep + " -> " + atom)));
    return edges;
  }

  @Test
  void dotOutputHasTheFlowsDependenciesAsEdges() {
    Cli.Result result = Cli.run("graph", Cli.example("pipeline.yaml"), "--format", "dot");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("digraph \"pipeline\" {").endsWith("}\n");
    assertThat(dotEdges(result.out())).isEqualTo(PIPELINE_EDGES);
    assertThat(dotEdges(result.out())).isEqualTo(expectedEdges(Cli.example("pipeline.yaml")));
    assertThat(dotNodes(result.out()))
        .containsExactlyInAnyOrder("greet", "report", "nap-1", "nap-2", "compute-retry", "add");
    assertThat(result.out()).contains("subgraph \"cluster_0\"", "label=\"warm-up (unordered)\"");
    assertThat(result.out()).contains("\"compute-retry\" [shape=diamond");
  }

  @Test
  void mermaidOutputHasTheFlowsDependenciesAsEdges() {
    Cli.Result result = Cli.run("graph", Cli.example("pipeline.yaml"), "--format", "mermaid");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("flowchart LR\n");
    assertThat(mermaidEdges(result.out())).isEqualTo(PIPELINE_EDGES);
    assertThat(mermaidLabels(result.out()).values())
        .containsExactlyInAnyOrder("greet", "report", "nap-1", "nap-2", "compute-retry", "add");
    assertThat(result.out()).contains("subgraph g1[\"compute (linear)\"]").contains("{{\"compute-retry\"}}");
  }

  @Test
  void linearExampleIsAChainInBothFormats() {
    String file = Cli.example("add.yaml");
    Set<String> chain = Set.of("add-a-b -> add-c");

    assertThat(dotEdges(Cli.run("graph", file).out())).isEqualTo(chain);
    assertThat(mermaidEdges(Cli.run("graph", file, "-f", "MERMAID").out())).isEqualTo(chain);
  }

  @Test
  void namesWithQuotesAndMarkupSurviveBothFormats() {
    String file =
        Cli.write(
            dir,
            "odd.yaml",
            String.join(
                "\n",
                "flow:",
                "  name: 'odd \"names\"'",
                "  pattern: linear",
                "  elements:",
                "    - {task: Undoable, name: 'say \"hi\" #1'}",
                "    - {task: Undoable, name: 'back\\slash <b>'}",
                ""));
    Set<String> expected = Set.of("say \"hi\" #1 -> back\\slash <b>");

    Cli.Result dot = Cli.run("graph", file);
    Cli.Result mermaid = Cli.run("graph", file, "--format", "mermaid");

    assertThat(dotEdges(dot.out())).as(dot.out()).isEqualTo(expected);
    assertThat(mermaid.out()).doesNotContain("<b>");
    assertThat(mermaidLabels(mermaid.out()).values())
        .containsExactlyInAnyOrder("say \"hi\" #1", "back\\slash #lt;b#gt;");
  }

  @Test
  void missingInputsDoNotStopAGraph() {
    String file =
        Cli.write(dir, "needs.yaml", "flow: {name: f, pattern: linear, elements: [{task: Add}]}\n");

    Cli.Result result = Cli.run("graph", file);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(dotNodes(result.out())).containsExactly("Add");
  }
}
