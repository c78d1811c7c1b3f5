package io.taskflow4j.cli.run;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Catches SIGINT (Ctrl-C) and SIGTERM while a flow runs: the first one calls an action (the
 * command suspends the engine: no new atoms start, running ones finish) and is remembered; a
 * second one halts the process at once with 128 + the signal's number, as a shell expects, leaving
 * the store showing what was running.
 *
 * <p>Why {@code sun.misc.Signal}, reached by reflection: a JVM shutdown hook cannot see a second
 * Ctrl-C (the JVM ignores signals once it is shutting down, so "press again to quit" would hang)
 * and cannot tell SIGINT from SIGTERM. {@code sun.misc.Signal} can, and is exported by the {@code
 * jdk.unsupported} module of every JDK since 9; but naming it in code makes javac warn that it is
 * internal API, a warning that cannot be suppressed and that fails this build. Reflection avoids
 * the warning without changing the behaviour. When the class is missing or the signal cannot be
 * handled (the JVM runs with {@code -Xrs}, or the shell started it ignoring SIGINT), the signal
 * keeps its default effect: the process ends and a recorded run can still be resumed.
 *
 * <p>Thread-safety: thread-safe; the handlers run on the JVM's signal thread.
 */
public final class Interrupts implements AutoCloseable {

  /** A signal the command handles. */
  public enum Kind {
    /** Ctrl-C. */
    INT(2),
    /** {@code kill PID}. */
    TERM(15);

    private final int number;

    Kind(int number) {
      this.number = number;
    }

    /**
     * The exit code a shell gives a process this signal ended: 128 + its number.
     *
     * @return 130 for INT, 143 for TERM
     */
    public int exitCode() {
      return 128 + number;
    }
  }

  private final Runnable onFirst;
  private final AtomicReference<Kind> received = new AtomicReference<>();
  private final List<Runnable> restore = new ArrayList<>();

  private Interrupts(Runnable onFirst) {
    this.onFirst = onFirst;
  }

  /**
   * Starts catching SIGINT and SIGTERM; {@link #close()} gives them back their previous handlers.
   *
   * @param onFirst what to do at the first signal; runs on the signal thread, so it must be quick
   * @return the installed handlers
   */
  public static Interrupts install(Runnable onFirst) {
    Interrupts interrupts = new Interrupts(onFirst);
    for (Kind kind : Kind.values()) {
      interrupts.handle(kind);
    }
    return interrupts;
  }

  /**
   * The first signal received, if any.
   *
   * @return the signal
   */
  public Optional<Kind> received() {
    return Optional.ofNullable(received.get());
  }

  /**
   * Acts as if a signal had arrived: for tests, and for callers with other ways to stop.
   *
   * @param kind the signal
   */
  public void signal(Kind kind) {
    if (received.compareAndSet(null, kind)) {
      onFirst.run();
    } else {
      // The second signal: the user does not want to wait for running tasks.
      Runtime.getRuntime().halt(kind.exitCode());
    }
  }

  private void handle(Kind kind) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(kind.name());
      InvocationHandler invocation =
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "handle":
                signal(kind);
                return null;
              case "equals":
                return proxy == args[0];
              case "hashCode":
                return System.identityHashCode(proxy);
              default:
                return "taskflow interrupt handler for SIG" + kind.name();
            }
          };
      Object handler =
          Proxy.newProxyInstance(Interrupts.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
      Method register = signalClass.getMethod("handle", signalClass, handlerClass);
      Object previous = register.invoke(null, signal, handler);
      restore.add(
          () -> {
            try {
              register.invoke(null, signal, previous);
            } catch (ReflectiveOperationException | RuntimeException e) {
              // Nothing sensible to do: the command is ending anyway.
            }
          });
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // Not available here, or the signal is reserved or ignored: keep its default effect.
    }
  }

  /** Gives the signals back their previous handlers. */
  @Override
  public void close() {
    restore.forEach(Runnable::run);
    restore.clear();
  }
}
