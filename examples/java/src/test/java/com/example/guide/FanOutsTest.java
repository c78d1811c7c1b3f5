package com.example.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.engine.Engine;
import io.taskflow4j.engine.FlowFailedException;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's map, reduce and fan-out examples, run against the installed taskflow4j. */
class FanOutsTest {

  @Test
  void theMapAndReduceTasksAddTheLengthsOfTwoNames() {
    try (Engine engine = Engine.builder(FanOuts.nameLength()).input("first", "Ada").input("last", "Lovelace").build()) {
      engine.run();
      assertThat(engine.result("first_length")).contains(3);
      assertThat(engine.result("total")).contains(11);
    }
  }

  @Test
  void theFanOutGathersOneThumbnailPerImageAndRevertsThemWhenALaterTaskFails() {
    try (Engine engine = Engine.builder(FanOuts.thumbnails(List.of("a.png", "b.png"))).build()) {
      engine.run();
      assertThat(engine.result("thumbnails")).contains(List.of("thumb-a.png", "thumb-b.png"));
    }
    Task publish = Task.builder("publish").requires("thumbnails").execute(ctx -> {
      throw new IllegalStateException("no space left");
    }).build();
    FanOuts.MADE.clear();
    try (Engine engine = Engine.builder(
        Flow.linear("album").add(FanOuts.thumbnails(List.of("c.png", "d.png")), publish)).build()) {
      assertThatThrownBy(engine::run).isInstanceOf(FlowFailedException.class);
    }
    assertThat(FanOuts.MADE).isEmpty();
  }
}
