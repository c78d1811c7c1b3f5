package io.taskflow4j.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.remote.RemoteTaskExecutor;
import io.taskflow4j.task.Task;
import io.taskflow4j.transport.memory.InMemoryBroker;
import io.taskflow4j.worker.Worker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The workers page lists the workers a remote executor heard answer, with the tasks each serves. */
class WorkersPageTest {

  @Test
  void theWorkersPageListsEachTopicWithTheTasksItServes() throws Exception {
    try (InMemoryBroker broker = InMemoryBroker.create();
        FlowStore store = FlowStore.inMemory();
        Worker worker = Worker.builder(broker.transport()).exchange("dash").topic("resizers")
            .serve("images.Resize", name -> Task.builder(name).execute(ctx -> "resized").build())
            .serve("images.Crop", name -> Task.builder(name).execute(ctx -> "cropped").build())
            .build();
        RemoteTaskExecutor executor = RemoteTaskExecutor.builder(broker.transport()).exchange("dash")
            .topics("resizers").build()) {
      worker.start();
      executor.start();
      await().until(() -> !executor.workers().isEmpty());

      try (Dashboard dashboard = Dashboard.builder(store).port(0).workers(executor).start()) {
        String page = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(dashboard.uri().resolve("/workers")).build(), HttpResponse.BodyHandlers.ofString()).body();

        assertThat(page).contains("data-topic=\"resizers\"", "images.Crop", "images.Resize", "ago");
      }
    }
  }
}
