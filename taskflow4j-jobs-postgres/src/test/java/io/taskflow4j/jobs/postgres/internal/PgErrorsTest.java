package io.taskflow4j.jobs.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.jobs.JobBoardException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Driver errors become messages naming the board and what is wrong. The live cases (no server, no
 * such database) are in PostgresJobBoardTest; a refused password is here because the test server
 * trusts every user.
 */
class PgErrorsTest {

  @Test
  void driverErrorsAreNamedByWhatWentWrongAndLoseThePassword() {
    PgUrl url = PgUrl.parse("postgresql://app:s3cret@db:5432/flows");

    JobBoardException refused = PgErrors.translate("connect to", url,
        new SQLException("FATAL: password authentication failed for user \"app\" (s3cret)", "28P01"));
    assertThat(refused).hasMessageContaining("refused the user name or password of postgresql://app@db:5432/flows")
        .hasMessageNotContaining("s3cret");

    assertThat(PgErrors.translate("connect to", url, new SQLException("FATAL: database \"flows\" does not exist", "3D000")))
        .hasMessageContaining("the database of job board postgresql://app@db:5432/flows does not exist");

    assertThat(PgErrors.translate("connect to", url,
            new RuntimeException("pool", new SQLException("Connection refused", "08001", new ConnectException("refused")))))
        .hasMessageContaining("cannot reach the job board's database server (postgresql://app@db:5432/flows)");

    PgUrl jdbc = PgUrl.parse("jdbc:postgresql://db/flows?user=app&password=s3cret");
    assertThat(PgErrors.translate("post a job on", jdbc,
            new SQLException("bad url jdbc:postgresql://db/flows?user=app&password=s3cret", "XX000")))
        .hasMessageContaining("could not post a job on job board postgresql://app@db:5432/flows")
        .hasMessageNotContaining("s3cret");
  }
}
