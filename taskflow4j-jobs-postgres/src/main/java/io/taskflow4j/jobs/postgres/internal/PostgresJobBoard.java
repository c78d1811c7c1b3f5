package io.taskflow4j.jobs.postgres.internal;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.taskflow4j.jobs.Claim;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.JobBook;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.jobs.JobPriority;
import io.taskflow4j.jobs.LeaseLostException;
import io.taskflow4j.jobs.TrashedJob;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job board in PostgreSQL; see {@link io.taskflow4j.jobs.postgres.PostgresJobBoards}. Every
 * operation is one statement in its own transaction; a claim is an {@code UPDATE} of the first
 * free row in claim order, found with {@code FOR UPDATE SKIP LOCKED} so concurrent claimers take
 * different jobs without waiting for each other. Leases are compared with the server's {@code
 * now()}.
 *
 * <p>Thread-safety: thread-safe; connections come from a HikariCP pool.
 */
public final class PostgresJobBoard implements JobBoard {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresJobBoard.class);

  /** The schema version these classes write; a newer one in the database is refused. */
  static final String SCHEMA_VERSION = "2";
  static final String CHANNEL = "taskflow4j_jobs";
  private static final String HISTORY_TABLE = "taskflow4j_jobs_schema_history";
  private static final int MAX_DETAILS_CHARS = 8 * 1024 * 1024;
  private static final int MAX_DEPTH = 64;
  /** The advisory lock (per database) that migrations hold: "tf4jjobs" in ASCII. */
  private static final long MIGRATION_LOCK = 0x7466346a6a6f6273L;
  private static final AtomicInteger POOLS = new AtomicInteger();
  // The same limits bound what is posted and what is read, so a board never lists a job it wrote
  // and then trashes it as malformed. Jackson's generator counts the outermost level as 0, its
  // parser as 1: hence one less on the writing side.
  private static final ObjectMapper JSON = new ObjectMapper(new JsonFactoryBuilder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_DETAILS_CHARS).maxNumberLength(100).build())
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH - 1).build())
      .build());
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static final Comparator<Job> CLAIM_ORDER =
      Comparator.comparingInt((Job job) -> job.priority().ordinal()).thenComparingLong(Job::sequence);
  private static final String COLUMNS =
      "id, name, sequence, priority, created_at, book_uuid, book_name, details, owner, lease_expires_at, now() AS now";
  private static final String FREE = "(owner IS NULL OR lease_expires_at <= now())";
  private static final String HELD = "owner = ? AND (lease_expires_at IS NULL OR lease_expires_at > now())";
  private static final String LEASE_END = "now() + ? * interval '1 millisecond'";

  private final PgUrl url;
  private final HikariDataSource pool;
  private final Listener listener;

  private PostgresJobBoard(PgUrl url, HikariDataSource pool) {
    this.url = url;
    this.pool = pool;
    this.listener = new Listener(url);
  }

  /**
   * Connects, creates or migrates the tables, and returns the board.
   *
   * @param url where
   * @param poolSize the most pooled connections
   * @return the board
   * @throws JobBoardException when it cannot connect or the schema is newer than this version
   */
  public static PostgresJobBoard open(PgUrl url, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("taskflow4j-board-" + POOLS.incrementAndGet());
    config.setJdbcUrl(url.jdbcUrl());
    url.user().ifPresent(config::setUsername);
    url.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    config.setInitializationFailTimeout(1);
    config.addDataSourceProperty("connectTimeout", "10");
    config.addDataSourceProperty("ApplicationName", "taskflow4j-board");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw PgErrors.translate("connect to", url, e);
    }
    try {
      migrate(url, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new PostgresJobBoard(url, pool);
  }

  private static void migrate(PgUrl url, HikariDataSource pool) {
    // Boards opened at once on a fresh database would race in Flyway: one creates the history
    // table, another finds it empty beside other tables and refuses to baseline. A transaction
    // lock, released however the transaction ends, lets one board migrate at a time.
    try (Connection lock = pool.getConnection()) {
      lock.setAutoCommit(false);
      try (Statement statement = lock.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
      }
      try {
        migrateLocked(url, pool);
      } finally {
        lock.rollback();
      }
    } catch (SQLException e) {
      throw PgErrors.translate("create the job board tables in", url, e);
    }
  }

  private static void migrateLocked(PgUrl url, HikariDataSource pool) {
    try {
      Flyway flyway = Flyway.configure(PostgresJobBoard.class.getClassLoader())
          .dataSource(pool)
          .locations("classpath:io/taskflow4j/jobs/postgres/migration")
          .table(HISTORY_TABLE)
          // A database that already holds other tables (a flow store's) is fine: ours are new.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .loggers("slf4j")
          .load();
      MigrationVersion known = MigrationVersion.fromVersion(SCHEMA_VERSION);
      for (MigrationInfo applied : flyway.info().applied()) {
        if (applied.getVersion() != null && applied.getVersion().compareTo(known) > 0) {
          throw new JobBoardException("the job board tables of " + url.description() + " have schema version "
              + applied.getVersion().getVersion() + ", newer than this taskflow4j understands (" + SCHEMA_VERSION
              + "); open them with a newer taskflow4j");
        }
      }
      flyway.migrate();
    } catch (JobBoardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw PgErrors.translate("create the job board tables in", url, e);
    }
  }

  @Override
  public Job post(JobPosting posting) {
    Objects.requireNonNull(posting, "posting");
    String id = UUID.randomUUID().toString();
    String details;
    try {
      details = JSON.writeValueAsString(posting.details());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("job '" + posting.name() + "' cannot be posted: its inputs or factory arguments "
          + (constraint(e) ? "are beyond the board's limits: " : "are not JSON values: ") + e.getOriginalMessage(), e);
    }
    if (details.length() > MAX_DETAILS_CHARS) {
      throw new IllegalArgumentException("job '" + posting.name() + "' cannot be posted: its details take "
          + details.length() + " characters of JSON, more than the board's " + MAX_DETAILS_CHARS);
    }
    String sql = "WITH j AS (INSERT INTO taskflow4j_jobs (id, name, priority, book_uuid, book_name, details)"
        + " VALUES (?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS + ") SELECT j.*, pg_notify('" + CHANNEL + "', j.id) FROM j";
    return first(query("post a job on", sql, statement -> {
      statement.setString(1, id);
      statement.setString(2, posting.name());
      statement.setInt(3, posting.priority().ordinal());
      statement.setString(4, posting.book().map(JobBook::uuid).orElse(null));
      statement.setString(5, posting.book().map(JobBook::name).orElse(null));
      statement.setString(6, details);
    })).orElseThrow(() -> new JobBoardException("job '" + posting.name() + "' (" + id + ") was written to "
        + url.description() + " but did not read back as a job; it is in the board's trash"));
  }

  @Override
  public List<Job> jobs() {
    return query("list the jobs of", "SELECT " + COLUMNS + " FROM taskflow4j_jobs ORDER BY priority, sequence", s -> {});
  }

  @Override
  public Optional<Job> job(String id) {
    Objects.requireNonNull(id, "id");
    return first(query("read a job from", "SELECT " + COLUMNS + " FROM taskflow4j_jobs WHERE id = ?",
        s -> s.setString(1, id)));
  }

  @Override
  public Optional<Claim> claim(String id, String owner, Duration lease) {
    Objects.requireNonNull(id, "id");
    requireClaimer(owner, lease);
    String sql = "UPDATE taskflow4j_jobs SET owner = ?, lease_expires_at = " + LEASE_END + ", last_modified = now()"
        + " WHERE id = ? AND " + FREE + " RETURNING " + COLUMNS;
    return first(query("claim a job on", sql, s -> {
      s.setString(1, owner);
      s.setLong(2, lease.toMillis());
      s.setString(3, id);
    })).map(job -> claimOf(job, owner));
  }

  @Override
  public Optional<Claim> claimNext(String owner, Duration lease, Set<String> skip) {
    return first(claimNext(owner, lease, skip, 1));
  }

  @Override
  public List<Claim> claimNext(String owner, Duration lease, Set<String> skip, int max) {
    requireClaimer(owner, lease);
    Objects.requireNonNull(skip, "skip");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    String sql = "UPDATE taskflow4j_jobs SET owner = ?, lease_expires_at = " + LEASE_END + ", last_modified = now()"
        + " WHERE id IN (SELECT id FROM taskflow4j_jobs WHERE " + FREE + " AND NOT (id = ANY (?))"
        + " ORDER BY priority, sequence LIMIT ? FOR UPDATE SKIP LOCKED) AND " + FREE + " RETURNING " + COLUMNS;
    while (true) {
      Read read = read("claim jobs on", sql, (connection, s) -> {
        s.setString(1, owner);
        s.setLong(2, lease.toMillis());
        s.setArray(3, connection.createArrayOf("varchar", skip.toArray()));
        s.setInt(4, max);
      });
      if (!read.jobs.isEmpty() || read.malformed == 0) {
        return read.jobs.stream().sorted(CLAIM_ORDER).map(job -> claimOf(job, owner)).toList();
      }
      // Every row claimed was malformed and has gone to the trash: claim the next ones.
    }
  }

  @Override
  public Claim renew(Claim claim, Duration lease) {
    Objects.requireNonNull(claim, "claim");
    requireClaimer(claim.owner(), lease);
    String sql = "UPDATE taskflow4j_jobs SET lease_expires_at = " + LEASE_END + ", last_modified = now()"
        + " WHERE id = ? AND " + HELD + " RETURNING " + COLUMNS;
    return first(query("renew a lease on", sql, s -> {
      s.setLong(1, lease.toMillis());
      s.setString(2, claim.jobId());
      s.setString(3, claim.owner());
    })).map(job -> claimOf(job, claim.owner())).orElseThrow(() -> lost(claim));
  }

  @Override
  public void consume(Claim claim) {
    Objects.requireNonNull(claim, "claim");
    if (update("consume a job on", "DELETE FROM taskflow4j_jobs WHERE id = ? AND " + HELD, claim) == 0) {
      throw lost(claim);
    }
  }

  @Override
  public List<Claim> consume(List<Claim> claims) {
    if (claims.isEmpty()) {
      return List.of();
    }
    String sql = "DELETE FROM taskflow4j_jobs WHERE (id, owner) IN (SELECT * FROM unnest(?::varchar[], ?::text[]))"
        + " AND (lease_expires_at IS NULL OR lease_expires_at > now()) RETURNING id";
    Set<String> consumed = execute("consume jobs on", connection -> {
      Set<String> ids = new HashSet<>();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setArray(1, connection.createArrayOf("varchar", claims.stream().map(Claim::jobId).toArray()));
        statement.setArray(2, connection.createArrayOf("text", claims.stream().map(Claim::owner).toArray()));
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            ids.add(result.getString(1));
          }
        }
      }
      return ids;
    });
    return claims.stream().filter(claim -> !consumed.contains(claim.jobId())).toList();
  }

  @Override
  public void abandon(Claim claim) {
    Objects.requireNonNull(claim, "claim");
    String sql = "WITH a AS (UPDATE taskflow4j_jobs SET owner = NULL, lease_expires_at = NULL, last_modified = now()"
        + " WHERE id = ? AND " + HELD + " RETURNING id) SELECT pg_notify('" + CHANNEL + "', a.id) FROM a";
    int rows = execute("give a job back on", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, claim.jobId());
        statement.setString(2, claim.owner());
        try (ResultSet result = statement.executeQuery()) {
          return result.next() ? 1 : 0;
        }
      }
    });
    if (rows == 0) {
      throw lost(claim);
    }
  }

  @Override
  public boolean trash(String id, String reason) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    boolean trashed = execute("trash a job on", connection -> moveToTrash(connection, id, reason)) > 0;
    if (trashed) {
      LOG.info("trashed job {} on {}: {}", id, url.description(), reason);
    }
    return trashed;
  }

  @Override
  public List<TrashedJob> trashed() {
    return execute("list the trash of", connection -> {
      List<TrashedJob> jobs = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(
              "SELECT id, name, reason, trashed_at FROM taskflow4j_jobs_trash ORDER BY trashed_at, entry_no");
          ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          jobs.add(new TrashedJob(result.getString(1), result.getString(2), result.getString(3),
              result.getTimestamp(4).toInstant()));
        }
      }
      return jobs;
    });
  }

  @Override
  public Subscription subscribe(Runnable subscriber) {
    return listener.add(Objects.requireNonNull(subscriber, "listener"));
  }

  @Override
  public String describe() {
    return url.description();
  }

  @Override
  public void close() {
    listener.close();
    pool.close();
  }

  // ---------------------------------------------------------------------------------------------

  /** Rows read and decoded; rows that did not decode were moved to the trash. */
  private record Read(List<Job> jobs, int malformed) {}

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  private interface ConnectionBinder {
    void bind(Connection connection, PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private List<Job> query(String action, String sql, Binder binder) {
    return read(action, sql, (connection, statement) -> binder.bind(statement)).jobs;
  }

  /** Runs a statement that returns job rows; malformed rows among them go to the trash. */
  private Read read(String action, String sql, ConnectionBinder binder) {
    return execute(action, connection -> {
      List<Job> jobs = new ArrayList<>();
      List<String[]> bad = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        binder.bind(connection, statement);
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            try {
              jobs.add(decode(result));
            } catch (MalformedRow e) {
              bad.add(new String[] {result.getString("id"), e.getMessage()});
            }
          }
        }
      }
      for (String[] row : bad) {
        String reason = "malformed entry in table taskflow4j_jobs of " + url.description() + ", row id '" + row[0]
            + "': " + row[1];
        LOG.warn("{}; moved to the trash", reason);
        moveToTrash(connection, row[0], reason);
      }
      return new Read(jobs, bad.size());
    });
  }

  private static int moveToTrash(Connection connection, String id, String reason) throws SQLException {
    String sql = "WITH d AS (DELETE FROM taskflow4j_jobs WHERE id = ? RETURNING *)"
        + " INSERT INTO taskflow4j_jobs_trash (id, name, reason, entry) SELECT d.id, d.name, ?, row_to_json(d)::text FROM d";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, id);
      statement.setString(2, reason);
      return statement.executeUpdate();
    }
  }

  private int update(String action, String sql, Claim claim) {
    return execute(action, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, claim.jobId());
        statement.setString(2, claim.owner());
        return statement.executeUpdate();
      }
    });
  }

  private <T> T execute(String action, Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException | RuntimeException e) {
      if (e instanceof JobBoardException board) {
        throw board;
      }
      throw PgErrors.translate(action, url, e);
    }
  }

  private LeaseLostException lost(Claim claim) {
    Optional<Job> now = job(claim.jobId());
    String what = now.isEmpty() ? "it is no longer listed (consumed or trashed)"
        : now.get().owner().map(other -> "it is now held by " + other).orElse("its lease has lapsed and nobody holds it");
    return new LeaseLostException(claim.owner() + " no longer holds job '" + claim.job().name() + "' (" + claim.jobId()
        + ") on " + url.description() + ": " + what);
  }

  private static Claim claimOf(Job job, String owner) {
    return new Claim(job, owner, job.leaseExpiresAt().orElseThrow());
  }

  private static <T> Optional<T> first(List<T> list) {
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  private static void requireClaimer(String owner, Duration lease) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    if (owner.isBlank()) {
      throw new IllegalArgumentException("an owner name must not be blank");
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("a lease must be positive, got " + lease);
    }
  }

  /** A row that does not decode to a job; its message says what is wrong. */
  private static final class MalformedRow extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRow(String message) {
      super(message, null, false, false);
    }
  }

  private static Job decode(ResultSet row) throws SQLException, MalformedRow {
    String id = row.getString("id");
    int priority = row.getInt("priority");
    if (priority < 0 || priority >= JobPriority.values().length) {
      throw new MalformedRow("priority " + priority + " is not 0 (VERY_HIGH) to 4 (VERY_LOW)");
    }
    String bookUuid = row.getString("book_uuid");
    String bookName = row.getString("book_name");
    if ((bookUuid == null) != (bookName == null) || (bookUuid != null && bookUuid.isBlank())) {
      throw new MalformedRow("book_uuid and book_name must be given together, and book_uuid not blank");
    }
    String text = row.getString("details");
    if (text.length() > MAX_DETAILS_CHARS) {
      throw new MalformedRow("details hold " + text.length() + " characters, more than " + MAX_DETAILS_CHARS);
    }
    Map<String, Object> details;
    try {
      details = JSON.readValue(text, MAP);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new MalformedRow((constraint(e) ? "details are beyond the board's limits: " : "details are not a JSON object: ")
          + shortMessage(e));
    }
    if (details == null) {
      throw new MalformedRow("details are null, not a JSON object");
    }
    if (details.containsKey(Job.STORE_KEY) && !(details.get(Job.STORE_KEY) instanceof Map<?, ?>)) {
      throw new MalformedRow("details.store is not a JSON object of inputs");
    }
    Instant now = row.getTimestamp("now").toInstant();
    String owner = row.getString("owner");
    Timestamp expiry = row.getTimestamp("lease_expires_at");
    Optional<Instant> lease = Optional.ofNullable(expiry).map(Timestamp::toInstant);
    boolean lapsed = lease.filter(end -> !end.isAfter(now)).isPresent();
    Optional<String> holder = owner == null || lapsed ? Optional.empty() : Optional.of(owner);
    return new Job(id, row.getString("name"), row.getLong("sequence"), JobPriority.values()[priority],
        row.getTimestamp("created_at").toInstant(),
        bookUuid == null ? Optional.empty() : Optional.of(new JobBook(bookUuid, bookName)),
        details, holder, holder.isEmpty() ? Optional.empty() : lease);
  }

  /** Whether Jackson refused the JSON for a limit (depth, length) rather than its syntax or type. */
  private static boolean constraint(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException) {
        return true;
      }
    }
    return false;
  }

  private static String shortMessage(Exception e) {
    String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }
}
