package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad flow files through the command, as a user meets them: exit code 2 and one clear line. */
class BadFlowFileTest {

  private static final String HEAD = "flow:\n  name: x\n  pattern: linear\n  elements:\n";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "run   | syntax       | 6:4: flow: invalid YAML",
        "run   | unknownField | 6:7: flow.elements[0].provide: unknown field 'provide'",
        "run   | wrongType    | 6:17: flow.elements[0].requires: expected a name or a list of names",
        "run   | unknownTask  | 5:13: flow.elements[0].task: unknown task 'Ad'",
        "run   | cycle        | 5:7: flow.elements[0]: cycle in flow 'g' between 'a', 'b'",
        "graph | syntax       | 6:4: flow: invalid YAML",
        "graph | unknownField | 6:7: flow.elements[0].provide: unknown field 'provide'",
        "graph | wrongType    | 6:17: flow.elements[0].requires: expected a name or a list of names",
        "graph | unknownTask  | 5:13: flow.elements[0].task: unknown task 'Ad'",
        "graph | cycle        | 5:7: flow.elements[0]: cycle in flow 'g' between 'a', 'b'"
      })
  void badFileExitsWithTwoNamingFileLineColumnAndField(String command, String kind, String expected) {
    String file = Cli.write(dir, kind + ".yaml", content(kind));

    Cli.Result result = Cli.run(command, file);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).startsWith("taskflow: " + file + ":" + expected);
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.out()).isEmpty();
  }

  private static String content(String kind) {
    switch (kind) {
      case "syntax":
        return HEAD + "    - task: Add\n   - task: Echo\n";
      case "unknownField":
        return HEAD + "    - task: Add\n      provide: sum\n";
      case "wrongType":
        return HEAD + "    - task: Add\n      requires: 5\n";
      case "unknownTask":
        return HEAD + "    - task: Ad\n";
      default:
        return "flow:\n  name: g\n  pattern: graph\n  elements:\n"
            + "    - {task: Echo, name: a, rebind: {message: y}, provides: x}\n"
            + "    - {task: Echo, name: b, rebind: {message: x}, provides: y}\n";
    }
  }
}
