package io.taskflow4j.jobs;

import io.taskflow4j.flow.Flow;

/**
 * Builds the flow of a job from the arguments the job names: the Java side of the reference's
 * {@code meta.factory}. Registered by name in {@link FlowFactories}.
 *
 * <p>A factory must build the same flow (the same atoms, names and versions) for the same call
 * every time, since a conductor that takes a job over resumes its recorded run with a flow built
 * anew.
 *
 * <p>Thread-safety: implementations must be thread-safe; a conductor calls them from several
 * threads.
 */
@FunctionalInterface
public interface FlowFactory {

  /**
   * Builds the flow.
   *
   * @param call the factory's name as the job gave it, and the arguments
   * @return the flow
   * @throws IllegalArgumentException when the arguments are not what the factory takes; the
   *     conductor then trashes the job with the message as its reason
   */
  Flow create(FactoryCall call);
}
