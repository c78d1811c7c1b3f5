/**
 * The remote executor: runs an engine's tasks on workers over a broker, with the reference's worker
 * protocol. Start with {@link
 * io.taskflow4j.remote.RemoteTaskExecutor#builder(io.taskflow4j.transport.Transport)}.
 */
package io.taskflow4j.remote;
