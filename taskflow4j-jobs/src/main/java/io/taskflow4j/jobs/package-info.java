/**
 * Job boards and conductors: flows that outlive any one machine.
 *
 * <p>A {@link io.taskflow4j.jobs.Job} names a flow to run (by the name of a {@link
 * io.taskflow4j.jobs.FlowFactory}, with arguments) and the inputs to run it with. Jobs are posted
 * on a shared {@link io.taskflow4j.jobs.JobBoard}; conductors on many machines claim them with a
 * {@link io.taskflow4j.jobs.Claim lease} they renew while the flow runs, record the run in a
 * {@link io.taskflow4j.persistence.FlowStore}, and consume the job when the flow ends. When a
 * conductor dies its leases expire and another conductor claims its jobs and resumes them from the
 * store. Boards: {@link io.taskflow4j.jobs.JobBoard#inMemory()} here, PostgreSQL in {@code
 * taskflow4j-jobs-postgres}, Redis (shared with Python TaskFlow) in {@code taskflow4j-jobs-redis};
 * {@link io.taskflow4j.jobs.JobBoards#open(String)} opens any of them by URL.
 */
package io.taskflow4j.jobs;
