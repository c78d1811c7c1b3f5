package io.taskflow4j.engine;

import io.taskflow4j.listener.AtomStateChange;
import io.taskflow4j.listener.FlowListener;
import io.taskflow4j.listener.FlowStateChange;
import io.taskflow4j.listener.TaskEvent;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Test helper: records what tasks did and what listeners heard. Thread-safe. */
final class Recorder implements FlowListener {

  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final List<AtomStateChange> atomChanges = Collections.synchronizedList(new ArrayList<>());
  final List<FlowStateChange> flowChanges = Collections.synchronizedList(new ArrayList<>());
  final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());

  Task task(String name, String... provides) {
    return Task.builder(name)
        .provides(provides)
        .execute(ctx -> {
          log.add("execute " + name);
          return name;
        })
        .revert(ctx -> log.add("revert " + name))
        .build();
  }

  Task failing(String name) {
    return Task.builder(name)
        .execute(ctx -> {
          log.add("execute " + name);
          throw new IllegalStateException(name + " broke");
        })
        .revert(ctx -> log.add("revert " + name))
        .build();
  }

  List<String> executed() {
    return log.stream().filter(s -> s.startsWith("execute ")).map(s -> s.substring(8)).toList();
  }

  List<String> reverted() {
    return log.stream().filter(s -> s.startsWith("revert ")).map(s -> s.substring(7)).toList();
  }

  List<AtomState> statesOf(String atom) {
    synchronized (atomChanges) {
      return atomChanges.stream().filter(c -> c.atomName().equals(atom)).map(AtomStateChange::to).toList();
    }
  }

  @Override
  public void onAtomStateChange(AtomStateChange change) {
    atomChanges.add(change);
  }

  @Override
  public void onFlowStateChange(FlowStateChange change) {
    flowChanges.add(change);
  }

  @Override
  public void onTaskEvent(TaskEvent event) {
    events.add(event);
  }
}
