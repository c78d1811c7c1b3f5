package io.taskflow4j.jobs.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.jobs.Claim;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoardContractTest;
import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.JobBoards;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.jobs.LeaseLostException;
import io.taskflow4j.jobs.postgres.internal.PgUrl;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.store.jdbc.FlowStores;
import io.taskflow4j.store.jdbc.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
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
    sqlIn(database.storeUrl(), statements);
  }

  /** Runs statements over plain JDBC, as another program would, in the database {@code url} names. */
  private static void sqlIn(String url, String... statements) {
    try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Connection connect(String url) throws SQLException {
    PgUrl parsed = PgUrl.parse(url);
    return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user().orElse(null), parsed.password().orElse(null));
  }

  private static long count(String url, String query) {
    try (Connection connection = connect(url); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
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
            + "{\"a\": ".repeat(100) + "1" + "}".repeat(100) + "')",
        "INSERT INTO taskflow4j_jobs (id, name, priority, details) VALUES ('big', 'x', 2,"
            + " '{\"store\": {\"a\": \"' || repeat('x', 8 * 1024 * 1024) || '\"}}')");

    assertThat(board.jobs()).isEmpty();

    assertThat(board.trashed()).extracting(t -> t.id() + ": " + t.reason())
        .anySatisfy(r -> assertThat(r).startsWith("p9: ").contains("row id 'p9'").contains("priority 9"))
        .anySatisfy(r -> assertThat(r).startsWith("notmap: ").contains("not a JSON object"))
        .anySatisfy(r -> assertThat(r).startsWith("store: ").contains("details.store"))
        .anySatisfy(r -> assertThat(r).startsWith("half: ").contains("book_uuid and book_name"))
        .anySatisfy(r -> assertThat(r).startsWith("deep: ").contains("beyond the board's limits").contains("nesting depth"))
        .anySatisfy(r -> assertThat(r).startsWith("big: ").contains("more than 8388608"));
  }

  @Test
  void leasesAreJudgedByTheDatabaseClock() {
    Job job = board.post(posting("j"));
    Claim claim = board.claim(job.id(), "c1", Duration.ofMinutes(5)).orElseThrow();

    // Moving the lease's end into the past, as the server sees it, frees the job at once.
    sql("UPDATE taskflow4j_jobs SET lease_expires_at = now() - interval '1 second'");

    assertThat(board.job(job.id()).orElseThrow().owner()).isEmpty();
    assertThat(board.claimNext("c2", Duration.ofMinutes(5), Set.of())).isPresent();
    assertThatThrownBy(() -> board.renew(claim, Duration.ofMinutes(5))).isInstanceOf(LeaseLostException.class)
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
  void theListenerReconnectsAfterItsConnectionIsKilledAndHearsTheNextPost() {
    AtomicInteger wakes = new AtomicInteger();
    JobBoard.Subscription subscription = board.subscribe(wakes::incrementAndGet);
    try {
      long killed = await().atMost(Duration.ofSeconds(10)).until(this::listeningBackend, pid -> pid > 0);
      sql("SELECT pg_terminate_backend(" + killed + ")");

      await().atMost(Duration.ofSeconds(10)).until(this::listeningBackend, pid -> pid > 0 && pid != killed);
      // Back online, the listener wakes its subscribers once, for posts it may have missed.
      await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() >= 1);
      int before = wakes.get();
      secondClient().post(posting("after the outage"));

      await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() > before);
    } finally {
      subscription.close();
    }
  }

  /** The server process LISTENing in this test's database, or 0 while there is none. */
  private long listeningBackend() {
    return count(database.storeUrl(), "SELECT coalesce(max(pid), 0) FROM pg_stat_activity"
        + " WHERE datname = current_database() AND query LIKE 'LISTEN%'");
  }

  @Test
  void aPostingBeyondTheBoardsLimitsIsRefusedAndNothingIsWritten() {
    // details (1) > store (2) > x: 62 more levels reach the limit of 64, 63 pass it.
    JobPosting deepest = JobPosting.builder("deepest").factory(FactoryCall.of("f")).input("x", nested(62)).build();
    JobPosting tooDeep = JobPosting.builder("too deep").factory(FactoryCall.of("f")).input("x", nested(63)).build();
    JobPosting tooBig =
        JobPosting.builder("too big").factory(FactoryCall.of("f")).input("x", "x".repeat(8 * 1024 * 1024)).build();

    assertThatThrownBy(() -> board.post(tooDeep)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'too deep'").hasMessageContaining("beyond the board's limits");
    assertThatThrownBy(() -> board.post(tooBig)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'too big'").hasMessageContaining("more than the board's 8388608");
    Job posted = board.post(deepest);

    assertThat(board.jobs()).extracting(Job::id).containsExactly(posted.id());
    assertThat(board.job(posted.id()).orElseThrow().inputs()).isEqualTo(deepest.inputs());
    assertThat(board.trashed()).isEmpty();
  }

  private static Object nested(int levels) {
    Object value = 1;
    for (int i = 0; i < levels; i++) {
      value = Map.of("a", value);
    }
    return value;
  }

  @Test
  void anIdTrashedTwiceKeepsBothEntries() {
    sql("INSERT INTO taskflow4j_jobs (id, name, priority, details) VALUES ('reused', 'first', 2, '{}')");
    assertThat(board.trash("reused", "first reason")).isTrue();
    sql("INSERT INTO taskflow4j_jobs (id, name, priority, details) VALUES ('reused', 'second', 2, '{}')");
    assertThat(board.trash("reused", "second reason")).isTrue();

    assertThat(board.trashed()).extracting(t -> t.name() + ": " + t.reason())
        .containsExactly("first: first reason", "second: second reason");
  }

  @Test
  void openingABoardOfTheFirstSchemaMigratesItAndKeepsItsJobsAndTrash() {
    TestServers.Scratch old =
        TestServers.Scratch.create(TestServers.postgresUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
    try {
      PgUrl url = PgUrl.parse(old.storeUrl());
      Flyway.configure(getClass().getClassLoader())
          .dataSource(url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null))
          .locations("classpath:io/taskflow4j/jobs/postgres/migration")
          .table("taskflow4j_jobs_schema_history")
          .target("1")
          .load()
          .migrate();
      sqlIn(old.storeUrl(),
          "INSERT INTO taskflow4j_jobs (id, name, priority, details) VALUES ('kept', 'kept job', 2, '{\"store\": {}}')",
          "INSERT INTO taskflow4j_jobs_trash (id, name, reason, entry) VALUES ('gone', 'old', 'was bad', '{}')");

      try (JobBoard opened = PostgresJobBoards.open(old.storeUrl())) {
        assertThat(opened.jobs()).extracting(Job::id).containsExactly("kept");
        assertThat(opened.trashed()).extracting(t -> t.id() + ": " + t.reason()).containsExactly("gone: was bad");
        assertThat(opened.trash("kept", "now trashed")).isTrue();
        assertThat(opened.trashed()).hasSize(2);
      }
    } finally {
      old.drop();
    }
  }

  @Test
  void tablesOfANewerSchemaAreRefusedAndLeftAsTheyAre() {
    TestServers.Scratch newer =
        TestServers.Scratch.create(TestServers.postgresUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
    try {
      PostgresJobBoards.open(newer.storeUrl()).close();
      String history = "SELECT count(*) FROM taskflow4j_jobs_schema_history";
      long migrations = count(newer.storeUrl(), history);
      sqlIn(newer.storeUrl(), "INSERT INTO taskflow4j_jobs_schema_history (installed_rank, version, description, type,"
          + " script, checksum, installed_by, execution_time, success)"
          + " VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'someone', 0, true)");

      assertThatThrownBy(() -> PostgresJobBoards.open(newer.storeUrl())).isInstanceOf(JobBoardException.class)
          .hasMessageContaining("schema version 99, newer than this taskflow4j understands");
      assertThat(count(newer.storeUrl(), history)).isEqualTo(migrations + 1);
    } finally {
      newer.drop();
    }
  }

  @Test
  void aBoardOpenedInAFlowStoresDatabaseAddsItsTablesAndLeavesTheStoresAlone() {
    TestServers.Scratch shared =
        TestServers.Scratch.create(TestServers.postgresUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
    try {
      try (FlowStore store = FlowStores.open(shared.storeUrl())) {
        store.save(new Changes(List.of(LogBook.of("b1", "book", Instant.now())), List.of(), List.of()));
      }
      long storeMigrations = count(shared.storeUrl(), "SELECT count(*) FROM taskflow4j_schema_history");

      try (JobBoard sharing = PostgresJobBoards.open(shared.storeUrl())) {
        Job job = sharing.post(posting("beside the store"));
        assertThat(sharing.claimNext("c1", LONG, Set.of())).map(Claim::jobId).contains(job.id());
      }

      assertThat(count(shared.storeUrl(), "SELECT count(*) FROM taskflow4j_schema_history")).isEqualTo(storeMigrations);
      assertThat(count(shared.storeUrl(), "SELECT count(*) FROM taskflow4j_jobs_schema_history WHERE success"))
          .isPositive();
      try (FlowStore store = FlowStores.open(shared.storeUrl())) {
        assertThat(store.logBook("b1")).map(LogBook::name).contains("book");
      }
    } finally {
      shared.drop();
    }
  }

  @Test
  void boardsOpenedAtOnceOnAFreshDatabaseShareOneSetOfTables() throws Exception {
    // The race is narrow (one board creating the history table while another looks at it):
    // several rounds of several boards make it show without the fix.
    int openers = 6;
    ExecutorService threads = Executors.newFixedThreadPool(openers);
    try {
      for (int round = 0; round < 4; round++) {
        TestServers.Scratch fresh =
            TestServers.Scratch.create(TestServers.postgresUrl(), "TASKFLOW4J_REQUIRE_POSTGRES", "PostgreSQL");
        try {
          CyclicBarrier start = new CyclicBarrier(openers);
          List<Future<String>> posted = new ArrayList<>();
          for (int i = 0; i < openers; i++) {
            String name = "job " + i;
            posted.add(threads.submit(() -> {
              start.await();
              try (JobBoard opened = PostgresJobBoards.open(fresh.storeUrl())) {
                return opened.post(posting(name)).id();
              }
            }));
          }
          Set<String> ids = new HashSet<>();
          for (Future<String> id : posted) {
            ids.add(id.get(60, TimeUnit.SECONDS));
          }

          try (JobBoard opened = PostgresJobBoards.open(fresh.storeUrl())) {
            assertThat(opened.jobs()).extracting(Job::id).containsExactlyInAnyOrderElementsOf(ids);
          }
        } finally {
          fresh.drop();
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void everyUrlFormOpensTheSameBoardThroughJobBoards() {
    PgUrl url = PgUrl.parse(database.storeUrl());
    String postgres = database.storeUrl().replaceFirst("^postgresql://", "postgres://");
    String jdbc = url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?") + url.user().map(u -> "user=" + u).orElse("")
        + url.password().map(p -> "&password=" + p).orElse("");
    Job job = board.post(posting("seen by all"));

    for (String form : List.of(postgres, jdbc)) {
      try (JobBoard opened = JobBoards.open(form)) {
        assertThat(opened.describe()).isEqualTo(board.describe()).isEqualTo(url.description());
        assertThat(opened.job(job.id())).map(Job::name).contains("seen by all");
      }
    }
  }

  @Test
  void badUrlsAndUnreachableServersAreClearErrorsWithoutThePassword() {
    assertThatThrownBy(() -> JobBoards.open("postgresql://app:s3cret@127.0.0.1:1/jobs"))
        .isInstanceOf(JobBoardException.class)
        .hasMessageContaining("cannot reach")
        .hasMessageContaining("postgresql://app@127.0.0.1:1/jobs")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> JobBoards.open("postgresql://app:s3cret@tf4j-no-such-host.invalid/jobs"))
        .isInstanceOf(JobBoardException.class)
        .hasMessageContaining("cannot reach")
        .hasMessageContaining("postgresql://app@tf4j-no-such-host.invalid:5432/jobs): unknown host")
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
