package io.taskflow4j;

/**
 * Something that can be added to a flow: a {@link io.taskflow4j.task.Task} or a nested {@link
 * io.taskflow4j.flow.Flow}. Only those two kinds are accepted by flows.
 */
public interface FlowElement {

  /**
   * The element's name, unique among all atoms and flows of the outermost flow.
   *
   * @return the name, never blank
   */
  String name();
}
