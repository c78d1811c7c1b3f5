package io.taskflow4j.jobs.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.jobs.JobBoardException;
import org.junit.jupiter.api.Test;

/** Board URLs are parsed into what pgjdbc needs, and no message or description shows a password. */
class PgUrlTest {

  @Test
  void theUrlFormsGiveTheJdbcUrlCredentialsAndADescriptionWithoutThePassword() {
    PgUrl plain = PgUrl.parse("postgresql://app:p%40ss@db.internal/flows?sslmode=require");
    assertThat(plain.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/flows?sslmode=require");
    assertThat(plain.user()).contains("app");
    assertThat(plain.password()).contains("p@ss");
    assertThat(plain.description()).isEqualTo("postgresql://app@db.internal:5432/flows");
    assertThat(plain.toString()).isEqualTo(plain.description());

    assertThat(PgUrl.parse("postgres://app@127.0.0.1:5433/flows").description())
        .isEqualTo("postgresql://app@127.0.0.1:5433/flows");

    PgUrl jdbc = PgUrl.parse("jdbc:postgresql://db:6543/flows?user=app&password=s3cret");
    assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/flows?user=app&password=s3cret");
    assertThat(jdbc.user()).contains("app");
    assertThat(jdbc.password()).contains("s3cret");
    assertThat(jdbc.description()).isEqualTo("postgresql://app@db:6543/flows").doesNotContain("s3cret");
  }

  @Test
  void malformedUrlsAreRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> PgUrl.parse("postgresql://app:s3cret@db"))
        .isInstanceOf(JobBoardException.class).hasMessageContaining("not of the form")
        .hasMessageContaining("postgresql://app:****@db").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> PgUrl.parse("jdbc:postgresql://db/?user=app&password=s3cret"))
        .isInstanceOf(JobBoardException.class).hasMessageContaining("not of the form")
        .hasMessageContaining("password=****").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> PgUrl.parse("postgresql://app@db:70000/flows"))
        .isInstanceOf(JobBoardException.class).hasMessageContaining("port 70000");
    assertThatThrownBy(() -> PgUrl.parse("postgresql://app@db/flows;drop"))
        .isInstanceOf(JobBoardException.class).hasMessageContaining("database 'flows;drop'");
    assertThatThrownBy(() -> PgUrl.parse("jdbc:mysql://db/flows"))
        .isInstanceOf(JobBoardException.class).hasMessageContaining("another database");
  }
}
