package io.taskflow4j.interop;

/**
 * Persistence interop with the reference on MariaDB (driver pymysql, {@code mysql+pymysql://}), in two fresh databases
 * on the server {@code TASKFLOW4J_MARIADB_URL} names (default {@code
 * mariadb://root@127.0.0.1:3306/mysql}). Skipped when no server answers, unless {@code
 * TASKFLOW4J_REQUIRE_MARIADB=true}.
 */
class MariaDbPersistenceInteropTest extends PersistenceInteropContract {

  private final InteropDatabase.Server server = InteropDatabase.Server.mariaDb();

  @Override
  String what() {
    return server.what();
  }

  @Override
  String[] pythonModules() {
    return new String[] {"pymysql"};
  }

  private boolean reachable;

  @Override
  void requireServer() {
    if (!reachable) {
      server.drop(server.create());
      reachable = true;
    }
  }

  @Override
  InteropDatabase newDatabase(String purpose) {
    return server.create();
  }

  @Override
  void dropDatabase(InteropDatabase database) {
    server.drop(database);
  }
}
