package io.taskflow4j.cli.demo;

import io.taskflow4j.flow.Flow;
import io.taskflow4j.flow.LinearFlow;
import io.taskflow4j.flow.UnorderedFlow;
import io.taskflow4j.retry.Backoff;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.task.Task;
import io.taskflow4j.task.TaskSpec;
import io.taskflow4j.transport.Transport;
import io.taskflow4j.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The demo's flow, publishing a video, and the two workers that serve its tasks:
 *
 * <pre>
 * publish-video (linear)
 *   fetch-upload                                      media worker
 *   renditions (unordered: in parallel)
 *     transcode-1080p, transcode-720p, transcode-480p media worker
 *     extract-thumbnail                               media worker
 *   publish (linear, retried up to 3 times)
 *     upload-to-cdn                                   delivery worker; the CDN is down once
 *   notify-subscribers                                delivery worker
 * </pre>
 *
 * <p>The engine knows the tasks only by the names workers serve them under ({@link
 * Task#remote}); the workers create the real tasks. Stateless.
 */
public final class DemoFlow {

  /** The exchange the demo's workers and engine use. */
  public static final String EXCHANGE = "taskflow-demo";

  /** The topic of the worker that fetches, transcodes and makes thumbnails. */
  public static final String MEDIA_TOPIC = "media";

  /** The topic of the worker that publishes and notifies. */
  public static final String DELIVERY_TOPIC = "delivery";

  /** The outermost flow's name. */
  public static final String FLOW_NAME = "publish-video";

  /** The flow with a retry controller. */
  public static final String RETRIED_FLOW = "publish";

  /** How many attempts the retried flow gets. */
  public static final int ATTEMPTS = 3;

  /** The video the demo publishes. */
  public static final String VIDEO = "holiday-2024";

  /**
   * One task of the demo.
   *
   * @param name its name in the flow
   * @param topic the topic of the worker that serves it
   * @param create makes the real task, on the worker, from its name
   * @param inject fixed arguments
   * @param provides the name its result is stored under
   */
  public record Step(
      String name,
      String topic,
      BiFunction<String, DemoWorld, SimulatedTask> create,
      Map<String, Object> inject,
      String provides) {

    /**
     * Checks and copies the components.
     *
     * @param name its name in the flow
     * @param topic the topic of the worker that serves it
     * @param create makes the real task, on the worker, from its name
     * @param inject fixed arguments
     * @param provides the name its result is stored under
     */
    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(create, "create");
      inject = Map.copyOf(inject);
      Objects.requireNonNull(provides, "provides");
    }

    /**
     * The task as the engine knows it: the name workers serve it under, the task's own requires,
     * and this step's name, inject and provides.
     *
     * @param world the world (only to make a task to read its class and requires from)
     * @return a task that only a worker can run
     */
    public Task remoteTask(DemoWorld world) {
      SimulatedTask real = create.apply(name, world);
      TaskSpec.Builder spec = TaskSpec.builder(name).requires(real.spec().requires()).provides(provides);
      inject.forEach(spec::inject);
      return Task.remote(real.remoteName(), spec.build());
    }
  }

  private static final List<Step> STEPS =
      List.of(
          new Step("fetch-upload", MEDIA_TOPIC, FetchUpload::new, Map.of(), "source"),
          new Step("transcode-1080p", MEDIA_TOPIC, Transcode::new, Map.of("rendition", "1080p"), "video_1080p"),
          new Step("transcode-720p", MEDIA_TOPIC, Transcode::new, Map.of("rendition", "720p"), "video_720p"),
          new Step("transcode-480p", MEDIA_TOPIC, Transcode::new, Map.of("rendition", "480p"), "video_480p"),
          new Step("extract-thumbnail", MEDIA_TOPIC, ExtractThumbnail::new, Map.of(), "thumbnail"),
          new Step("upload-to-cdn", DELIVERY_TOPIC, PublishToCdn::new, Map.of(), "url"),
          new Step("notify-subscribers", DELIVERY_TOPIC, NotifySubscribers::new, Map.of(), "notified"));

  private DemoFlow() {}

  /**
   * The demo's tasks, in flow order.
   *
   * @return the steps
   */
  public static List<Step> steps() {
    return STEPS;
  }

  /**
   * The names of the demo's tasks, in flow order: what {@code --fail-at} accepts.
   *
   * @return the names
   */
  public static List<String> taskNames() {
    return STEPS.stream().map(Step::name).toList();
  }

  /**
   * The flow's inputs.
   *
   * @return {@code video}
   */
  public static Map<String, Object> inputs() {
    return Map.of("video", VIDEO);
  }

  /**
   * Builds the flow as the engine sees it: tasks known only by their remote names.
   *
   * @param world the simulated world, for the retry's backoff at its speed
   * @return a new flow
   */
  public static Flow flow(DemoWorld world) {
    Map<String, Task> tasks = new LinkedHashMap<>();
    for (Step step : STEPS) {
      tasks.put(step.name(), step.remoteTask(world));
    }
    UnorderedFlow renditions =
        Flow.unordered("renditions")
            .add(
                tasks.get("transcode-1080p"),
                tasks.get("transcode-720p"),
                tasks.get("transcode-480p"),
                tasks.get("extract-thumbnail"));
    LinearFlow publish =
        Flow.linear(RETRIED_FLOW)
            .retry(Retry.times(ATTEMPTS).withBackoff(Backoff.fixed(world.scaled(0.2))))
            .add(tasks.get("upload-to-cdn"));
    return Flow.linear(FLOW_NAME)
        .add(tasks.get("fetch-upload"), renditions, publish, tasks.get("notify-subscribers"));
  }

  /**
   * Builds the worker for a topic, serving the tasks of the steps on that topic, each wrapped to
   * say which worker ran it ({@link ServedBy}).
   *
   * @param transport its connection to the broker
   * @param topic {@link #MEDIA_TOPIC} or {@link #DELIVERY_TOPIC}
   * @param world the simulated world the tasks act on
   * @return the worker, not started
   */
  public static Worker worker(Transport transport, String topic, DemoWorld world) {
    Worker.Builder builder =
        Worker.builder(transport)
            .exchange(EXCHANGE)
            .topic(topic)
            .threads(4)
            .heartbeatInterval(Duration.ofSeconds(1));
    Set<String> served = new LinkedHashSet<>();
    List<Step> mine = new ArrayList<>();
    for (Step step : STEPS) {
      if (step.topic().equals(topic)) {
        mine.add(step);
      }
    }
    for (Step step : mine) {
      String remoteName = step.create().apply(step.name(), world).remoteName();
      if (served.add(remoteName)) {
        BiFunction<String, DemoWorld, SimulatedTask> create = step.create();
        builder.serve(remoteName, name -> new ServedBy(create.apply(name, world), topic));
      }
    }
    return builder.build();
  }
}
