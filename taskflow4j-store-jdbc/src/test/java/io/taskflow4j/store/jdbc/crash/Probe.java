package io.taskflow4j.store.jdbc.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link CrashChild}'s tasks and store report to: counts executes, reverts and commits,
 * appends {@code execute NAME} / {@code revert NAME} lines to the side file (forced to disk before
 * the work is done, so a SIGKILL loses none), and stops at the kill point: it prints {@code
 * killpoint SPEC} on stdout and sleeps until the parent kills the process.
 */
final class Probe {

  /** How long the child waits at its kill point for the parent's SIGKILL before it gives up. */
  static final long KILL_WAIT_SECONDS = 10;
  /** The exit status of a child that reached its kill point and was not killed. */
  static final int NOT_KILLED = 3;

  private final KillPoint killPoint;
  private final FileChannel side;
  private final AtomicInteger executes = new AtomicInteger();
  private final AtomicInteger reverts = new AtomicInteger();
  private final AtomicInteger commits = new AtomicInteger();

  Probe(KillPoint killPoint, Path sideFile) {
    this.killPoint = killPoint;
    try {
      this.side = FileChannel.open(sideFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open side file " + sideFile, e);
    }
  }

  /** Appends a line to the side file and forces it to disk. */
  synchronized void record(String line) {
    try {
      ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        side.write(bytes);
      }
      side.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the side file", e);
    }
  }

  int nextExecute() {
    return executes.incrementAndGet();
  }

  int nextRevert() {
    return reverts.incrementAndGet();
  }

  int nextCommit() {
    return commits.incrementAndGet();
  }

  String counts() {
    return "executes=" + executes.get() + " reverts=" + reverts.get() + " commits=" + commits.get();
  }

  /** Stops here, until killed, when this is the kill point. */
  void at(KillPoint.Event event, boolean after, int ordinal) {
    if (!killPoint.is(event, after, ordinal)) {
      return;
    }
    synchronized (System.out) {
      System.out.println("killpoint " + killPoint);
      System.out.flush();
    }
    try {
      TimeUnit.SECONDS.sleep(KILL_WAIT_SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.println("not killed at " + killPoint);
    System.out.flush();
    Runtime.getRuntime().halt(NOT_KILLED);
  }
}
