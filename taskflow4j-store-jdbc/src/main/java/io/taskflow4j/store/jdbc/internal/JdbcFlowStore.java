package io.taskflow4j.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowQuery;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.persistence.Intention;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FlowStore} in the reference's {@code logbooks}, {@code flowdetails} and {@code
 * atomdetails} tables, over JDBC. Each {@link #save(Changes)} is one transaction of batched
 * upserts. Every row read is checked; a malformed one gives a {@link StoreException} naming the
 * table, the row's uuid and the column.
 *
 * <p>Thread-safe: connections come from a {@link ConnectionSource}, which lends each to one
 * caller at a time.
 */
public final class JdbcFlowStore implements FlowStore {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcFlowStore.class);

  private static final List<String> BOOK_COLUMNS = List.of("created_at", "updated_at", "meta", "name", "uuid");
  private static final List<String> FLOW_COLUMNS =
      List.of("created_at", "updated_at", "parent_uuid", "meta", "name", "state", "uuid");
  private static final List<String> ATOM_COLUMNS = List.of("created_at", "updated_at", "meta", "parent_uuid", "name",
      "version", "state", "uuid", "failure", "results", "revert_results", "revert_failure", "atom_type", "intention");

  private static final String ATOM_SELECT = "SELECT uuid, parent_uuid, name, atom_type, version, state, intention,"
      + " results, failure, revert_results, revert_failure, meta, created_at, updated_at FROM atomdetails";
  private static final String FLOW_SELECT =
      "SELECT f.uuid, f.parent_uuid, f.name, f.state, f.meta, f.created_at, f.updated_at FROM flowdetails f";
  private static final String BOOK_SELECT = "SELECT uuid, name, meta, created_at, updated_at FROM logbooks";

  private final StoreUrl url;
  private final Dialect dialect;
  private final ConnectionSource connections;
  private final JsonCodec json = new JsonCodec();
  private final String upsertBook;
  private final String upsertFlow;
  private final String upsertAtom;
  /**
   * On PostgreSQL, an upsert of {@link #ATOM_ROWS_PER_STATEMENT} atoms: the server handles one
   * statement of many rows about four times faster than as many one-row statements in a batch,
   * which pgjdbc does not rewrite when they carry casts and ON CONFLICT. Empty elsewhere: SQLite
   * runs in-process and MariaDB's driver rewrites its batches itself.
   */
  private final String upsertAtomRows;
  /** Rows per statement: of 50, 100, 200, 500 and 2,000, 100 committed 10,000 atoms fastest. */
  private static final int ATOM_ROWS_PER_STATEMENT = 100;
  private volatile boolean closed;

  /**
   * A store over a migrated database.
   *
   * @param url where it is
   * @param dialect its SQL dialect
   * @param connections its connections; the store closes them
   */
  JdbcFlowStore(StoreUrl url, Dialect dialect, ConnectionSource connections) {
    this.url = url;
    this.dialect = dialect;
    this.connections = connections;
    String j = dialect.json();
    upsertBook = dialect.upsert("logbooks", BOOK_COLUMNS, List.of("?", "?", j, "?", "?"));
    upsertFlow = dialect.upsert("flowdetails", FLOW_COLUMNS, List.of("?", "?", "?", j, "?", "?", "?"));
    List<String> atomPlaceholders = List.of("?", "?", j, "?", "?", "?", "?", "?", j, j, j, j,
        dialect.enumValue("atom_types"), dialect.enumValue("intentions"));
    upsertAtom = dialect.upsert("atomdetails", ATOM_COLUMNS, atomPlaceholders);
    upsertAtomRows = dialect == Dialect.POSTGRESQL
        ? dialect.upsert("atomdetails", ATOM_COLUMNS, atomPlaceholders, ATOM_ROWS_PER_STATEMENT)
        : "";
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void save(Changes changes) {
    open();
    if (changes.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    transaction("save changes to", connection -> {
      if (!changes.logBooks().isEmpty()) {
        try (PreparedStatement statement = connection.prepareStatement(upsertBook)) {
          for (LogBook book : changes.logBooks()) {
            dialect.setTimestamp(statement, 1, book.createdAt());
            dialect.setTimestamp(statement, 2, book.updatedAt());
            statement.setString(3, toJson(book.meta(), "logbook", book.uuid(), "meta"));
            statement.setString(4, book.name());
            statement.setString(5, book.uuid());
            statement.addBatch();
          }
          statement.executeBatch();
        }
      }
      if (!changes.flows().isEmpty()) {
        try (PreparedStatement statement = connection.prepareStatement(upsertFlow)) {
          for (FlowDetail flow : changes.flows()) {
            dialect.setTimestamp(statement, 1, flow.createdAt());
            dialect.setTimestamp(statement, 2, flow.updatedAt());
            statement.setString(3, flow.logBookUuid());
            statement.setString(4, toJson(flow.meta(), "flow detail", flow.uuid(), "meta"));
            statement.setString(5, flow.name());
            statement.setString(6, flow.state().name());
            statement.setString(7, flow.uuid());
            statement.addBatch();
          }
          statement.executeBatch();
        }
      }
      List<AtomDetail> atoms = changes.atoms();
      int done = 0;
      if (!upsertAtomRows.isEmpty() && atoms.size() >= ATOM_ROWS_PER_STATEMENT && distinctUuids(atoms)) {
        try (PreparedStatement statement = connection.prepareStatement(upsertAtomRows)) {
          for (; done + ATOM_ROWS_PER_STATEMENT <= atoms.size(); done += ATOM_ROWS_PER_STATEMENT) {
            for (int i = 0; i < ATOM_ROWS_PER_STATEMENT; i++) {
              bindAtom(statement, i * ATOM_COLUMNS.size(), atoms.get(done + i));
            }
            statement.addBatch();
          }
          statement.executeBatch();
        }
      }
      if (done < atoms.size()) {
        try (PreparedStatement statement = connection.prepareStatement(upsertAtom)) {
          for (AtomDetail atom : atoms.subList(done, atoms.size())) {
            bindAtom(statement, 0, atom);
            statement.addBatch();
          }
          statement.executeBatch();
        }
      }
      return null;
    });
    LOG.debug("{}: saved {} logbooks, {} flow details and {} atom details in {} ms", url.description(),
        changes.logBooks().size(), changes.flows().size(), changes.atoms().size(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Binds an atom's columns from parameter {@code offset + 1} on. */
  private void bindAtom(PreparedStatement statement, int offset, AtomDetail atom) throws SQLException {
    String uuid = atom.uuid();
    dialect.setTimestamp(statement, offset + 1, atom.createdAt());
    dialect.setTimestamp(statement, offset + 2, atom.updatedAt());
    statement.setString(offset + 3, toJson(atom.meta(), "atom detail", uuid, "meta"));
    statement.setString(offset + 4, atom.flowUuid());
    statement.setString(offset + 5, atom.name());
    setOptional(statement, offset + 6, atom.version());
    statement.setString(offset + 7, atom.state().name());
    statement.setString(offset + 8, uuid);
    setOptional(statement, offset + 9, atom.failure().map(f -> toJson(f.toDict(), "atom detail", uuid, "failure")));
    setOptional(statement, offset + 10, atom.results().map(r -> toJson(r, "atom detail", uuid, "results")));
    setOptional(statement, offset + 11, atom.revertResults().map(r -> toJson(r, "atom detail", uuid, "revert_results")));
    setOptional(statement, offset + 12,
        atom.revertFailure().map(f -> toJson(f.toDict(), "atom detail", uuid, "revert_failure")));
    statement.setString(offset + 13, atom.type().name());
    statement.setString(offset + 14, atom.intention().name());
  }

  /** One statement may not touch a row twice, so a change naming an atom twice goes row by row. */
  private static boolean distinctUuids(List<AtomDetail> atoms) {
    java.util.Set<String> seen = new java.util.HashSet<>(atoms.size() * 2);
    for (AtomDetail atom : atoms) {
      if (!seen.add(atom.uuid())) {
        return false;
      }
    }
    return true;
  }

  private static void setOptional(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, value.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  private String toJson(Object value, String what, String uuid, String column) {
    try {
      return json.write(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("the " + column + " of " + what + " " + uuid + " cannot be written as JSON to "
          + url.description() + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public boolean deleteFlow(String flowUuid) {
    open();
    return transaction("delete flow detail " + flowUuid + " from", connection -> {
      Optional<String> book = Optional.empty();
      try (PreparedStatement find = connection.prepareStatement("SELECT parent_uuid FROM flowdetails WHERE uuid = ?")) {
        find.setString(1, flowUuid);
        try (ResultSet row = find.executeQuery()) {
          if (!row.next()) {
            return false;
          }
          book = Optional.ofNullable(row.getString(1));
        }
      }
      update(connection, "DELETE FROM atomdetails WHERE parent_uuid = ?", flowUuid);
      update(connection, "DELETE FROM flowdetails WHERE uuid = ?", flowUuid);
      if (book.isPresent()) {
        update(connection, "DELETE FROM logbooks WHERE uuid = ? AND NOT EXISTS"
            + " (SELECT 1 FROM flowdetails WHERE parent_uuid = ?)", book.get(), book.get());
      }
      return true;
    });
  }

  @Override
  public boolean deleteLogBook(String uuid) {
    open();
    return transaction("delete logbook " + uuid + " from", connection -> {
      update(connection, "DELETE FROM atomdetails WHERE parent_uuid IN"
          + " (SELECT uuid FROM flowdetails WHERE parent_uuid = ?)", uuid);
      update(connection, "DELETE FROM flowdetails WHERE parent_uuid = ?", uuid);
      return update(connection, "DELETE FROM logbooks WHERE uuid = ?", uuid) > 0;
    });
  }

  private static int update(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public Optional<LogBook> logBook(String uuid) {
    open();
    return read("read logbook " + uuid + " from", connection -> {
      List<LogBook> books = queryBooks(connection, BOOK_SELECT + " WHERE uuid = ?", uuid);
      return books.stream().findFirst();
    });
  }

  @Override
  public List<LogBook> logBooks() {
    open();
    return read("read the logbooks of", connection -> queryBooks(connection, BOOK_SELECT + " ORDER BY created_at"));
  }

  private List<LogBook> queryBooks(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        List<LogBook> books = new ArrayList<>();
        while (row.next()) {
          Row r = new Row("logbooks", row);
          Instant[] times = r.times();
          books.add(new LogBook(r.uuid, r.text("name"), r.meta(), times[0], times[1]));
        }
        return books;
      }
    }
  }

  @Override
  public Optional<FlowDetail> flow(String uuid) {
    open();
    return read("read flow detail " + uuid + " from",
        connection -> queryFlows(connection, FLOW_SELECT + " WHERE f.uuid = ?", uuid).stream().findFirst());
  }

  @Override
  public List<FlowDetail> flowsOf(String logBookUuid) {
    open();
    return read("read the flow details of logbook " + logBookUuid + " from", connection ->
        queryFlows(connection, FLOW_SELECT + " WHERE f.parent_uuid = ? ORDER BY f.created_at", logBookUuid));
  }

  private List<FlowDetail> queryFlows(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        List<FlowDetail> flows = new ArrayList<>();
        while (row.next()) {
          flows.add(flowOf(new Row("flowdetails", row)));
        }
        return flows;
      }
    }
  }

  private FlowDetail flowOf(Row r) throws SQLException {
    Instant[] times = r.times();
    // The reference saves a flow detail it has not run yet (as it posts a job's) with no state, and
    // its engine reads that as PENDING.
    FlowState state = r.optionalText("state").isEmpty() ? FlowState.PENDING : r.enumValue("state", FlowState.class);
    return new FlowDetail(r.uuid, r.text("parent_uuid"), r.text("name"), state, r.meta(), times[0], times[1]);
  }

  @Override
  public List<AtomDetail> atoms(String flowUuid) {
    open();
    return read("read the atom details of flow detail " + flowUuid + " from", connection -> {
      try (PreparedStatement statement =
          connection.prepareStatement(ATOM_SELECT + " WHERE parent_uuid = ? ORDER BY created_at")) {
        statement.setString(1, flowUuid);
        try (ResultSet row = statement.executeQuery()) {
          List<AtomDetail> atoms = new ArrayList<>();
          while (row.next()) {
            atoms.add(atomOf(new Row("atomdetails", row)));
          }
          return atoms;
        }
      }
    });
  }

  private AtomDetail atomOf(Row r) throws SQLException {
    Instant[] times = r.times();
    return new AtomDetail(r.uuid, r.text("parent_uuid"), r.text("name"), r.enumValue("atom_type", AtomType.class),
        r.optionalText("version"), r.enumValue("state", AtomState.class), r.enumValue("intention", Intention.class),
        r.json("results"), r.failure("failure"), r.json("revert_results"), r.failure("revert_failure"), r.meta(),
        times[0], times[1]);
  }

  @Override
  public List<FlowSummary> flows(FlowQuery query) {
    open();
    // The page is chosen first, in a derived table, so that atoms are counted for its rows only
    // and the (updated_at, created_at) index can give them in order without sorting every flow.
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (!query.states().isEmpty()) {
      where.append(" AND (f.state IN (").append(String.join(", ", query.states().stream().map(s -> "?").toList()))
          .append(')').append(query.states().contains(FlowState.PENDING) ? " OR f.state IS NULL)" : ")");
    }
    query.nameContains().ifPresent(text -> where.append(" AND ").append(dialect.contains("f.name")));
    query.updatedBefore().ifPresent(instant -> where.append(" AND f.updated_at < ?"));
    query.updatedAfter().ifPresent(instant -> where.append(" AND f.updated_at > ?"));
    String sql = "SELECT p.uuid, p.parent_uuid, p.name, p.state, p.meta, p.created_at, p.updated_at, l.name AS book_name,"
        + " (SELECT COUNT(*) FROM atomdetails a WHERE a.parent_uuid = p.uuid AND a.name <> ?) AS atom_count,"
        + " (SELECT COUNT(*) FROM atomdetails a WHERE a.parent_uuid = p.uuid AND a.name <> ?"
        + " AND a.state = 'SUCCESS') AS success_count"
        + " FROM (SELECT f.uuid, f.parent_uuid, f.name, f.state, f.meta, f.created_at, f.updated_at FROM flowdetails f"
        + where + " ORDER BY f.updated_at DESC, f.created_at DESC LIMIT ?) p"
        + " LEFT JOIN logbooks l ON l.uuid = p.parent_uuid ORDER BY p.updated_at DESC, p.created_at DESC";
    return read("list the flow details of", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int index = 1;
        statement.setString(index++, AtomDetail.INJECTOR_NAME);
        statement.setString(index++, AtomDetail.INJECTOR_NAME);
        for (FlowState state : query.states().stream().sorted().toList()) {
          statement.setString(index++, state.name());
        }
        if (query.nameContains().isPresent()) {
          statement.setString(index++, query.nameContains().get());
        }
        if (query.updatedBefore().isPresent()) {
          dialect.setTimestamp(statement, index++, query.updatedBefore().get());
        }
        if (query.updatedAfter().isPresent()) {
          dialect.setTimestamp(statement, index++, query.updatedAfter().get());
        }
        statement.setInt(index, query.limit());
        try (ResultSet row = statement.executeQuery()) {
          List<FlowSummary> found = new ArrayList<>();
          while (row.next()) {
            Row r = new Row("flowdetails", row);
            String bookName = row.getString("book_name");
            found.add(new FlowSummary(flowOf(r), bookName == null ? "" : bookName, row.getInt("atom_count"),
                row.getInt("success_count")));
          }
          return found;
        }
      }
    });
  }

  // ------------------------------------------------------------------ plumbing

  @Override
  public String describe() {
    return url.description();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      connections.close();
      LOG.debug("closed {}", url.description());
    }
  }

  private void open() {
    if (closed) {
      throw new StoreException("the store " + url.description() + " has been closed");
    }
  }

  private <T> T read(String action, SqlWork<T> work) {
    try {
      return connections.with(work);
    } catch (SQLException e) {
      throw SqlErrors.translate(action, url, e);
    }
  }

  private <T> T transaction(String action, SqlWork<T> work) {
    try {
      return connections.with(connection -> {
        connection.setAutoCommit(false);
        try {
          T outcome = work.run(connection);
          connection.commit();
          return outcome;
        } catch (SQLException | RuntimeException e) {
          try {
            connection.rollback();
          } catch (SQLException rollback) {
            e.addSuppressed(rollback);
          }
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      });
    } catch (SQLException e) {
      throw SqlErrors.translate(action, url, e);
    }
  }

  /** One row being read, with what messages about it need. */
  private final class Row {
    final String table;
    final ResultSet row;
    final String uuid;

    Row(String table, ResultSet row) throws SQLException {
      this.table = table;
      this.row = row;
      String id = row.getString("uuid");
      this.uuid = id == null ? "NULL" : id;
    }

    StoreException malformed(String column, String problem, Throwable cause) {
      return new StoreException("malformed row in table " + table + " of " + url.description() + ": row uuid "
          + uuid + ", column " + column + ": " + problem, cause);
    }

    String text(String column) throws SQLException {
      String value = row.getString(column);
      if (value == null) {
        throw malformed(column, "is NULL", null);
      }
      return value;
    }

    Optional<String> optionalText(String column) throws SQLException {
      return Optional.ofNullable(row.getString(column));
    }

    <E extends Enum<E>> E enumValue(String column, Class<E> type) throws SQLException {
      String value = text(column);
      try {
        return Enum.valueOf(type, value);
      } catch (IllegalArgumentException e) {
        throw malformed(column, "unknown value '" + abbreviate(value) + "'", e);
      }
    }

    Instant[] times() throws SQLException {
      Instant created = time("created_at");
      Instant updated = time("updated_at");
      if (created == null && updated == null) {
        throw malformed("created_at", "is NULL, and so is updated_at", null);
      }
      // The reference leaves updated_at NULL until a row's first update.
      return new Instant[] {created == null ? updated : created, updated == null ? created : updated};
    }

    private Instant time(String column) throws SQLException {
      try {
        return dialect.getTimestamp(row, column);
      } catch (DateTimeParseException e) {
        throw malformed(column, "not a timestamp: '" + abbreviate(e.getParsedString()) + "'", e);
      }
    }

    Optional<Object> json(String column) throws SQLException {
      String text = row.getString(column);
      if (text == null) {
        return Optional.empty();
      }
      try {
        return Optional.ofNullable(json.read(text));
      } catch (JsonProcessingException e) {
        throw malformed(column, "malformed JSON: " + e.getOriginalMessage(), e);
      }
    }

    Map<String, Object> meta() throws SQLException {
      Optional<Object> value = json("meta");
      if (value.isEmpty()) {
        return Map.of();
      }
      if (!(value.get() instanceof Map<?, ?> map)) {
        throw malformed("meta", "a JSON object was expected, found " + kind(value.get()), null);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> meta = (Map<String, Object>) map;
      return meta;
    }

    Optional<Failure> failure(String column) throws SQLException {
      Optional<Object> value = json(column);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      if (!(value.get() instanceof Map<?, ?> map)) {
        throw malformed(column, "a failure dictionary (JSON object) was expected, found " + kind(value.get()), null);
      }
      try {
        @SuppressWarnings("unchecked")
        Map<String, ?> dictionary = (Map<String, ?>) map;
        return Optional.of(Failure.fromDict(dictionary, column));
      } catch (RuntimeException e) {
        throw malformed(column, "not a valid failure dictionary: " + e.getMessage(), e);
      }
    }
  }

  private static String kind(Object value) {
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return value.getClass().getSimpleName();
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
