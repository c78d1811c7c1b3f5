package io.taskflow4j.store.jdbc;

import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.store.jdbc.internal.StoreOpener;

/**
 * Opens a {@link FlowStore} from a URL. The SQL stores keep their rows in the reference's tables
 * ({@code logbooks}, {@code flowdetails}, {@code atomdetails}), create and migrate them with
 * Flyway on first use (history table {@code taskflow4j_schema_history}), and adopt a database the
 * reference already wrote without changing its rows.
 *
 * <p>Accepted URLs:
 *
 * <ul>
 *   <li>{@code memory}: {@link FlowStore#inMemory()};
 *   <li>{@code sqlite:PATH}, relative or absolute; also SQLAlchemy's {@code
 *       sqlite:///relative/path} and {@code sqlite:////absolute/path}, and {@code jdbc:sqlite:PATH}.
 *       The SQLite store uses one connection in WAL mode with a busy timeout and foreign keys on;
 *       it is safe for one process at a time;
 *   <li>{@code postgresql://user[:password]@host[:port]/database} (also {@code postgres://}, and
 *       {@code jdbc:postgresql:...});
 *   <li>{@code mysql://user[:password]@host[:port]/database} (also {@code mariadb://}, {@code
 *       jdbc:mariadb:...} and {@code jdbc:mysql:...}), through the MariaDB driver.
 * </ul>
 *
 * <p>Special characters of a password are percent-encoded. Passwords never appear in {@link
 * FlowStore#describe()} or in messages.
 *
 * <p>Thread-safety: the methods are thread-safe, and so are the stores they open.
 */
public final class FlowStores {

  private FlowStores() {}

  /**
   * Opens the store a URL names, with the default options, creating or migrating its tables.
   *
   * @param url such as {@code sqlite:flows.db} or {@code postgresql://app@db.example:5432/flows}
   * @return the open store; close it when done
   * @throws StoreException when the scheme is unknown (the message lists the accepted forms), the
   *     database is unreachable, the password is wrong, the database does not exist, the user
   *     may not write, or the schema is newer than this version understands
   */
  public static FlowStore open(String url) {
    return open(url, JdbcStoreOptions.defaults());
  }

  /**
   * Opens the store a URL names.
   *
   * @param url as for {@link #open(String)}
   * @param options pool size and connect timeout
   * @return the open store; close it when done
   * @throws StoreException as for {@link #open(String)}
   */
  public static FlowStore open(String url, JdbcStoreOptions options) {
    return StoreOpener.open(url, options.poolSize(), options.connectTimeout());
  }
}
