package io.taskflow4j.jobs.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.jobs.Claim;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoardContractTest;
import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.JobBoards;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.store.jdbc.FlowStores;
import io.taskflow4j.store.jdbc.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL board passes the board contract on a scratch database of the test server
 * ({@code TASKFLOW4J_POSTGRES_URL}); without a server the class is skipped with a message, or
 * fails when {@code TASKFLOW4J_REQUIRE_POSTGRES=true}.
 */
class PostgresJobBoardTest extends JobBoardContractTest {

  private static TestServers.Scratch database;
  private final List<JobBoard> others = new ArrayList<>();

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

  @Override
  protected JobBoard createBoard() {
    JobBoard board = JobBoards.open(database.storeUrl());
    sql("DELETE FROM taskflow4j_jobs", "DELETE FROM taskflow4j_jobs_trash");
    return board;
  }

  @Override
  protected JobBoard secondClient() {
    JobBoard other = PostgresJobBoards.open(database.storeUrl());
    others.add(other);
    return other;
  }

  @Override
  protected void cleanup() {
    others.forEach(JobBoard::close);
    others.clear();
  }

  @Override
  protected Optional<String> writeMalformedEntry() {
    String id = "bad-" + UUID.randomUUID();
    sql("INSERT INTO taskflow4j_jobs (id, name, priority, details) VALUES ('" + id + "', 'broken', 2, '[1, 2')");
    return Optional.of(id);
  }

  private static void sql(String... statements) {
    String url = database.storeUrl().replace("postgresql://postgres@", "jdbc:postgresql://");
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JobPosting posting(String name) {
    return JobPosting.builder(name).factory(FactoryCall.of("f")).build();
  }

  @Test
  void rowsOfOtherShapesAreTrashedWithAReasonNamingTheRowAndTheProblem() {
    sql("INSERT INTO taskflow4j_jobs (id, name, priority, details) VALUES ('p9', 'x', 9, '{}')",
        "INSERT INTO taskflow4j_jobs (id, name, priority, details) VALUES ('notmap', 'x', 2, '[1]')",
        "INSERT INTO taskflow4j_jobs (id, name, priority, details) VALUES ('store', 'x', 2, '{\"store\": 5}')",
        "INSERT INTO taskflow4j_jobs (id, name, priority, details, book_uuid) VALUES ('half', 'x', 2, '{}', 'b')",
        "INSERT INTO taskflow4j_jobs (id, name, priority, details) VALUES ('deep', 'x', 2, '"
            + "[".repeat(100) + "]".repeat(100) + "')");

    assertThat(board.jobs()).isEmpty();

    assertThat(board.trashed()).extracting(t -> t.id() + ": " + t.reason())
        .anySatisfy(r -> assertThat(r).startsWith("p9: ").contains("row id 'p9'").contains("priority 9"))
        .anySatisfy(r -> assertThat(r).startsWith("notmap: ").contains("not a JSON object"))
        .anySatisfy(r -> assertThat(r).startsWith("store: ").contains("details.store"))
        .anySatisfy(r -> assertThat(r).startsWith("half: ").contains("book_uuid and book_name"))
        .anySatisfy(r -> assertThat(r).startsWith("deep: ").contains("not a JSON object"));
  }

  @Test
  void leasesAreJudgedByTheDatabaseClock() {
    Job job = board.post(posting("j"));
    Claim claim = board.claim(job.id(), "c1", Duration.ofMinutes(5)).orElseThrow();

    // Moving the lease's end into the past, as the server sees it, frees the job at once.
    sql("UPDATE taskflow4j_jobs SET lease_expires_at = now() - interval '1 second'");

    assertThat(board.job(job.id()).orElseThrow().owner()).isEmpty();
    assertThat(board.claimNext("c2", Duration.ofMinutes(5), Set.of())).isPresent();
    assertThatThrownBy(() -> board.renew(claim, Duration.ofMinutes(5))).isInstanceOf(io.taskflow4j.jobs.LeaseLostException.class)
        .hasMessageContaining("now held by c2");
  }

  @Test
  void theBoardSharesADatabaseWithAFlowStoreAndLeavesItsTablesAlone() {
    try (FlowStore store = FlowStores.open(database.storeUrl())) {
      store.save(new io.taskflow4j.persistence.Changes(
          List.of(io.taskflow4j.persistence.LogBook.of("b1", "book", java.time.Instant.now())), List.of(), List.of()));
      try (JobBoard again = PostgresJobBoards.open(database.storeUrl())) {
        again.post(posting("shared"));
      }
      assertThat(store.logBook("b1")).isPresent();
    }
    assertThat(board.jobs()).extracting(Job::name).containsExactly("shared");
  }

  @Test
  void aReopenedBoardKeepsItsJobsAndOwners() {
    Job job = board.post(posting("kept"));
    board.claim(job.id(), "c1", Duration.ofMinutes(5)).orElseThrow();

    try (JobBoard reopened = PostgresJobBoards.open(database.storeUrl())) {
      assertThat(reopened.job(job.id()).orElseThrow().owner()).contains("c1");
    }
  }

  @Test
  void theListenerComesBackAfterItsConnectionIsKilled() throws Exception {
    CountDownLatch woken = new CountDownLatch(1);
    JobBoard.Subscription subscription = board.subscribe(() -> { });
    Thread.sleep(500); // listening
    sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'taskflow4j-board-listener'");
    subscription.close();
    JobBoard.Subscription again = board.subscribe(woken::countDown);
    try {
      Thread.sleep(1_500); // reconnected
      secondClient().post(posting("after the outage"));
      assertThat(woken.await(10, TimeUnit.SECONDS)).as("woken after the listener reconnected").isTrue();
    } finally {
      again.close();
    }
  }

  @Test
  void badUrlsAndUnreachableServersAreClearErrorsWithoutThePassword() {
    assertThatThrownBy(() -> JobBoards.open("postgresql://app:s3cret@127.0.0.1:1/jobs"))
        .isInstanceOf(JobBoardException.class)
        .hasMessageContaining("cannot reach")
        .hasMessageContaining("postgresql://app@127.0.0.1:1/jobs")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> JobBoards.open("postgresql://app:s3cret@127.0.0.1"))
        .isInstanceOf(JobBoardException.class)
        .hasMessageContaining("not of the form")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> JobBoards.open("jdbc:mysql://127.0.0.1/jobs"))
        .isInstanceOf(JobBoardException.class)
        .hasMessageContaining("another database");
    String unknown = database.storeUrl().substring(0, database.storeUrl().lastIndexOf('/') + 1) + "tf4j_no_such_db";
    assertThatThrownBy(() -> JobBoards.open(unknown))
        .isInstanceOf(JobBoardException.class)
        .hasMessageContaining("does not exist");
  }
}
