/**
 * Small tasks that ship with the {@code taskflow} command, for trying flows out and for demos:
 * {@link io.taskflow4j.examples.Sleep}, {@link io.taskflow4j.examples.Echo}, {@link
 * io.taskflow4j.examples.Add}, {@link io.taskflow4j.examples.Fail} and {@link
 * io.taskflow4j.examples.Undoable}. Flow files name them by their short names ({@link
 * io.taskflow4j.examples.ExampleTasks}). Their arguments and results are JSON values, so they work
 * the same on remote workers.
 */
package io.taskflow4j.examples;
