package io.taskflow4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code taskflow worker} with arguments it refuses; each is refused before any broker is
 * contacted. A running worker is tested as a process ({@code JarIT}), since it lives until a
 * signal stops its JVM.
 */
class WorkerCommandTest {

  private static Cli.Result worker(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "worker";
    System.arraycopy(options, 0, args, 1, options.length);
    return Cli.run(args);
  }

  @Test
  void memoryUrlIsRefusedBecauseNoOtherProcessCouldReachTheWorker() {
    Cli.Result result = worker("--url", "memory", "--topic", "t", "--tasks", "io.taskflow4j.examples");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains("--url memory cannot be used here: an in-memory worker can only serve its own process")
        .contains("taskflow demo");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void urlThatIsNotAmqpIsRefusedNamingTheProblem() {
    Cli.Result result =
        worker("--url", "http://rabbit:5672/", "--topic", "t", "--tasks", "io.taskflow4j.examples");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--url: the url must start with amqp:// or amqps://, got scheme 'http'");
  }

  @Test
  void urlErrorsNeverShowThePassword() {
    Cli.Result result =
        worker("--url", "amqp://guest:s3cret@rabbit:99999/", "--topic", "t", "--tasks", "Add");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--url:").doesNotContain("s3cret");
  }

  @Test
  void unknownClassOrPackageIsRefusedBeforeConnecting() {
    Cli.Result result =
        worker("--url", "amqp://127.0.0.1:1/", "--topic", "t", "--tasks", "com.acme.nothing");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains("--tasks: there is no class or package named 'com.acme.nothing' on the classpath")
        .doesNotContain("cannot reach the broker");
  }

  @Test
  void aPrefetchOrMessageSizeOutOfRangeIsRefusedBeforeConnecting() {
    Cli.Result prefetch =
        worker("--url", "amqp://127.0.0.1:1/", "--topic", "t", "--tasks", "Add", "--prefetch", "0");
    Cli.Result size =
        worker("--url", "amqp://127.0.0.1:1/", "--topic", "t", "--tasks", "Add", "--max-message-size", "0");

    assertThat(prefetch.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(prefetch.err()).contains("--prefetch must be from 1 to 65535, got 0").doesNotContain("cannot reach");
    assertThat(size.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(size.err()).contains("--max-message-size").doesNotContain("cannot reach");
  }

  @Test
  void classThatIsNotATaskIsRefusedSayingWhy() {
    Cli.Result result =
        worker("--url", "amqp://127.0.0.1:1/", "--topic", "t", "--tasks", "java.lang.String");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains("--tasks java.lang.String: cannot serve it: java.lang.String is not a task");
  }

  @Test
  void unreachableBrokerExitsTwoNamingTheBrokerWithoutItsPassword() {
    Cli.Result result =
        worker("--url", "amqp://guest:s3cret@127.0.0.1:1/", "--topic", "t", "--tasks", "Add");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err())
        .contains("cannot reach the broker at amqp://guest@127.0.0.1:1/")
        .doesNotContain("s3cret");
  }

  @Test
  void topicAndTasksAreRequired() {
    Cli.Result result = worker("--url", "amqp://127.0.0.1/");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--topic").contains("--tasks");
  }

  @Test
  void badGraceDurationIsRefused() {
    Cli.Result result =
        worker("--url", "amqp://127.0.0.1/", "--topic", "t", "--tasks", "Add", "--grace", "soon");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("'soon' is not a duration");
  }

  @Test
  void blankTopicIsRefused() {
    Cli.Result result = worker("--url", "amqp://127.0.0.1/", "--topic", " ", "--tasks", "Add");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--topic must not be blank");
  }
}
