package io.taskflow4j.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's "Seeing your flows" example, run: a dashboard embedded in an application. */
class GuideExampleTest {

  @TempDir Path directory;

  @Test
  void anApplicationServesTheDashboardOfItsStore() throws Exception {
    try (FlowStore store = FlowStores.open("sqlite:" + directory.resolve("flows.db"))) {
      try (Engine engine = Engine.builder(SampleFlows.provision()).store(store).build()) {
        assertThat(engine.run()).isEqualTo(FlowState.SUCCESS);
      }

      try (Dashboard dashboard = Dashboard.builder(store)
          .port(0)                      // any free port; the default is 8470
          .start()) {
        String page = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(dashboard.uri().resolve("/flows")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("provision-vm");
      }
    }
  }
}
