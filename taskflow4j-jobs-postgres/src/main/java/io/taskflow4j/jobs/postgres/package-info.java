/**
 * A job board in PostgreSQL: {@link io.taskflow4j.jobs.postgres.PostgresJobBoards#open(String)}.
 * Jobs and their leases live in one plain table, claims take the first free job with {@code FOR
 * UPDATE SKIP LOCKED}, and {@code LISTEN/NOTIFY} wakes conductors when a job is posted or given
 * back.
 */
package io.taskflow4j.jobs.postgres;
