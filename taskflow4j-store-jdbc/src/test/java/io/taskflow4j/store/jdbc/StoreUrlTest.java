package io.taskflow4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.persistence.StoreException;
import io.taskflow4j.store.jdbc.internal.Dialect;
import io.taskflow4j.store.jdbc.internal.StoreUrl;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How store URLs are taken apart. */
class StoreUrlTest {

  @Test
  void memoryNeedsNoDatabase() {
    assertThat(StoreUrl.parse("memory").kind()).isEqualTo(StoreUrl.Kind.MEMORY);
    assertThat(FlowStores.open("memory").describe()).isEqualTo("memory");
  }

  @Test
  void sqlitePathsMayBeRelativeOrAbsolute() {
    Path cwd = Path.of("").toAbsolutePath();
    assertThat(StoreUrl.parse("sqlite:flows.db").sqlitePath()).contains(cwd.resolve("flows.db"));
    assertThat(StoreUrl.parse("sqlite:/var/lib/app/flows.db").sqlitePath()).contains(Path.of("/var/lib/app/flows.db"));
    assertThat(StoreUrl.parse("sqlite:///data/flows.db").sqlitePath()).contains(cwd.resolve("data/flows.db"));
    assertThat(StoreUrl.parse("sqlite:////var/lib/app/flows.db").sqlitePath()).contains(Path.of("/var/lib/app/flows.db"));
    assertThat(StoreUrl.parse("jdbc:sqlite:/tmp/x.db").sqlitePath()).contains(Path.of("/tmp/x.db"));
    StoreUrl url = StoreUrl.parse("sqlite:/tmp/x.db");
    assertThat(url.dialect()).contains(Dialect.SQLITE);
    assertThat(url.jdbcUrl()).contains("jdbc:sqlite:/tmp/x.db");
    assertThat(url.description()).isEqualTo("sqlite:/tmp/x.db");
  }

  @Test
  void sqliteUrlsWithAHostOrNoFileAreRefused() {
    assertThatThrownBy(() -> StoreUrl.parse("sqlite://host/x.db")).isInstanceOf(StoreException.class)
        .hasMessageContaining("names a host");
    assertThatThrownBy(() -> StoreUrl.parse("sqlite:")).isInstanceOf(StoreException.class)
        .hasMessageContaining("names no file");
  }

  @Test
  void postgresUrlsGiveAJdbcUrlAndCredentialsApart() {
    StoreUrl url = StoreUrl.parse("postgresql://app:p%40ss%3Aword@db.example:6543/flows?sslmode=require");
    assertThat(url.dialect()).contains(Dialect.POSTGRESQL);
    assertThat(url.jdbcUrl()).contains("jdbc:postgresql://db.example:6543/flows?sslmode=require");
    assertThat(url.user()).contains("app");
    assertThat(url.password()).contains("p@ss:word");
    assertThat(url.server()).contains("db.example:6543");
    assertThat(url.database()).contains("flows");
    assertThat(url.description()).isEqualTo("postgresql://app@db.example:6543/flows?sslmode=require");

    StoreUrl shorter = StoreUrl.parse("postgres://app@db/flows");
    assertThat(shorter.jdbcUrl()).contains("jdbc:postgresql://db:5432/flows");
    assertThat(shorter.password()).isEmpty();
    assertThat(StoreUrl.parse("postgresql+psycopg2://app@db/flows").dialect()).contains(Dialect.POSTGRESQL);
  }

  @Test
  void mysqlAndMariaDbUrlsUseTheMariaDbDriver() {
    StoreUrl url = StoreUrl.parse("mysql://root:secret@127.0.0.1/test");
    assertThat(url.dialect()).contains(Dialect.MARIADB);
    assertThat(url.jdbcUrl()).contains("jdbc:mariadb://127.0.0.1:3306/test");
    assertThat(url.description()).isEqualTo("mysql://root@127.0.0.1:3306/test").doesNotContain("secret");
    assertThat(StoreUrl.parse("mariadb://root@h:3307/d").jdbcUrl()).contains("jdbc:mariadb://h:3307/d");
    assertThat(StoreUrl.parse("mysql+pymysql://root@h/d").dialect()).contains(Dialect.MARIADB);
  }

  @Test
  void plainJdbcUrlsArePassedThroughWithPasswordsHiddenFromDescriptions() {
    StoreUrl pg = StoreUrl.parse("jdbc:postgresql://h:5432/d?user=u&password=secret");
    assertThat(pg.dialect()).contains(Dialect.POSTGRESQL);
    assertThat(pg.jdbcUrl()).contains("jdbc:postgresql://h:5432/d?user=u&password=secret");
    assertThat(pg.description()).isEqualTo("jdbc:postgresql://h:5432/d?user=u&password=***");
    assertThat(pg.server()).contains("h:5432");
    assertThat(StoreUrl.parse("jdbc:mysql://h/d").jdbcUrl()).contains("jdbc:mariadb://h/d");
    assertThat(StoreUrl.parse("jdbc:mysql://h/d").server()).contains("h:3306");
    assertThat(StoreUrl.parse("jdbc:mariadb://h:3307/d").dialect()).contains(Dialect.MARIADB);
  }

  @Test
  void anUnknownSchemeIsNamedWithTheAcceptedForms() {
    assertThatThrownBy(() -> FlowStores.open("redis://localhost/0"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("unknown store URL scheme 'redis'")
        .hasMessageContaining("sqlite:PATH")
        .hasMessageContaining("postgresql://")
        .hasMessageContaining("mysql://");
    assertThatThrownBy(() -> FlowStores.open("jdbc:oracle:thin:@h:1521:x"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'jdbc:oracle'");
    assertThatThrownBy(() -> FlowStores.open("flows.db"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("unknown store URL scheme 'flows.db'");
  }

  @Test
  void serverUrlsNeedAHostAndADatabase() {
    assertThatThrownBy(() -> StoreUrl.parse("postgresql://app@db")).isInstanceOf(StoreException.class)
        .hasMessageContaining("needs a host and a database");
    assertThatThrownBy(() -> StoreUrl.parse("postgresql://app:pass word@db/x")).isInstanceOf(StoreException.class)
        .hasMessageNotContaining("pass word");
  }
}
