package io.taskflow4j.cli;

import io.taskflow4j.cli.flowfile.FlowAssembler;
import io.taskflow4j.cli.flowfile.FlowFiles;
import io.taskflow4j.cli.flowfile.LoadedFlow;
import io.taskflow4j.cli.graph.FlowLayout;
import io.taskflow4j.cli.graph.GraphFormat;
import io.taskflow4j.cli.graph.GraphFormatConverter;
import io.taskflow4j.engine.FlowGraph;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code taskflow graph FLOW_FILE}: prints the compiled flow as a Graphviz or Mermaid diagram.
 * Not thread-safe; one instance runs one command line.
 */
@Command(
    name = "graph",
    description = {
      "Prints the flow in FLOW_FILE as a diagram: its tasks, grouped by nested flow, with an"
          + " arrow from each task to those that wait for it.",
      "Render dot with Graphviz (taskflow graph f.yaml | dot -Tsvg > f.svg); paste mermaid into"
          + " Markdown."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:The diagram was printed.", "2:Bad input: an option or the flow file."})
final class GraphCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Parameters(index = "0", paramLabel = "FLOW_FILE", description = "The flow file (.yaml, .yml or .json).")
  private Path flowFile;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "dot",
      converter = GraphFormatConverter.class,
      description = "The diagram format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  private GraphFormat format;

  @Mixin private TaskClasspath classpath;

  @Mixin private LoggingOptions logging;

  @Override
  public Integer call() {
    try (TaskClasspath.Loader loader = classpath.open()) {
      LoadedFlow loaded =
          new FlowAssembler(LocalTasks.factory(loader.classLoader())).assemble(FlowFiles.read(flowFile));
      FlowGraph graph = FlowGraph.of(loaded.flow());
      PrintWriter out = spec.commandLine().getOut();
      out.print(format.renderer().render(FlowLayout.of(loaded.flow()), graph));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
