package io.taskflow4j.cli.jobs;

import io.taskflow4j.cli.store.FlowViews;
import io.taskflow4j.jobs.FactoryCall;
import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.JobBook;
import io.taskflow4j.jobs.TrashedJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code taskflow jobs} shows jobs: tables for people, JSON for scripts. The JSON fields are
 * documented in {@code docs/guide.md} ("Jobs and conductors"); times are ISO-8601 UTC strings,
 * absent values {@code null}. Stateless.
 */
public final class JobViews {

  private JobViews() {}

  /**
   * A job as JSON-like data: {@code id, name, priority, sequence, created_at, owner,
   * lease_expires_at, logbook, flow_id, factory, inputs}.
   *
   * @param job the job
   * @return a new map, in that order
   */
  public static Map<String, Object> json(Job job) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", job.id());
    json.put("name", job.name());
    json.put("priority", job.priority().name());
    json.put("sequence", job.sequence());
    json.put("created_at", job.createdAt().toString());
    json.put("owner", job.owner().orElse(null));
    json.put("lease_expires_at", job.leaseExpiresAt().map(Instant::toString).orElse(null));
    json.put("logbook", job.book().map(JobBook::uuid).orElse(null));
    json.put("flow_id", job.flowId().orElse(null));
    json.put("factory", job.factory().map(FactoryCall::name).orElse(null));
    json.put("inputs", job.inputs());
    return json;
  }

  /**
   * A trashed job as JSON-like data: {@code id, name, reason, trashed_at}.
   *
   * @param job the job
   * @return a new map, in that order
   */
  public static Map<String, Object> json(TrashedJob job) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", job.id());
    json.put("name", job.name());
    json.put("reason", job.reason());
    json.put("trashed_at", job.trashedAt().toString());
    return json;
  }

  /**
   * Jobs as a table: id, name, priority, posted, owner, lease until.
   *
   * @param jobs the jobs, in the order to show
   * @return the table's lines
   */
  public static String table(List<Job> jobs) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("ID", "NAME", "PRIORITY", "POSTED", "OWNER", "LEASE UNTIL"));
    for (Job job : jobs) {
      rows.add(List.of(
          job.id(),
          job.name(),
          job.priority().name(),
          FlowViews.shortTime(job.createdAt()),
          job.owner().orElse("-"),
          job.owner().isEmpty() ? "-" : job.leaseExpiresAt().map(FlowViews::shortTime).orElse("never expires")));
    }
    return FlowViews.table(rows);
  }

  /**
   * Trashed jobs as a table: id, name, trashed, reason.
   *
   * @param jobs the jobs
   * @return the table's lines
   */
  public static String trashTable(List<TrashedJob> jobs) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("ID", "NAME", "TRASHED", "REASON"));
    for (TrashedJob job : jobs) {
      rows.add(List.of(job.id(), job.name(), FlowViews.shortTime(job.trashedAt()), job.reason()));
    }
    return FlowViews.table(rows);
  }

  /**
   * One job in full, a field a line.
   *
   * @param job the job
   * @return the lines
   */
  public static String text(Job job) {
    StringBuilder out = new StringBuilder();
    line(out, "job", job.name() + " (" + job.id() + ")");
    line(out, "priority", job.priority().name() + ", sequence " + job.sequence());
    line(out, "posted", job.createdAt().toString());
    line(out, "owner", job.owner().map(owner -> owner + job.leaseExpiresAt()
        .map(expiry -> ", lease until " + expiry).orElse(", claimed without expiry")).orElse("none (claimable)"));
    job.book().ifPresent(book -> line(out, "logbook", book.name() + " (" + book.uuid() + ")"));
    job.flowId().ifPresent(id -> line(out, "flow", id));
    job.factory().ifPresent(call -> line(out, "factory", call.name()
        + (call.name().equals(FlowFileFactory.NAME) && call.kwargs().get("path") instanceof String path
            ? " (" + path + ")" : " " + FlowViews.compact(call.kwargs()))));
    line(out, "inputs", FlowViews.compact(job.inputs()));
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format(java.util.Locale.ROOT, "%-9s %s%n", label + ":", value));
  }
}
