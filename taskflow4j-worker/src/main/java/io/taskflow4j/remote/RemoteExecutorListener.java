package io.taskflow4j.remote;

import java.time.Duration;

/**
 * Told what a {@link RemoteTaskExecutor} sees of its workers, for metrics: how long requests wait
 * before a worker starts them, and workers lost. Called on the executor's threads, possibly on
 * several at once; should be quick. An exception it throws is logged and otherwise ignored. All
 * methods do nothing by default.
 */
public interface RemoteExecutorListener {

  /**
   * A worker started a request. A taskflow4j worker says RUNNING only for a task that runs longer
   * than the executor's {@link RemoteTaskExecutor.Builder#runningNoticeDelay notice delay}; for a
   * shorter one this comes with its outcome, and the wait includes the task's run.
   *
   * @param taskName the task's name in the flow
   * @param taskClass the name the worker serves it under
   * @param workerTopic the topic it was sent to
   * @param queueWait from the request's publishing to the worker's RUNNING, or to its outcome when
   *     no RUNNING came first
   */
  default void onStarted(String taskName, String taskClass, String workerTopic, Duration queueWait) {}

  /**
   * A worker was taken for lost: its heartbeats stopped mid-task, or it answered no NOTIFY for
   * the worker expiry.
   *
   * @param workerTopic its topic
   * @param how what was noticed
   */
  default void onWorkerLost(String workerTopic, String how) {}
}
