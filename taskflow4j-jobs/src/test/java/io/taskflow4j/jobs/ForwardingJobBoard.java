package io.taskflow4j.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Test helper: a board that forwards every call to another; tests override what they break. */
class ForwardingJobBoard implements JobBoard {

  final JobBoard delegate;

  ForwardingJobBoard(JobBoard delegate) {
    this.delegate = delegate;
  }

  @Override
  public Job post(JobPosting posting) {
    return delegate.post(posting);
  }

  @Override
  public List<Job> jobs() {
    return delegate.jobs();
  }

  @Override
  public Optional<Job> job(String id) {
    return delegate.job(id);
  }

  @Override
  public Optional<Claim> claim(String id, String owner, Duration lease) {
    return delegate.claim(id, owner, lease);
  }

  @Override
  public Optional<Claim> claimNext(String owner, Duration lease, Set<String> skip) {
    return delegate.claimNext(owner, lease, skip);
  }

  @Override
  public Claim renew(Claim claim, Duration lease) {
    return delegate.renew(claim, lease);
  }

  @Override
  public void consume(Claim claim) {
    delegate.consume(claim);
  }

  @Override
  public void abandon(Claim claim) {
    delegate.abandon(claim);
  }

  @Override
  public boolean trash(String id, String reason) {
    return delegate.trash(id, reason);
  }

  @Override
  public List<TrashedJob> trashed() {
    return delegate.trashed();
  }

  @Override
  public Subscription subscribe(Runnable listener) {
    return delegate.subscribe(listener);
  }

  @Override
  public String describe() {
    return "forwarding to " + delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
