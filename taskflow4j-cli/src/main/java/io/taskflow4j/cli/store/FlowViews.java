package io.taskflow4j.cli.store;

import io.taskflow4j.internal.Durations;
import io.taskflow4j.cli.run.Json;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code taskflow flows} shows recorded flows: as tables for people and as JSON for scripts.
 * The JSON fields are documented in {@code docs/guide.md} ("Recording runs from the command
 * line") and kept stable; times are ISO-8601 UTC strings, absent values are {@code null}.
 *
 * <p>Thread-safety: stateless.
 */
public final class FlowViews {

  private static final String OURS = "taskflow4j";
  private static final int RESULT_WIDTH = 60;

  private FlowViews() {}

  /**
   * A listing's entry as JSON-like data: {@code id, name, state, logbook, started_at, updated_at,
   * atoms, atoms_done, flow_file}.
   *
   * @param summary the flow
   * @return a new map, in that order
   */
  public static Map<String, Object> summaryJson(FlowSummary summary) {
    FlowDetail flow = summary.flow();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", flow.uuid());
    json.put("name", flow.name());
    json.put("state", flow.state().name());
    json.put("logbook", summary.logBookName());
    json.put("started_at", flow.createdAt().toString());
    json.put("updated_at", flow.updatedAt().toString());
    json.put("atoms", summary.atoms());
    json.put("atoms_done", summary.succeeded());
    json.put("flow_file", flowFilePath(flow).orElse(null));
    return json;
  }

  /**
   * A flow with its atoms as JSON-like data: {@code id, name, state, logbook, started_at,
   * updated_at, flow_file, inputs, atoms}; each atom as {@link #atomJson}.
   *
   * @param flow the flow
   * @param logBookName its logbook's name, or null
   * @param atoms its atom details, the injector of inputs included
   * @return a new map, in that order
   */
  public static Map<String, Object> flowJson(FlowDetail flow, String logBookName, List<AtomDetail> atoms) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", flow.uuid());
    json.put("name", flow.name());
    json.put("state", flow.state().name());
    json.put("logbook", logBookName);
    json.put("started_at", flow.createdAt().toString());
    json.put("updated_at", flow.updatedAt().toString());
    json.put("flow_file", flowFilePath(flow).orElse(null));
    json.put("inputs", Json.plain(inputs(atoms)));
    List<Object> list = new ArrayList<>();
    for (AtomDetail atom : atoms) {
      if (!atom.isInjector()) {
        list.add(atomJson(atom));
      }
    }
    json.put("atoms", list);
    return json;
  }

  /**
   * An atom as JSON-like data: {@code name, type ("task" or "retry"), state, intention, version,
   * attempts, started_at, ended_at, duration_ms, progress, result, failure, revert_result,
   * revert_failure}; a failure is {@code {"type": ..., "message": ...}}.
   *
   * @param atom the atom
   * @return a new map, in that order
   */
  public static Map<String, Object> atomJson(AtomDetail atom) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", atom.name());
    json.put("type", atom.type() == AtomType.RETRY_DETAIL ? "retry" : "task");
    json.put("state", atom.state().name());
    json.put("intention", atom.intention().name());
    json.put("version", atom.version().orElse(null));
    json.put("attempts", attempts(atom));
    json.put("started_at", time(atom, "started_at").map(Instant::toString).orElse(null));
    json.put("ended_at", time(atom, "ended_at").map(Instant::toString).orElse(null));
    json.put("duration_ms", duration(atom).map(Duration::toMillis).orElse(null));
    json.put("progress", atom.progress());
    json.put("result", Json.plain(atom.results().orElse(null)));
    json.put("failure", atom.failure().map(FlowViews::failureJson).orElse(null));
    json.put("revert_result", Json.plain(atom.revertResults().orElse(null)));
    json.put("revert_failure", atom.revertFailure().map(FlowViews::failureJson).orElse(null));
    return json;
  }

  /**
   * The listing as a table with a header line.
   *
   * @param flows the flows
   * @return lines of text, each ending in a newline
   */
  public static String summaryTable(List<FlowSummary> flows) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("ID", "NAME", "STATE", "STARTED", "UPDATED", "DONE"));
    for (FlowSummary summary : flows) {
      FlowDetail flow = summary.flow();
      rows.add(
          List.of(
              flow.uuid(),
              flow.name(),
              flow.state().name(),
              shortTime(flow.createdAt()),
              shortTime(flow.updatedAt()),
              summary.succeeded() + "/" + summary.atoms()));
    }
    return table(rows);
  }

  /**
   * A flow and its atoms for people: a few lines about the flow, then a table of atoms.
   *
   * @param flow the flow
   * @param logBookName its logbook's name, or null
   * @param atoms its atom details, the injector of inputs included
   * @return lines of text, each ending in a newline
   */
  public static String flowText(FlowDetail flow, String logBookName, List<AtomDetail> atoms) {
    StringBuilder out = new StringBuilder();
    out.append("flow:      ").append(flow.name()).append(" (").append(flow.uuid()).append(")\n");
    out.append("state:     ").append(flow.state()).append('\n');
    if (logBookName != null) {
      out.append("logbook:   ").append(logBookName).append('\n');
    }
    out.append("started:   ").append(shortTime(flow.createdAt())).append('\n');
    out.append("updated:   ").append(shortTime(flow.updatedAt())).append('\n');
    flowFilePath(flow).ifPresent(path -> out.append("flow file: ").append(path).append('\n'));
    out.append("inputs:    ").append(compact(inputs(atoms))).append("\n\n");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("ATOM", "STATE", "INTENTION", "ATTEMPTS", "DURATION", "RESULT / FAILURE"));
    for (AtomDetail atom : atoms) {
      if (atom.isInjector()) {
        continue;
      }
      String outcome =
          atom.failure()
              .map(FlowViews::failureText)
              .orElseGet(() -> atom.results().map(FlowViews::compact).orElse(""));
      if (atom.revertFailure().isPresent()) {
        outcome = outcome + " (revert failed: " + failureText(atom.revertFailure().get()) + ")";
      }
      rows.add(
          List.of(
              atom.name() + (atom.type() == AtomType.RETRY_DETAIL ? " (retry)" : ""),
              atom.state().name(),
              atom.intention().name(),
              String.valueOf(attempts(atom)),
              duration(atom).map(Durations::describe).orElse("-"),
              outcome));
    }
    return out.append(table(rows)).toString();
  }

  private static Map<String, Object> failureJson(Failure failure) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", failure.typeName());
    json.put("message", failure.message());
    return json;
  }

  private static String failureText(Failure failure) {
    return failure.message().isEmpty() ? failure.typeName() : failure.typeName() + ": " + failure.message();
  }

  private static Object inputs(List<AtomDetail> atoms) {
    return atoms.stream()
        .filter(AtomDetail::isInjector)
        .findFirst()
        .flatMap(AtomDetail::results)
        .orElse(Map.of());
  }

  private static Optional<String> flowFilePath(FlowDetail flow) {
    return flow.meta().get(OURS) instanceof Map<?, ?> ours
            && ours.get("flow_file") instanceof Map<?, ?> file
            && file.get("path") instanceof String path
        ? Optional.of(path)
        : Optional.empty();
  }

  private static int attempts(AtomDetail atom) {
    return ours(atom).get("attempts") instanceof Number number ? number.intValue() : 0;
  }

  private static Map<?, ?> ours(AtomDetail atom) {
    return atom.meta().get(OURS) instanceof Map<?, ?> map ? map : Map.of();
  }

  private static Optional<Instant> time(AtomDetail atom, String key) {
    if (!(ours(atom).get(key) instanceof String text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      // Written by another tool, perhaps: show no time rather than fail the whole listing.
      return Optional.empty();
    }
  }

  private static Optional<Duration> duration(AtomDetail atom) {
    Optional<Instant> started = time(atom, "started_at");
    Optional<Instant> ended = time(atom, "ended_at");
    if (started.isEmpty() || ended.isEmpty() || ended.get().isBefore(started.get())) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(started.get(), ended.get()));
  }

  /**
   * A time to the second, for tables.
   *
   * @param instant the time
   * @return such as {@code 2026-12-03T09:00:00Z}
   */
  public static String shortTime(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * A value as one line of JSON, cut to a table cell's width.
   *
   * @param value a JSON-like value
   * @return the text, ending in {@code ...} when cut
   */
  public static String compact(Object value) {
    String text = Json.pretty(value).replaceAll("\\s*\\n\\s*", " ");
    return text.length() <= RESULT_WIDTH ? text : text.substring(0, RESULT_WIDTH - 3) + "...";
  }

  /**
   * Lays rows out as a text table with aligned columns; the first row is the header.
   *
   * @param rows the rows, each with as many cells as the first
   * @return the lines, each ending in a newline
   */
  public static String table(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row.get(i) : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row.get(i)));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
