package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskflow4j.store.jdbc.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskflow jobs} (post, list, show, trash, --trashed) on a PostgreSQL board, and the
 * errors of {@code jobs} and {@code conductor} that stop them before they start, in this process.
 * Running conductors are tested as processes in {@code ConductorTakeoverIT}.
 */
class JobsCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServers.Scratch database;

  @TempDir Path dir;

  @BeforeAll
  static void createDatabase() {
    database = TestServers.Scratch.create(TestServers.postgresUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.drop();
    }
  }

  private static String board() {
    return database.storeUrl();
  }

  @Test
  void aPostedFlowFileIsListedShownAndTrashed() throws Exception {
    Cli.Result posted = Cli.run("jobs", "post", Cli.example("add.yaml"), "--set", "a=5", "--name", "adder",
        "--priority", "high", "--board", board());
    assertThat(posted.exitCode()).as(posted.toString()).isZero();
    String id = posted.out().strip();
    assertThat(posted.err()).contains("posted job 'adder' (" + id + ")");

    Cli.Result listed = Cli.run("jobs", "--board", board());
    assertThat(listed.out()).contains(id).contains("adder").contains("HIGH");

    JsonNode shown = JSON.readTree(Cli.run("jobs", "show", id, "--json", "--board", board()).out());
    assertThat(shown.get("name").asText()).isEqualTo("adder");
    assertThat(shown.get("factory").asText()).isEqualTo("taskflow4j.flow_file");
    assertThat(shown.get("inputs").get("a").asInt()).isEqualTo(5);
    assertThat(shown.get("inputs").has("b")).as("the file's own inputs travel with the job").isTrue();
    assertThat(shown.get("owner").isNull()).isTrue();
    assertThat(Cli.run("jobs", "show", id, "--board", board()).out()).contains("adder").contains("add.yaml");

    Cli.Result trashed = Cli.run("jobs", "trash", id, "--reason", "not needed", "--board", board());
    assertThat(trashed.exitCode()).as(trashed.toString()).isZero();
    assertThat(Cli.run("jobs", "--board", board()).out()).doesNotContain(id);
    assertThat(Cli.run("jobs", "--trashed", "--board", board()).out()).contains(id).contains("not needed");
  }

  @Test
  void aFactoryJobCarriesItsNamedArguments() throws Exception {
    Cli.Result posted = Cli.run("jobs", "post", "--factory", "provision", "--arg", "size=large", "--arg", "count=3",
        "--board", board());
    assertThat(posted.exitCode()).as(posted.toString()).isZero();

    JsonNode jobs = JSON.readTree(Cli.run("jobs", "--json", "--board", board()).out());
    assertThat(jobs).anySatisfy(job -> {
      assertThat(job.get("id").asText()).isEqualTo(posted.out().strip());
      assertThat(job.get("factory").asText()).isEqualTo("provision");
    });
    assertThat(Cli.run("jobs", "show", posted.out().strip(), "--board", board()).out())
        .contains("factory:  provision { \"size\": \"large\", \"count\": 3 }");
  }

  @Test
  void badInputIsRefusedWithExitCode2AndAReason() {
    Cli.Result noBoard = Cli.run("jobs", "--board", "");
    assertThat(noBoard.exitCode()).isEqualTo(2);
    assertThat(noBoard.err()).contains("no job board given").contains("TASKFLOW4J_BOARD");

    Cli.Result unknownScheme = Cli.run("jobs", "--board", "kafka://127.0.0.1/jobs");
    assertThat(unknownScheme.exitCode()).isEqualTo(2);
    assertThat(unknownScheme.err()).contains("unknown scheme 'kafka'").contains("postgresql").contains("redis");

    Cli.Result unreachable = Cli.run("jobs", "--board", "postgresql://app:s3cret@127.0.0.1:1/jobs");
    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.err()).contains("cannot open job board postgresql://app:****@127.0.0.1:1/jobs")
        .doesNotContain("s3cret");

    Cli.Result unknownJob = Cli.run("jobs", "show", "no-such-job", "--board", board());
    assertThat(unknownJob.exitCode()).isEqualTo(2);
    assertThat(unknownJob.err()).contains("no job with id 'no-such-job'");

    Cli.Result argWithFile = Cli.run("jobs", "post", Cli.example("add.yaml"), "--arg", "x=1", "--board", board());
    assertThat(argWithFile.exitCode()).isEqualTo(2);
    assertThat(argWithFile.err()).contains("--arg is for --factory");

    Cli.Result badFile = Cli.run("jobs", "post", Cli.write(dir, "bad.yaml", "flow: [\n"), "--board", board());
    assertThat(badFile.exitCode()).isEqualTo(2);
    assertThat(badFile.err()).contains("bad.yaml");
    assertThat(Cli.run("jobs", "--board", board()).out()).doesNotContain("bad.yaml");
  }

  @Test
  void aConductorWithBadOptionsStopsBeforeClaimingAnything() {
    String store = "sqlite:" + dir.resolve("flows.db");

    Cli.Result badAlias = Cli.run("conductor", "--board", board(), "--store", store, "--alias", "py.make=nothing");
    assertThat(badAlias.exitCode()).isEqualTo(2);
    assertThat(badAlias.err()).contains("alias 'py.make' names 'nothing', which is not a registered factory");

    Cli.Result badClass = Cli.run("conductor", "--board", board(), "--store", store, "--factory", "f=com.example.Missing");
    assertThat(badClass.exitCode()).isEqualTo(2);
    assertThat(badClass.err()).contains("--factory class 'com.example.Missing' cannot be loaded");

    Cli.Result notAFactory = Cli.run("conductor", "--board", board(), "--store", store, "--factory", "f=java.lang.String");
    assertThat(notAFactory.exitCode()).isEqualTo(2);
    assertThat(notAFactory.err()).contains("does not implement io.taskflow4j.jobs.FlowFactory");

    Cli.Result badFlow = Cli.run("conductor", "--board", board(), "--store", store, "--flow",
        "f=" + Cli.write(dir, "broken.yaml", "flow:\n  name: x\n  pattern: linear\n  elements:\n    - task: NoSuchTask\n"));
    assertThat(badFlow.exitCode()).isEqualTo(2);
    assertThat(badFlow.err()).contains("broken.yaml");

    Cli.Result badPair = Cli.run("conductor", "--board", board(), "--store", store, "--flow", "nameonly");
    assertThat(badPair.exitCode()).isEqualTo(2);
    assertThat(badPair.err()).contains("--flow needs NAME=FLOW_FILE");

    Cli.Result noStore = Cli.run("conductor", "--board", board(), "--store", "");
    assertThat(noStore.exitCode()).isEqualTo(2);
    assertThat(noStore.err()).contains("no store given");
  }
}
