package com.example.guide;

import io.taskflow4j.flow.FanOut;
import io.taskflow4j.flow.Flow;
import io.taskflow4j.task.MapTask;
import io.taskflow4j.task.ReduceTask;
import io.taskflow4j.task.Task;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The guide's map, reduce and fan-out examples ("Map, reduce and fan-out"). */
public final class FanOuts {

  /** The thumbnails made and not yet deleted, standing for files on a disk. */
  public static final Set<String> MADE = ConcurrentHashMap.newKeySet();

  private FanOuts() {}

  /**
   * The length of two names, then their sum.
   *
   * @return a linear flow requiring first and last, providing total
   */
  public static Flow nameLength() {
    Task lengths = MapTask.builder("lengths", String.class, String::length)
        .requires("first", "last")
        .provides("first_length", "last_length")     // or one name for the whole list
        .build();
    Task total = ReduceTask.builder("total", Integer.class, Integer::sum)
        .requires("first_length", "last_length")
        .provides("total")
        .build();
    return Flow.linear("name-length").add(lengths, total);
  }

  /**
   * One thumbnail per image, made in parallel, gathered into one list.
   *
   * @param images the images
   * @return the fan-out's flow, providing thumbnails
   */
  public static Flow thumbnails(List<String> images) {
    Flow thumbnails = FanOut.over("resize", images)
        .execute((image, ctx) -> makeThumbnail(image))
        .revert((image, ctx) -> MADE.remove("thumb-" + image))
        .provides("thumbnails")           // ["thumb-a.png", "thumb-b.png", ...], in the images' order
        .build();
    return thumbnails;
  }

  private static String makeThumbnail(String image) {
    MADE.add("thumb-" + image);
    return "thumb-" + image;
  }
}
