package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskflow dashboard}'s refusals, in this process: it stops before serving anything. */
class DashboardCommandTest {

  @TempDir Path dir;

  @Test
  void anAddressOtherMachinesReachNeedsAnAccessToken() {
    Cli.Result result = Cli.run("dashboard", "--store", "sqlite:" + dir.resolve("flows.db"), "--host", "0.0.0.0");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("--host 0.0.0.0 lets other machines reach the dashboard: give an access token");
  }

  @Test
  void aShortOrEmptyTokenFileIsRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path shortToken = Files.writeString(dir.resolve("short"), "abc\n");

    Cli.Result none = Cli.run("dashboard", "--store", "sqlite:" + dir.resolve("flows.db"), "--token-file", empty.toString());
    Cli.Result tooShort = Cli.run("dashboard", "--store", "sqlite:" + dir.resolve("flows.db"), "--port", "0",
        "--token-file", shortToken.toString());

    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("is empty; its first line should be the token");
    assertThat(tooShort.exitCode()).isEqualTo(2);
    assertThat(tooShort.err()).contains("the access token must be at least 16 printable ASCII characters");
  }

  @Test
  void aDashboardNeedsAStore() {
    Cli.Result result = Cli.run("dashboard");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no store given");
  }
}
