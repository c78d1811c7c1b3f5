package io.taskflow4j.jobs.redis.internal;

import io.taskflow4j.jobs.Claim;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBoard;
import io.taskflow4j.jobs.JobBoardException;
import io.taskflow4j.jobs.JobPosting;
import io.taskflow4j.jobs.LeaseLostException;
import io.taskflow4j.jobs.TrashedJob;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A job board in Redis, laid out as the reference's {@code RedisJobBoard} lays it out, so that
 * both post, list and claim on the same board (see {@link Scripts} for the keys and {@link
 * JobCodec} for a job's bytes).
 *
 * <p>Leases are the expiry of the {@code .owned} key, set and extended by Lua scripts that check
 * the owner in the same step, so lapsing is judged by Redis's clock alone; a job the reference's
 * conductor claimed without expiry stays owned, with no lease time. Entries that do not decode are
 * moved to {@code NS:trash} with a reason in {@code NS:taskflow4j.trash_reasons} and a WARN, and
 * never returned. Listings never change once posted, so decoded jobs are cached by id.
 *
 * <p>Claims cost the board one script call, whatever the number of listings: the board keeps the
 * jobs it last listed in claim order and lists again ({@code HKEYS}) only when {@code NS:sequence}
 * or the number of listings changed in a way it did not cause itself, or every two seconds.
 *
 * <p>Thread-safe: commands go through a connection pool; the watcher (see {@link BoardWatcher})
 * runs while anyone is subscribed.
 */
public final class RedisJobBoard implements JobBoard {

  private static final Logger LOG = LoggerFactory.getLogger(RedisJobBoard.class);
  private static final int TIMEOUT_MILLIS = 5_000;
  private static final Comparator<Job> CLAIM_ORDER =
      Comparator.comparingInt((Job job) -> job.priority().ordinal()).thenComparingLong(Job::sequence);
  /** How many candidate ids one claim script call looks at, at most. */
  private static final int CANDIDATES_PER_CALL = 256;
  /** How many times a claim lists again when the board changed, before it claims from what it has. */
  private static final int CHECKED_ATTEMPTS = 2;
  /**
   * How old a listing may be before a claim lists again regardless: a job posted while a listing
   * was read can be missed by the check when another consume leaves the count unchanged.
   */
  private static final long MAX_LISTING_AGE_NANOS = Duration.ofSeconds(2).toNanos();
  private static final String FOREIGN_TRASH_REASON = "trashed by another program (the reference keeps no reason)";

  private final RedisUrl url;
  private final RedisClient client;
  private final HostAndPort server;
  private final JedisClientConfig config;
  private final Clock clock;
  private final String prefix;
  private final byte[] prefixBytes;
  private final byte[] listingsKey;
  private final byte[] sequenceKey;
  private final byte[] trashKey;
  private final byte[] reasonsKey;
  private final byte[] channel;
  private final Map<String, Job> decoded = new ConcurrentHashMap<>();
  private final Object listingLock = new Object();
  private volatile Listing listing = Listing.NONE;
  /** How many consumes are under way, each of which may lower the number of listings at once. */
  private final AtomicLong removing = new AtomicLong();
  /**
   * Jobs claimed through this board, with the expiry of their leases: nobody can claim them
   * before, so claims need not look at them.
   */
  private final Map<String, Instant> heldHere = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private BoardWatcher watcher;
  private volatile boolean closed;

  private RedisJobBoard(RedisUrl url, RedisClient client, HostAndPort server, JedisClientConfig config, Clock clock) {
    this.url = url;
    this.client = client;
    this.server = server;
    this.config = config;
    this.clock = clock;
    this.prefix = url.namespace() + ":";
    this.prefixBytes = bytes(prefix);
    this.listingsKey = bytes(prefix + "listings");
    this.sequenceKey = bytes(prefix + "sequence");
    this.trashKey = bytes(prefix + "trash");
    this.reasonsKey = bytes(prefix + "taskflow4j.trash_reasons");
    this.channel = bytes(prefix + "taskflow4j.events");
  }

  /**
   * Connects to the board a URL names and checks that Redis answers.
   *
   * @param url where it is
   * @return the board
   * @throws JobBoardException naming host and port when Redis cannot be reached
   */
  public static RedisJobBoard open(RedisUrl url) {
    DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(TIMEOUT_MILLIS)
        .socketTimeoutMillis(TIMEOUT_MILLIS)
        .database(url.database())
        .resp2()
        .autoNegotiateProtocol(false)
        .clientName("taskflow4j-jobs");
    if (url.tls()) {
      builder.sslOptions(SslOptions.defaults());
    }
    url.user().ifPresent(builder::user);
    url.password().ifPresent(builder::password);
    JedisClientConfig config = builder.build();
    HostAndPort server = new HostAndPort(url.host(), url.port());
    RedisClient client = RedisClient.builder().hostAndPort(server).clientConfig(config).build();
    try {
      client.ping();
    } catch (JedisException e) {
      client.close();
      throw new JobBoardException("cannot reach Redis at " + url.hostAndPort() + " for job board " + url.description()
          + ": " + e.getMessage(), e);
    }
    return new RedisJobBoard(url, client, server, config, Clock.systemUTC());
  }

  @Override
  public Job post(JobPosting posting) {
    Objects.requireNonNull(posting, "posting");
    requireOpen();
    Map<String, Object> details = posting.details();
    try {
      Msgpack.encode(details);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("job '" + posting.name() + "' cannot be posted: " + e.getMessage(), e);
    }
    String id = UUID.randomUUID().toString();
    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return call("post job '" + posting.name() + "'", () -> {
      long sequence = client.incr(sequenceKey);
      Job job = new Job(id, posting.name(), sequence, posting.priority(), createdAt, posting.book(), details,
          Optional.empty(), Optional.empty());
      List<?> reply = eval(Scripts.POST, List.of(listingsKey), bytes(id), JobCodec.encode(job), channel);
      if (status(reply) != 1) {
        throw new JobBoardException("job id " + id + " is already listed on " + describe() + "; nothing was posted");
      }
      decoded.put(id, job);
      return job;
    });
  }

  @Override
  public List<Job> jobs() {
    requireOpen();
    return call("list jobs", () -> withOwners(refresh().jobs()));
  }

  @Override
  public Optional<Job> job(String id) {
    Objects.requireNonNull(id, "id");
    requireOpen();
    return call("read job " + id, () -> {
      byte[] key = bytes(id);
      byte[] listing = client.hget(listingsKey, key);
      if (listing == null) {
        return Optional.<Job>empty();
      }
      return readListing(key, listing).map(job -> withOwners(List.of(job)).get(0));
    });
  }

  @Override
  public Optional<Claim> claim(String id, String owner, Duration lease) {
    Objects.requireNonNull(id, "id");
    requireClaimer(owner, lease);
    requireOpen();
    return call("claim job " + id + " for " + owner, () -> {
      Instant expiry = clock.instant().plus(lease);
      byte[] key = bytes(id);
      List<?> reply = eval(Scripts.CLAIM, List.of(listingsKey, ownerKey(key), lastModifiedKey(key)),
          key, bytes(owner), millis(lease), Msgpack.encode(clock.instant()));
      if (status(reply) != 1) {
        return Optional.<Claim>empty();
      }
      return readListing(key, (byte[]) reply.get(1)).map(job -> claimOf(job, owner, expiry));
    });
  }

  @Override
  public Optional<Claim> claimNext(String owner, Duration lease, Set<String> skip) {
    return claimNext(owner, lease, skip, 1).stream().findFirst();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Usually one script call: the candidates are the jobs this board last listed, in claim
   * order, and the script claims none when the board's sequence or number of listings changed
   * since, so that a job posted meanwhile is not passed over; then the board lists again and
   * retries, the last time without that check.
   */
  @Override
  public List<Claim> claimNext(String owner, Duration lease, Set<String> skip, int max) {
    requireClaimer(owner, lease);
    Objects.requireNonNull(skip, "skip");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    requireOpen();
    return call("claim jobs for " + owner, () -> {
      Instant now = clock.instant();
      heldHere.values().removeIf(until -> !until.isAfter(now));
      // Read before the listing: a consume that is counted in neither is one that has not begun.
      long slack = removing.get();
      Listing current = listing;
      if (System.nanoTime() - current.readAt() > MAX_LISTING_AGE_NANOS) {
        current = refresh();
      }
      for (int attempt = 1; ; attempt++) {
        Optional<List<Claim>> claims =
            claimFrom(current, slack, owner, lease, skip, max, attempt <= CHECKED_ATTEMPTS);
        if (claims.isPresent()) {
          return claims.get();
        }
        slack = removing.get();
        current = refresh();
      }
    });
  }

  /**
   * Claims up to {@code max} of the listing's jobs not skipped, in chunks of candidates; empty
   * when {@code check} is set and the board changed since the listing was read.
   */
  private Optional<List<Claim>> claimFrom(Listing from, long slack, String owner, Duration lease, Set<String> skip,
      int max, boolean check) {
    Instant now = clock.instant();
    List<byte[]> candidates = new ArrayList<>(from.jobs().size());
    for (Job job : from.jobs()) {
      Instant held = heldHere.get(job.id());
      if (!skip.contains(job.id()) && (held == null || !held.isAfter(now))) {
        candidates.add(bytes(job.id()));
      }
    }
    List<Claim> claims = new ArrayList<>();
    int offset = 0;
    do {
      // Most candidates are free, so the first chunk is small; the later ones are as large as allowed.
      int end = Math.min(candidates.size(), offset + (offset == 0 ? 2 * max + 16 : CANDIDATES_PER_CALL));
      List<byte[]> arguments = new ArrayList<>(8 + end - offset);
      arguments.add(prefixBytes);
      arguments.add(bytes(owner));
      arguments.add(millis(lease));
      arguments.add(Msgpack.encode(clock.instant()));
      arguments.add(ascii(max - claims.size()));
      // Only the first chunk checks: the later ones follow it at once.
      arguments.add(ascii(check && offset == 0 ? 1 : 0));
      arguments.add(bytes(from.sequence()));
      arguments.add(ascii(from.count()));
      arguments.add(ascii(slack));
      arguments.addAll(candidates.subList(offset, end));
      Instant expiry = clock.instant().plus(lease);
      List<?> reply = (List<?>) Scripts.CLAIM_MANY.run(client, List.of(listingsKey, sequenceKey), arguments);
      if (status(reply) != 1) {
        return Optional.empty();
      }
      offset += (int) (long) (Long) reply.get(1);
      for (int i = 2; i + 1 < reply.size(); i += 2) {
        // A listing that turns out unreadable is in the trash now (and no longer ours): go on.
        readListing((byte[]) reply.get(i), (byte[]) reply.get(i + 1))
            .ifPresent(job -> claims.add(claimOf(job, owner, expiry)));
      }
    } while (claims.size() < max && offset < candidates.size());
    return Optional.of(claims);
  }

  @Override
  public Claim renew(Claim claim, Duration lease) {
    Objects.requireNonNull(claim, "claim");
    requireClaimer(claim.owner(), lease);
    requireOpen();
    return call("renew the lease of " + claim.owner() + " on job " + claim.jobId(), () -> {
      Instant expiry = clock.instant().plus(lease);
      byte[] key = bytes(claim.jobId());
      List<?> reply = eval(Scripts.RENEW, List.of(ownerKey(key)), bytes(claim.owner()), millis(lease));
      if (status(reply) != 1) {
        throw lost(claim, reply);
      }
      return claimOf(claim.job(), claim.owner(), expiry);
    });
  }

  @Override
  public void consume(Claim claim) {
    Objects.requireNonNull(claim, "claim");
    requireOpen();
    call("consume job " + claim.jobId(), () -> {
      byte[] key = bytes(claim.jobId());
      removing.incrementAndGet();
      try {
        List<?> reply = eval(Scripts.CONSUME, List.of(listingsKey, ownerKey(key), lastModifiedKey(key)),
            key, bytes(claim.owner()));
        if (status(reply) != 1) {
          throw lost(claim, reply);
        }
        forget(Set.of(claim.jobId()));
      } finally {
        removing.decrementAndGet();
      }
      return null;
    });
  }

  /** {@inheritDoc} In one script call, so atomically: all are consumed or none when it fails. */
  @Override
  public List<Claim> consume(List<Claim> claims) {
    Objects.requireNonNull(claims, "claims");
    requireOpen();
    if (claims.isEmpty()) {
      return List.of();
    }
    return call("consume " + claims.size() + " jobs", () -> {
      List<byte[]> arguments = new ArrayList<>(1 + 2 * claims.size());
      arguments.add(prefixBytes);
      for (Claim claim : claims) {
        arguments.add(bytes(claim.jobId()));
        arguments.add(bytes(claim.owner()));
      }
      removing.addAndGet(claims.size());
      Set<String> consumed = new HashSet<>();
      List<Claim> lost = new ArrayList<>();
      try {
        List<?> reply = (List<?>) Scripts.CONSUME_MANY.run(client, List.of(listingsKey), arguments);
        for (int i = 0; i < claims.size(); i++) {
          if ((Long) reply.get(2 * i) == 1) {
            consumed.add(claims.get(i).jobId());
          } else {
            lost.add(claims.get(i));
            heldHere.remove(claims.get(i).jobId());
          }
        }
        forget(consumed);
      } finally {
        removing.addAndGet(-claims.size());
      }
      return lost;
    });
  }

  @Override
  public void abandon(Claim claim) {
    Objects.requireNonNull(claim, "claim");
    requireOpen();
    call("abandon job " + claim.jobId(), () -> {
      byte[] key = bytes(claim.jobId());
      List<?> reply = eval(Scripts.ABANDON, List.of(listingsKey, ownerKey(key), lastModifiedKey(key)),
          key, bytes(claim.owner()), Msgpack.encode(clock.instant()), channel);
      if (status(reply) != 1) {
        throw lost(claim, reply);
      }
      heldHere.remove(claim.jobId());
      return null;
    });
  }

  @Override
  public boolean trash(String id, String reason) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    requireOpen();
    boolean moved = call("trash job " + id, () -> moveToTrash(bytes(id), reason, Optional.empty()));
    if (moved) {
      forget(Set.of(id));
      LOG.info("job board {}: trashed job {}: {}", describe(), id, reason);
    }
    return moved;
  }

  @Override
  public List<TrashedJob> trashed() {
    requireOpen();
    return call("list the trash", () -> {
      Map<byte[], byte[]> entries = client.hgetAll(trashKey);
      Map<String, byte[]> reasons = new HashMap<>();
      client.hgetAll(reasonsKey).forEach((key, value) -> reasons.put(text(key), value));
      List<TrashedJob> trashed = new ArrayList<>();
      for (Map.Entry<byte[], byte[]> entry : entries.entrySet()) {
        trashed.add(trashedJob(entry.getKey(), entry.getValue(), reasons.get(text(entry.getKey()))));
      }
      trashed.sort(Comparator.comparing(TrashedJob::trashedAt).thenComparing(TrashedJob::id));
      return trashed;
    });
  }

  @Override
  public synchronized Subscription subscribe(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    requireOpen();
    // A wrapper of our own, so that the same listener subscribed twice is two subscriptions.
    Runnable entry = listener::run;
    listeners.add(entry);
    if (watcher == null) {
      watcher = new BoardWatcher(describe(), server, config, client, url.namespace(), this::wake);
      watcher.start();
    }
    return () -> unsubscribe(entry);
  }

  private void unsubscribe(Runnable entry) {
    BoardWatcher stopping = null;
    synchronized (this) {
      if (listeners.remove(entry) && listeners.isEmpty() && watcher != null) {
        stopping = watcher;
        watcher = null;
      }
    }
    if (stopping != null) {
      stopping.close();
    }
  }

  @Override
  public String describe() {
    return url.description();
  }

  @Override
  public void close() {
    BoardWatcher stopping;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      listeners.clear();
      stopping = watcher;
      watcher = null;
    }
    if (stopping != null) {
      stopping.close();
    }
    client.close();
  }

  private void wake() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("job board {}: a listener failed", describe(), e);
      }
    }
  }

  /**
   * What this board last listed: {@code NS:sequence} and the number of listings then, and the
   * readable jobs, unowned, in claim order.
   *
   * @param readAt when it was read, in {@link System#nanoTime()}
   */
  private record Listing(String sequence, long count, List<Job> jobs, long readAt) {

    /** Before the first listing: a count no board has, so the first claim lists. */
    static final Listing NONE = new Listing("", -1, List.of(), System.nanoTime() - MAX_LISTING_AGE_NANOS);

    /** This listing less the given jobs, which this board removed itself. */
    Listing without(Set<String> ids) {
      List<Job> left = jobs.stream().filter(job -> !ids.contains(job.id())).toList();
      return new Listing(sequence, count - (jobs.size() - left.size()), left, readAt);
    }
  }

  /** Lists the board again; unreadable listings are moved to the trash. */
  private Listing refresh() {
    long readAt = System.nanoTime();
    List<?> reply = (List<?>) Scripts.LIST.run(client, List.of(listingsKey, sequenceKey), List.of());
    String sequence = reply.get(0) instanceof byte[] value ? text(value) : "";
    List<?> keys = (List<?>) reply.get(1);
    List<Job> jobs = new ArrayList<>(keys.size());
    List<byte[]> unknown = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (Object element : keys) {
      byte[] key = (byte[]) element;
      Optional<String> id = utf8(key);
      Job job = id.map(decoded::get).orElse(null);
      if (job == null) {
        unknown.add(key);
      } else {
        jobs.add(job);
        present.add(job.id());
      }
    }
    // Listings that are gone by now, or unreadable and moved to the trash, no longer count.
    long count = keys.size();
    if (!unknown.isEmpty()) {
      List<byte[]> listings = client.hmget(listingsKey, unknown.toArray(new byte[0][]));
      for (int i = 0; i < unknown.size(); i++) {
        Optional<Job> job = listings.get(i) == null ? Optional.empty() : readListing(unknown.get(i), listings.get(i));
        if (job.isPresent()) {
          jobs.add(job.get());
          present.add(job.get().id());
        } else {
          count--;
        }
      }
    }
    decoded.keySet().retainAll(present);
    jobs.sort(CLAIM_ORDER);
    Listing fresh = new Listing(sequence, count, List.copyOf(jobs), readAt);
    listing = fresh;
    return fresh;
  }

  /** Drops jobs this board consumed or trashed from its listing, so that it stays current. */
  private void forget(Set<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    ids.forEach(decoded::remove);
    ids.forEach(heldHere::remove);
    synchronized (listingLock) {
      listing = listing.without(ids);
    }
  }

  /** The jobs with their owners and leases as Redis holds them now. */
  private List<Job> withOwners(List<Job> jobs) {
    if (jobs.isEmpty()) {
      return jobs;
    }
    List<byte[]> arguments = new ArrayList<>(jobs.size() + 1);
    arguments.add(prefixBytes);
    jobs.forEach(job -> arguments.add(bytes(job.id())));
    Instant now = clock.instant();
    List<?> reply = (List<?>) Scripts.OWNERS.run(client, List.of(), arguments);
    List<Job> owned = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      Object owner = reply.get(2 * i);
      long millis = (Long) reply.get(2 * i + 1);
      if (owner instanceof byte[] name && millis != -2) {
        owned.add(job.ownedBy(text(name), millis >= 0 ? Optional.of(now.plusMillis(millis)) : Optional.empty()));
      } else {
        owned.add(job.unowned());
      }
    }
    return owned;
  }

  /** Decodes a listing, from the cache when it was seen; moves it to the trash when unreadable. */
  private Optional<Job> readListing(byte[] key, byte[] listing) {
    Optional<String> id = utf8(key);
    if (id.isPresent()) {
      Job cached = decoded.get(id.get());
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    String where = prefix + "listings[" + text(key) + "]";
    String problem;
    try {
      if (id.isEmpty()) {
        throw new MalformedEntryException("its key is not UTF-8");
      }
      Job job = JobCodec.decode(id.get(), listing);
      decoded.put(job.id(), job);
      return Optional.of(job);
    } catch (MalformedEntryException e) {
      problem = e.getMessage();
    }
    String reason = "unreadable listing " + where + ": " + problem;
    if (moveToTrash(key, reason, Optional.of(listing))) {
      LOG.warn("job board {}: moved an entry to {}trash: {}", describe(), prefix, reason);
    }
    return Optional.empty();
  }

  private boolean moveToTrash(byte[] key, String reason, Optional<byte[]> expected) {
    Instant now = clock.instant();
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("reason", reason);
    record.put("trashed_at", now);
    List<byte[]> arguments = new ArrayList<>(List.of(key,
        // An unreadable key may not name a job, so no last_modified is written for it.
        expected.isPresent() ? new byte[0] : Msgpack.encode(now), Msgpack.encode(record)));
    expected.ifPresent(arguments::add);
    List<?> reply = (List<?>) Scripts.TRASH.run(client,
        List.of(listingsKey, trashKey, ownerKey(key), lastModifiedKey(key), reasonsKey), arguments);
    return status(reply) == 1;
  }

  private TrashedJob trashedJob(byte[] key, byte[] listing, byte[] reasonRecord) {
    String id = text(key);
    String name = "(unreadable entry " + prefix + "trash[" + id + "])";
    Optional<Instant> createdAt = Optional.empty();
    try {
      Job job = JobCodec.decode(id, listing);
      name = job.name();
      createdAt = Optional.of(job.createdAt());
    } catch (MalformedEntryException e) {
      // Unreadable entries we quarantined ourselves land here; the reason says what was wrong.
    }
    String reason = FOREIGN_TRASH_REASON;
    Optional<Instant> trashedAt = Optional.empty();
    if (reasonRecord != null) {
      try {
        if (Msgpack.decode(reasonRecord) instanceof Map<?, ?> map) {
          if (map.get("reason") instanceof String text) {
            reason = text;
          }
          if (map.get("trashed_at") instanceof Instant at) {
            trashedAt = Optional.of(at);
          }
        }
      } catch (MalformedEntryException e) {
        reason = "(the reason in " + prefix + "taskflow4j.trash_reasons[" + id + "] is unreadable: " + e.getMessage() + ")";
      }
    }
    if (trashedAt.isEmpty()) {
      // The reference's trash writes last_modified when it trashes a job.
      byte[] lastModified = client.get(lastModifiedKey(key));
      if (lastModified != null) {
        try {
          if (Msgpack.decode(lastModified) instanceof Instant at) {
            trashedAt = Optional.of(at);
          }
        } catch (MalformedEntryException e) {
          LOG.debug("job board {}: unreadable last_modified of trashed job {}", describe(), id, e);
        }
      }
    }
    Instant when = trashedAt.isPresent() ? trashedAt.get() : createdAt.orElse(Instant.EPOCH);
    return new TrashedJob(id, name, reason, when);
  }

  private Claim claimOf(Job job, String owner, Instant expiry) {
    heldHere.put(job.id(), expiry);
    return new Claim(job.ownedBy(owner, Optional.of(expiry)), owner, expiry);
  }

  private LeaseLostException lost(Claim claim, List<?> reply) {
    heldHere.remove(claim.jobId());
    Job job = claim.job();
    String what = "job '" + job.name() + "' (" + job.id() + ") on " + describe();
    if (status(reply) == 0) {
      return new LeaseLostException(what + " is no longer listed (consumed or trashed); " + claim.owner()
          + " no longer holds it");
    }
    String holder = reply.size() > 1 && reply.get(1) instanceof byte[] name ? text(name) : "";
    return new LeaseLostException("the lease of " + claim.owner() + " on " + what + " has lapsed; "
        + (holder.isEmpty() ? "nobody holds it now" : "it is now held by " + holder));
  }

  private List<?> eval(Scripts.Script script, List<byte[]> keys, byte[]... arguments) {
    return (List<?>) script.run(client, keys, Arrays.asList(arguments));
  }

  private static long status(List<?> reply) {
    return (Long) reply.get(0);
  }

  private <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (JedisException e) {
      throw new JobBoardException("cannot " + what + " on job board " + describe() + " (Redis at "
          + url.hostAndPort() + "): " + e.getMessage(), e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("job board " + describe() + " is closed");
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

  private byte[] ownerKey(byte[] key) {
    return concat(key, ".owned");
  }

  private byte[] lastModifiedKey(byte[] key) {
    return concat(key, ".last_modified");
  }

  private byte[] concat(byte[] key, String suffix) {
    byte[] tail = bytes(suffix);
    byte[] all = new byte[prefixBytes.length + key.length + tail.length];
    System.arraycopy(prefixBytes, 0, all, 0, prefixBytes.length);
    System.arraycopy(key, 0, all, prefixBytes.length, key.length);
    System.arraycopy(tail, 0, all, prefixBytes.length + key.length, tail.length);
    return all;
  }

  private static byte[] ascii(long number) {
    return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] millis(Duration lease) {
    return Long.toString(Math.max(1, lease.toMillis())).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
