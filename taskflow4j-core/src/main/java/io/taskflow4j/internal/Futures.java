package io.taskflow4j.internal;

import java.util.concurrent.CompletionException;

/** Helpers for {@link java.util.concurrent.CompletableFuture}s. Stateless. */
public final class Futures {

  private Futures() {}

  /**
   * The failure a dependent stage was completed with, without the {@link CompletionException}
   * that wraps it there.
   *
   * @param error what the stage saw
   * @return its cause when it is a wrapping {@code CompletionException}, else the error itself
   */
  public static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
