package io.taskflow4j.store.jdbc.internal;

import io.taskflow4j.persistence.StoreException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Turns driver errors into {@link StoreException}s that say what went wrong in words: unreachable
 * server, wrong password, unknown database, no permission. Messages never carry the password.
 * Stateless and thread-safe.
 */
final class SqlErrors {

  private SqlErrors() {}

  /**
   * A store exception for an error met while doing {@code action} on the store at {@code url}.
   *
   * @param action such as {@code "save changes to"}
   * @param url the store
   * @param error the error
   * @return the exception to throw
   */
  static StoreException translate(String action, StoreUrl url, Throwable error) {
    String where = url.description();
    String server = url.server().orElse(where);
    Optional<SQLException> sql = find(error, SQLException.class);
    String state = sql.map(SQLException::getSQLState).orElse("");
    state = state == null ? "" : state;
    int code = sql.map(SQLException::getErrorCode).orElse(0);
    String detail = clean(url, sql.<Throwable>map(e -> e).orElse(error));
    String message;
    if (find(error, UnknownHostException.class).isPresent()) {
      message = "cannot reach the database server at " + server + " (" + where + "): unknown host";
    } else if (find(error, ConnectException.class).isPresent() || find(error, NoRouteToHostException.class).isPresent()
        || find(error, SocketTimeoutException.class).isPresent() || state.startsWith("08")) {
      message = "cannot reach the database server at " + server + " (" + where + "): " + detail;
    } else if (state.equals("28P01") || state.equals("28000") || code == 1045) {
      message = "the database server at " + server + " refused the user name or password of " + where + ": " + detail;
    } else if (state.equals("3D000") || code == 1049) {
      message = "database '" + url.database().orElse("?") + "' does not exist on " + server + " (" + where + "): "
          + detail;
    } else if (state.equals("42501") || code == 1142 || code == 1044 || code == 1227) {
      message = "no permission to " + action + " " + where + ": " + detail;
    } else if (url.dialect().orElse(null) == Dialect.SQLITE && isReadOnly(detail)) {
      message = "cannot write to " + where + ": " + detail;
    } else {
      message = "could not " + action + " " + where + ": " + detail;
    }
    return new StoreException(message, error);
  }

  private static boolean isReadOnly(String detail) {
    return detail.contains("SQLITE_READONLY") || detail.contains("SQLITE_CANTOPEN") || detail.contains("SQLITE_PERM");
  }

  /** The error's message with the URL's password, if any, taken out. */
  static String clean(StoreUrl url, Throwable error) {
    String text = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    if (error instanceof SQLException sql && sql.getNextException() != null
        && sql.getNextException().getMessage() != null && !text.contains(sql.getNextException().getMessage())) {
      text = text + " (" + sql.getNextException().getMessage() + ")";
    }
    if (url.password().isPresent() && !url.password().get().isEmpty()) {
      text = text.replace(url.password().get(), "***");
    }
    return StoreUrl.redact(text);
  }

  private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < 20; depth++) {
      if (type.isInstance(current)) {
        return Optional.of(type.cast(current));
      }
      if (current instanceof SQLException sql && sql.getNextException() != null && type == SQLException.class) {
        return Optional.of(type.cast(sql));
      }
      current = current.getCause();
    }
    return Optional.empty();
  }
}
