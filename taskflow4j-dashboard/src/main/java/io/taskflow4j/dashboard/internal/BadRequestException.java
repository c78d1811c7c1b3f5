package io.taskflow4j.dashboard.internal;

import io.taskflow4j.dashboard.DashboardException;

/** A request the dashboard refuses, with the status and the message its error page shows. */
final class BadRequestException extends DashboardException {

  private static final long serialVersionUID = 1L;

  private final int status;

  BadRequestException(String message) {
    this(400, message);
  }

  BadRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
