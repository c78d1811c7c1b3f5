/**
 * The worker: serves tasks to engines over a broker with the reference's worker protocol. Start
 * with {@link io.taskflow4j.worker.Worker#builder(io.taskflow4j.transport.Transport)}.
 */
package io.taskflow4j.worker;
