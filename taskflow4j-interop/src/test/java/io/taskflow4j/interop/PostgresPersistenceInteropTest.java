package io.taskflow4j.interop;

/**
 * Persistence interop with the reference on PostgreSQL (driver psycopg2), in two fresh databases
 * on the server {@code TASKFLOW4J_POSTGRES_URL} names (default {@code
 * postgresql://postgres@127.0.0.1:5432/postgres}). Skipped when no server answers, unless {@code
 * TASKFLOW4J_REQUIRE_POSTGRES=true}.
 */
class PostgresPersistenceInteropTest extends PersistenceInteropContract {

  private final InteropDatabase.Server server = InteropDatabase.Server.postgres();

  @Override
  String what() {
    return server.what();
  }

  @Override
  String[] pythonModules() {
    return new String[] {"psycopg2"};
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
