package io.taskflow4j.jobs.internal;

import io.taskflow4j.jobs.Claim;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.jobs.LeaseLostException;
import io.taskflow4j.jobs.TrashedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A board in this process's memory. Thread-safe: every operation holds the board's lock; listeners
 * are called on the caller's thread after the lock is released.
 */
public final class InMemoryJobBoard implements JobBoard {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryJobBoard.class);

  /** Claim order: higher priority (lower ordinal) first, then sequence. */
  public static final Comparator<Job> CLAIM_ORDER =
      Comparator.comparingInt((Job job) -> job.priority().ordinal()).thenComparingLong(Job::sequence);

  private final Clock clock;
  private final Map<String, Job> listed = new LinkedHashMap<>();
  private final List<TrashedJob> trash = new ArrayList<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private long sequence;
  private boolean closed;

  /**
   * Creates an empty board.
   *
   * @param clock the clock leases follow
   */
  public InMemoryJobBoard(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Job post(JobPosting posting) {
    Objects.requireNonNull(posting, "posting");
    Job job;
    synchronized (this) {
      requireOpen();
      job = new Job(UUID.randomUUID().toString(), posting.name(), ++sequence, posting.priority(), clock.instant(),
          posting.book(), posting.details(), Optional.empty(), Optional.empty());
      listed.put(job.id(), job);
    }
    wake();
    return job;
  }

  @Override
  public synchronized List<Job> jobs() {
    requireOpen();
    Instant now = clock.instant();
    return listed.values().stream().map(job -> current(job, now)).sorted(CLAIM_ORDER).toList();
  }

  @Override
  public synchronized Optional<Job> job(String id) {
    requireOpen();
    return Optional.ofNullable(listed.get(Objects.requireNonNull(id, "id"))).map(job -> current(job, clock.instant()));
  }

  @Override
  public synchronized Optional<Claim> claim(String id, String owner, Duration lease) {
    requireOpen();
    requireClaimer(owner, lease);
    Job job = listed.get(Objects.requireNonNull(id, "id"));
    Instant now = clock.instant();
    if (job == null || current(job, now).owner().isPresent()) {
      return Optional.empty();
    }
    return Optional.of(take(job, owner, lease, now));
  }

  @Override
  public synchronized Optional<Claim> claimNext(String owner, Duration lease, Set<String> skip) {
    requireOpen();
    requireClaimer(owner, lease);
    Objects.requireNonNull(skip, "skip");
    Instant now = clock.instant();
    return listed.values().stream()
        .filter(job -> !skip.contains(job.id()) && current(job, now).owner().isEmpty())
        .min(CLAIM_ORDER)
        .map(job -> take(job, owner, lease, now));
  }

  @Override
  public synchronized Claim renew(Claim claim, Duration lease) {
    requireOpen();
    requireClaimer(claim.owner(), lease);
    held(claim);
    return take(listed.get(claim.jobId()), claim.owner(), lease, clock.instant());
  }

  @Override
  public void consume(Claim claim) {
    synchronized (this) {
      requireOpen();
      held(claim);
      listed.remove(claim.jobId());
    }
  }

  @Override
  public void abandon(Claim claim) {
    synchronized (this) {
      requireOpen();
      Job job = held(claim);
      listed.put(job.id(), job.unowned());
    }
    wake();
  }

  @Override
  public synchronized boolean trash(String id, String reason) {
    requireOpen();
    Objects.requireNonNull(reason, "reason");
    Job job = listed.remove(Objects.requireNonNull(id, "id"));
    if (job == null) {
      return false;
    }
    trash.add(new TrashedJob(job.id(), job.name(), reason, clock.instant()));
    LOG.info("trashed job '{}' ({}): {}", job.name(), job.id(), reason);
    return true;
  }

  @Override
  public synchronized List<TrashedJob> trashed() {
    requireOpen();
    return List.copyOf(trash);
  }

  @Override
  public Subscription subscribe(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public synchronized void close() {
    closed = true;
    listeners.clear();
  }

  private void wake() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("a job board listener failed", e);
      }
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the in-memory job board is closed");
    }
  }

  private static void requireClaimer(String owner, Duration lease) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    if (owner.isBlank()) {
      throw new IllegalArgumentException("an owner name must not be blank");
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("a lease must be positive, got " + lease);
    }
  }

  /** The job as it stands at {@code now}: without its owner once the lease has lapsed. */
  private static Job current(Job job, Instant now) {
    return job.leaseExpiresAt().filter(expiry -> !expiry.isAfter(now)).isPresent() ? job.unowned() : job;
  }

  private Claim take(Job job, String owner, Duration lease, Instant now) {
    Instant expiry = now.plus(lease);
    Job owned = job.ownedBy(owner, Optional.of(expiry));
    listed.put(job.id(), owned);
    return new Claim(owned, owner, expiry);
  }

  private Job held(Claim claim) {
    Objects.requireNonNull(claim, "claim");
    Job job = listed.get(claim.jobId());
    if (job == null) {
      throw new LeaseLostException("job " + claim.jobId() + " is no longer listed on " + describe()
          + " (consumed or trashed); " + claim.owner() + " no longer holds it");
    }
    Job now = current(job, clock.instant());
    if (!now.owner().equals(Optional.of(claim.owner()))) {
      throw new LeaseLostException("the lease of " + claim.owner() + " on job '" + job.name() + "' (" + job.id()
          + ") has lapsed; " + now.owner().map(other -> "it is now held by " + other).orElse("nobody holds it now"));
    }
    return now;
  }
}
