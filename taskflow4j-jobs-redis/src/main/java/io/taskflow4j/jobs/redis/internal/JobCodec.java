package io.taskflow4j.jobs.redis.internal;

import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBook;
import io.taskflow4j.jobs.JobPriority;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A job as the reference's Redis board stores it in {@code NS:listings}: a msgpack map of {@code
 * uuid, name, priority, created_on, details, book, sequence}, in that order (the order the
 * reference builds it in, so that a job taskflow4j posts has the bytes the reference would write),
 * {@code book} only when the job has a logbook, {@code created_on} an oslo datetime.
 *
 * <p>Reading checks what the reference's own reader needs and more: a map with a string {@code
 * uuid} equal to the key it is listed under, a string {@code name}, an integer {@code sequence},
 * a datetime {@code created_on}, a known {@code priority} when there is one (NORMAL when not), a
 * map {@code details} with string keys when there is one, and a {@code book} map with string
 * {@code name} and non-blank {@code uuid} when there is one. Ownership is not part of a listing;
 * decoded jobs come back unowned.
 *
 * <p>Stateless and thread-safe.
 */
public final class JobCodec {

  private JobCodec() {}

  /**
   * Encodes a job's listing.
   *
   * @param job the job; owner and lease are not encoded
   * @return the msgpack bytes
   * @throws IllegalArgumentException when the details hold a value msgpack cannot carry
   */
  public static byte[] encode(Job job) {
    Map<String, Object> posting = new LinkedHashMap<>();
    posting.put("uuid", job.id());
    posting.put("name", job.name());
    posting.put("priority", job.priority().name());
    posting.put("created_on", job.createdAt());
    posting.put("details", job.details());
    job.book().ifPresent(book -> {
      Map<String, Object> named = new LinkedHashMap<>();
      named.put("name", book.name());
      named.put("uuid", book.uuid());
      posting.put("book", named);
    });
    posting.put("sequence", job.sequence());
    return Msgpack.encode(posting);
  }

  /**
   * Decodes and checks a listing.
   *
   * @param key the uuid it is listed under
   * @param bytes its value
   * @return the job, unowned
   * @throws MalformedEntryException naming the first thing that is wrong
   */
  public static Job decode(String key, byte[] bytes) throws MalformedEntryException {
    if (!(Msgpack.decode(bytes) instanceof Map<?, ?> posting)) {
      throw new MalformedEntryException("the value is not a msgpack map");
    }
    String uuid = string(posting, "uuid");
    if (!uuid.equals(key)) {
      throw new MalformedEntryException("its uuid '" + uuid + "' is not the key it is listed under");
    }
    String name = string(posting, "name");
    Object sequence = posting.get("sequence");
    if (!(sequence instanceof Integer || sequence instanceof Long)) {
      throw new MalformedEntryException("'sequence' is " + describe(sequence) + ", not a 64-bit integer");
    }
    if (!(posting.get("created_on") instanceof Instant createdOn)) {
      throw new MalformedEntryException("'created_on' is " + describe(posting.get("created_on")) + ", not a datetime");
    }
    JobPriority priority = JobPriority.NORMAL;
    Object rawPriority = posting.get("priority");
    if (rawPriority != null) {
      if (!(rawPriority instanceof String text) || JobPriority.parse(text).isEmpty()) {
        throw new MalformedEntryException("'priority' is " + describe(rawPriority) + ", not one of VERY_HIGH, HIGH, NORMAL, LOW, VERY_LOW");
      }
      priority = JobPriority.parse(text).orElseThrow();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    Object rawDetails = posting.get("details");
    if (rawDetails != null) {
      if (!(rawDetails instanceof Map<?, ?> map)) {
        throw new MalformedEntryException("'details' is " + describe(rawDetails) + ", not a map");
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String detail)) {
          throw new MalformedEntryException("'details' has the key " + entry.getKey() + ", which is not a string");
        }
        details.put(detail, entry.getValue());
      }
    }
    Optional<JobBook> book = Optional.empty();
    Object rawBook = posting.get("book");
    if (rawBook != null) {
      if (!(rawBook instanceof Map<?, ?> map)) {
        throw new MalformedEntryException("'book' is " + describe(rawBook) + ", not a map");
      }
      String bookUuid = string(map, "book.uuid", "uuid");
      if (bookUuid.isBlank()) {
        throw new MalformedEntryException("'book.uuid' is blank");
      }
      Object bookName = map.get("name");
      if (bookName != null && !(bookName instanceof String)) {
        throw new MalformedEntryException("'book.name' is " + describe(bookName) + ", not a string");
      }
      book = Optional.of(new JobBook(bookUuid, bookName == null ? "" : (String) bookName));
    }
    return new Job(uuid, name, ((Number) sequence).longValue(), priority, createdOn, book, details, Optional.empty(), Optional.empty());
  }

  private static String string(Map<?, ?> map, String key) throws MalformedEntryException {
    return string(map, key, key);
  }

  private static String string(Map<?, ?> map, String path, String key) throws MalformedEntryException {
    if (map.get(key) instanceof String text) {
      return text;
    }
    throw new MalformedEntryException("'" + path + "' is " + describe(map.get(key)) + ", not a string");
  }

  private static String describe(Object value) {
    if (value == null) {
      return "missing or nil";
    }
    String type = value instanceof byte[] ? "binary data" : value.getClass().getSimpleName();
    return "a " + type;
  }
}
