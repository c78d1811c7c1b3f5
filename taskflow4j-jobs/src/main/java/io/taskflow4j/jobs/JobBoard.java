package io.taskflow4j.jobs;

import io.taskflow4j.jobs.internal.InMemoryJobBoard;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A shared list of jobs that conductors claim, run and consume.
 *
 * <p>A job is held by at most one owner at a time. A claim carries a lease: the owner renews it
 * while it works ({@link #renew(Claim, java.time.Duration)}); a lease that is not renewed lapses and the job can be
 * claimed again, so the jobs of an owner that died are taken over. Consuming removes a job for
 * good; abandoning gives it back at once; trashing sets it aside with a reason, for a person to
 * look at.
 *
 * <p>Entries another program wrote that cannot be read are never returned as jobs: a board
 * moves them to its trash with a reason naming what is wrong, and logs it.
 *
 * <p>Implement this to add a board, and pass the abstract contract test every board of the project
 * passes ({@code JobBoardContractTest} in the {@code taskflow4j-jobs} test jar).
 *
 * <p>Thread-safety: implementations are thread-safe.
 */
public interface JobBoard extends AutoCloseable {

  /**
   * A board in this process's memory, on the system clock: for tests and single-process use.
   *
   * @return a new, empty board
   */
  static JobBoard inMemory() {
    return new InMemoryJobBoard(Clock.systemUTC());
  }

  /**
   * A board in this process's memory whose leases follow the given clock, for tests on fake time.
   *
   * @param clock the clock
   * @return a new, empty board
   */
  static JobBoard inMemory(Clock clock) {
    return new InMemoryJobBoard(clock);
  }

  /**
   * Posts a job, unowned, and wakes the board's subscribers.
   *
   * @param posting the job
   * @return the job as listed, with its new id and sequence
   * @throws JobBoardException when the board cannot be written
   * @throws IllegalArgumentException when the board cannot hold the posting's inputs or factory
   *     arguments (values it cannot encode, or beyond its limits of size or nesting); nothing is
   *     posted
   */
  Job post(JobPosting posting);

  /**
   * The listed jobs (not consumed, not trashed), in the order conductors claim them: higher
   * priority first, then by sequence. Owned jobs are included, with their owners.
   *
   * @return the jobs
   * @throws JobBoardException when the board cannot be read
   */
  List<Job> jobs();

  /**
   * A listed job by id.
   *
   * @param id the job's id
   * @return the job, or empty when it is not listed (never posted, consumed or trashed)
   * @throws JobBoardException when the board cannot be read
   */
  Optional<Job> job(String id);

  /**
   * Claims a job if it is listed and nobody holds it (or its lease has lapsed).
   *
   * @param id the job's id
   * @param owner the claimer's name
   * @param lease how long the claim lasts unless renewed; positive
   * @return the claim, or empty when the job is held by another owner or is not listed
   * @throws JobBoardException when the board cannot be written
   */
  Optional<Claim> claim(String id, String owner, Duration lease);

  /**
   * Claims the first job in claim order that nobody holds, skipping the given ids.
   *
   * @param owner the claimer's name
   * @param lease how long the claim lasts unless renewed; positive
   * @param skip ids of jobs not to claim, such as jobs whose factory this claimer does not serve
   * @return the claim, or empty when no job is free
   * @throws JobBoardException when the board cannot be written
   */
  Optional<Claim> claimNext(String owner, Duration lease, Set<String> skip);

  /**
   * Claims up to {@code max} jobs nobody holds, in claim order, skipping the given ids: what a
   * claimer with room for several jobs calls, so that a board can claim them in one round trip.
   * By default it calls {@link #claimNext(String, Duration, Set)} until it has {@code max} or none
   * is free.
   *
   * @param owner the claimer's name
   * @param lease how long each claim lasts unless renewed; positive
   * @param skip ids of jobs not to claim
   * @param max the most jobs to claim; at least 1
   * @return the claims, in claim order; empty when no job is free
   * @throws JobBoardException when the board cannot be written
   */
  default List<Claim> claimNext(String owner, Duration lease, Set<String> skip, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    List<Claim> claims = new ArrayList<>();
    Optional<Claim> claim;
    while (claims.size() < max && (claim = claimNext(owner, lease, skip)).isPresent()) {
      claims.add(claim.get());
    }
    return claims;
  }

  /**
   * Extends a claim's lease by its length from now.
   *
   * @param claim the claim held
   * @param lease the new length; positive
   * @return the renewed claim
   * @throws LeaseLostException when the claim is no longer held
   * @throws JobBoardException when the board cannot be written
   */
  Claim renew(Claim claim, Duration lease);

  /**
   * Removes a job for good because its flow has ended.
   *
   * @param claim the claim held
   * @throws LeaseLostException when the claim is no longer held; the job is then left as it is
   * @throws JobBoardException when the board cannot be written
   */
  void consume(Claim claim);

  /**
   * Consumes several jobs at once, for a claimer whose flows end together, so that a board can
   * remove them in one round trip. By default it calls {@link #consume(Claim)} for each.
   *
   * @param claims the claims held
   * @return the claims that were no longer held; their jobs are left as they are
   * @throws JobBoardException when the board cannot be written; then none of them may have been
   *     consumed
   */
  default List<Claim> consume(List<Claim> claims) {
    List<Claim> lost = new ArrayList<>();
    for (Claim claim : claims) {
      try {
        consume(claim);
      } catch (LeaseLostException e) {
        lost.add(claim);
      }
    }
    return lost;
  }

  /**
   * Gives a job back unowned, so another claimer can take it at once, and wakes subscribers.
   *
   * @param claim the claim held
   * @throws LeaseLostException when the claim is no longer held
   * @throws JobBoardException when the board cannot be written
   */
  void abandon(Claim claim);

  /**
   * Sets a listed job aside for a person to look at: it is no longer listed or claimable.
   *
   * @param id the job's id
   * @param reason why, kept with it
   * @return true when it was listed
   * @throws JobBoardException when the board cannot be written
   */
  boolean trash(String id, String reason);

  /**
   * The trashed jobs with their reasons.
   *
   * @return the trashed jobs, oldest first
   * @throws JobBoardException when the board cannot be read
   */
  List<TrashedJob> trashed();

  /**
   * Asks to be told promptly when a job may have become claimable: one was posted or abandoned,
   * here or by another process. The listener runs on a thread of the board; it must be quick and
   * must not throw. Lapsed leases are not announced: claimers look for them on their own schedule.
   *
   * @param listener called with no arguments
   * @return closing it stops the calls
   */
  Subscription subscribe(Runnable listener);

  /**
   * Says what this board is, for messages: its kind and location, no password.
   *
   * @return such as {@code redis://127.0.0.1:6379/jobs}
   */
  String describe();

  /** Releases connections; the board cannot be used afterwards. */
  @Override
  void close();

  /** A subscription made by {@link #subscribe(Runnable)}. */
  interface Subscription extends AutoCloseable {
    /** Stops the calls; idempotent. */
    @Override
    void close();
  }
}
