package io.taskflow4j.dashboard.internal;

import static io.taskflow4j.dashboard.internal.Html.duration;
import static io.taskflow4j.dashboard.internal.Html.escape;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.state.AtomState;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The live part of a flow's page: its graph, timeline, atoms, failures and retries, rendered from
 * what the store holds. Immutable; {@link #render()} may be called from any thread.
 */
final class FlowPage {

  /** The key of taskflow4j's entry in flow and atom meta data, as the engine writes it. */
  private static final String OURS = "taskflow4j";
  private static final int NODE_WIDTH = 170;
  private static final int NODE_HEIGHT = 34;
  private static final int COLUMN = 220;
  private static final int ROW = 52;

  private final FlowDetail flow;
  private final List<AtomDetail> atoms;
  private final Instant now;

  FlowPage(FlowDetail flow, List<AtomDetail> atoms, Instant now) {
    this.flow = flow;
    this.atoms = atoms.stream().filter(atom -> !atom.isInjector()).toList();
    this.now = now;
  }

  /**
   * A digest of what the page shows, which changes when anything on it would: a page sends the one
   * it was rendered from when it asks for updates, and gets one only once the digest differs.
   */
  static String fingerprint(FlowDetail flow, List<AtomDetail> atoms) {
    StringBuilder out = new StringBuilder(flow.state() + "@" + flow.updatedAt());
    for (AtomDetail atom : atoms) {
      out.append('|').append(atom.name()).append(atom.state()).append(atom.updatedAt()).append(atom.progress());
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  String render() {
    StringBuilder out = new StringBuilder(8192);
    long done = atoms.stream().filter(atom -> atom.state() == AtomState.SUCCESS).count();
    out.append("<p class=\"summary\"><span class=\"state state-").append(flow.state()).append("\" id=\"flow-state\">")
        .append(flow.state()).append("</span> ").append(done).append(" of ").append(atoms.size())
        .append(" atoms succeeded · updated ").append(Html.time(flow.updatedAt())).append("</p>\n");
    out.append("<h2>Graph</h2>\n");
    graph(out);
    out.append("<h2>Timeline</h2>\n");
    timeline(out);
    out.append("<h2>Atoms</h2>\n");
    table(out);
    failures(out);
    retries(out);
    return out.toString();
  }

  // ------------------------------------------------------------------ graph

  private void graph(StringBuilder out) {
    Map<String, List<String>> before = recordedGraph();
    if (atoms.isEmpty()) {
      out.append("<p class=\"note\">This flow has no atoms.</p>\n");
      return;
    }
    Map<String, Integer> layer = new HashMap<>();
    for (AtomDetail atom : atoms) {
      layerOf(atom.name(), before, layer, 0);
    }
    Map<Integer, Integer> rows = new HashMap<>();
    Map<String, int[]> at = new LinkedHashMap<>();
    for (AtomDetail atom : atoms) {
      int column = layer.get(atom.name());
      int row = rows.merge(column, 1, Integer::sum) - 1;
      at.put(atom.name(), new int[] {10 + column * COLUMN, 10 + row * ROW});
    }
    int width = at.values().stream().mapToInt(p -> p[0]).max().orElse(0) + NODE_WIDTH + 20;
    int height = at.values().stream().mapToInt(p -> p[1]).max().orElse(0) + NODE_HEIGHT + 20;
    if (before.isEmpty()) {
      out.append("<p class=\"note\">The run did not record its graph (recorded by another engine, or more than 500"
          + " atoms); atoms are drawn without their links.</p>\n");
    }
    out.append("<div class=\"graph\"><svg id=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"flow graph\">")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\""
            + " markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#6b7280\"/></marker></defs>\n");
    for (AtomDetail atom : atoms) {
      int[] to = at.get(atom.name());
      for (String previous : before.getOrDefault(atom.name(), List.of())) {
        int[] from = at.get(previous);
        if (from != null) {
          out.append("<line class=\"edge\" x1=\"").append(from[0] + NODE_WIDTH).append("\" y1=\"")
              .append(from[1] + NODE_HEIGHT / 2).append("\" x2=\"").append(to[0]).append("\" y2=\"")
              .append(to[1] + NODE_HEIGHT / 2).append("\" marker-end=\"url(#arrow)\"/>\n");
        }
      }
    }
    for (AtomDetail atom : atoms) {
      int[] p = at.get(atom.name());
      String name = escape(atom.name());
      out.append("<g class=\"atom state-").append(atom.state()).append("\" data-atom=\"").append(name)
          .append("\" data-state=\"").append(atom.state()).append("\"><title>").append(name).append(": ")
          .append(atom.state()).append("</title><rect x=\"").append(p[0]).append("\" y=\"").append(p[1])
          .append("\" rx=\"6\" width=\"").append(NODE_WIDTH).append("\" height=\"").append(NODE_HEIGHT)
          .append("\"/><text x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 21).append("\">")
          .append(escape(clip(atom.name(), 22))).append("</text></g>\n");
    }
    out.append("</svg></div>\n");
  }

  private static int layerOf(String name, Map<String, List<String>> before, Map<String, Integer> layer, int depth) {
    Integer known = layer.get(name);
    if (known != null) {
      return known;
    }
    int value = 0;
    if (depth < 1000) {
      for (String previous : before.getOrDefault(name, List.of())) {
        if (before.containsKey(previous)) {
          value = Math.max(value, layerOf(previous, before, layer, depth + 1) + 1);
        }
      }
    }
    layer.put(name, value);
    return value;
  }

  /** The graph the engine recorded, or empty; a malformed one is ignored, never trusted. */
  private Map<String, List<String>> recordedGraph() {
    if (!(flow.meta().get(OURS) instanceof Map<?, ?> ours) || !(ours.get("graph") instanceof Map<?, ?> graph)) {
      return Map.of();
    }
    Map<String, List<String>> before = new LinkedHashMap<>();
    for (AtomDetail atom : atoms) {
      List<String> names = new ArrayList<>();
      if (graph.get(atom.name()) instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof String name && !name.equals(atom.name())) {
            names.add(name);
          }
        }
      }
      before.put(atom.name(), names);
    }
    return before;
  }

  // ------------------------------------------------------------------ timeline

  private void timeline(StringBuilder out) {
    record Bar(AtomDetail atom, Instant start, Instant end, boolean revert, boolean open) {}
    List<Bar> bars = new ArrayList<>();
    for (AtomDetail atom : atoms) {
      Map<?, ?> ours = atom.meta().get(OURS) instanceof Map<?, ?> map ? map : Map.of();
      Optional<Instant> started = instant(ours.get("started_at"));
      if (started.isPresent()) {
        Optional<Instant> ended = instant(ours.get("ended_at"));
        bars.add(new Bar(atom, started.get(), ended.orElse(now), false, ended.isEmpty()));
      }
      Optional<Instant> revertStarted = instant(ours.get("revert_started_at"));
      if (revertStarted.isPresent()) {
        Optional<Instant> revertEnded = instant(ours.get("revert_ended_at"));
        bars.add(new Bar(atom, revertStarted.get(), revertEnded.orElse(now), true, revertEnded.isEmpty()));
      }
    }
    if (bars.isEmpty()) {
      out.append("<p class=\"note\" id=\"timeline\">No atom has started yet.</p>\n");
      return;
    }
    Instant first = bars.stream().map(Bar::start).min(Instant::compareTo).orElseThrow();
    Instant last = bars.stream().map(Bar::end).max(Instant::compareTo).orElseThrow();
    double span = Math.max(1, Duration.between(first, last).toNanos());
    out.append("<div class=\"timeline\" id=\"timeline\"><div class=\"scale\"><span>0</span><span>")
        .append(duration(Duration.between(first, last))).append("</span></div>\n");
    for (Bar bar : bars) {
      double left = Duration.between(first, bar.start()).toNanos() / span * 100;
      double width = Math.max(0.4, Duration.between(bar.start(), bar.end()).toNanos() / span * 100);
      String took = duration(Duration.between(bar.start(), bar.end())) + (bar.open() ? " so far" : "");
      String name = escape(bar.atom().name());
      out.append("<div class=\"lane\" data-atom=\"").append(name).append("\" data-action=\"")
          .append(bar.revert() ? "revert" : "execute").append("\"><span class=\"lane-name\">").append(name)
          .append(bar.revert() ? " <em>revert</em>" : "").append("</span><span class=\"track\"><span class=\"bar ")
          .append(bar.revert() ? "bar-revert" : "bar-execute").append(bar.open() ? " bar-open" : "")
          .append(" state-").append(bar.atom().state()).append("\" style=\"left:")
          .append(String.format(Locale.ROOT, "%.3f", Math.min(left, 99.6))).append("%;width:")
          .append(String.format(Locale.ROOT, "%.3f", Math.min(width, 100 - Math.min(left, 99.6))))
          .append("%\" title=\"").append(took).append("\"></span></span><span class=\"took\">").append(took)
          .append("</span></div>\n");
    }
    out.append("</div>\n");
  }

  private static Optional<Instant> instant(Object value) {
    if (value instanceof String text) {
      try {
        return Optional.of(Instant.parse(text));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ atoms, failures, retries

  private void table(StringBuilder out) {
    out.append("<table class=\"atoms\" id=\"atoms\"><thead><tr><th>Atom</th><th>Type</th><th>State</th>"
        + "<th>Intention</th><th>Attempts</th><th>Progress</th><th>Result</th></tr></thead><tbody>\n");
    for (AtomDetail atom : atoms) {
      Map<?, ?> ours = atom.meta().get(OURS) instanceof Map<?, ?> map ? map : Map.of();
      Object attempts = ours.get("attempts") instanceof Number number ? number : "";
      double progress = Math.max(0, Math.min(1, atom.progress()));
      out.append("<tr data-atom=\"").append(escape(atom.name())).append("\"><td>").append(escape(atom.name()))
          .append("</td><td>").append(atom.type() == AtomType.RETRY_DETAIL ? "retry" : "task")
          .append("</td><td><span class=\"state state-").append(atom.state()).append("\">").append(atom.state())
          .append("</span></td><td>").append(atom.intention()).append("</td><td>").append(attempts)
          .append("</td><td>");
      if (atom.type() == AtomType.TASK_DETAIL) {
        int percent = (int) Math.round(progress * 100);
        out.append("<progress max=\"100\" value=\"").append(percent).append("\"></progress> ").append(percent)
            .append(" %");
      }
      out.append("</td><td class=\"value\">");
      if (atom.type() == AtomType.TASK_DETAIL) {
        atom.results().ifPresent(value -> out.append(escape(clip(String.valueOf(value), 120))));
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
  }

  private void failures(StringBuilder out) {
    List<String[]> shown = new ArrayList<>();
    for (AtomDetail atom : atoms) {
      atom.failure().ifPresent(failure -> shown.add(new String[] {atom.name(), "execute", render(failure)}));
      atom.revertFailure().ifPresent(failure -> shown.add(new String[] {atom.name(), "revert", render(failure)}));
    }
    if (shown.isEmpty()) {
      return;
    }
    out.append("<h2>Failures</h2>\n<div id=\"failures\">\n");
    for (String[] entry : shown) {
      out.append("<section class=\"failure\" data-atom=\"").append(escape(entry[0])).append("\"><h3>")
          .append(escape(entry[0])).append(" <em>").append(entry[1]).append("</em></h3>").append(entry[2])
          .append("</section>\n");
    }
    out.append("</div>\n");
  }

  private static String render(Failure failure) {
    StringBuilder out = new StringBuilder();
    out.append("<p class=\"types\">").append(escape(String.join(" < ", failure.typeNames()))).append("</p>")
        .append("<p class=\"message\">").append(escape(failure.message())).append("</p>");
    if (!failure.traceback().isBlank()) {
      out.append("<details><summary>Traceback</summary><pre>").append(escape(clip(failure.traceback(), 20_000)))
          .append("</pre></details>");
    }
    for (Failure cause : failure.causes()) {
      out.append("<div class=\"cause\"><p>caused by</p>").append(render(cause)).append("</div>");
    }
    return out.toString();
  }

  private void retries(StringBuilder out) {
    List<AtomDetail> controllers = atoms.stream().filter(atom -> atom.type() == AtomType.RETRY_DETAIL).toList();
    if (controllers.isEmpty()) {
      return;
    }
    out.append("<h2>Retries</h2>\n<div id=\"retries\">\n");
    for (AtomDetail retry : controllers) {
      List<?> history = retry.results().orElse(List.of()) instanceof List<?> list ? list : List.of();
      out.append("<section class=\"retry\" data-atom=\"").append(escape(retry.name())).append("\"><h3>")
          .append(escape(retry.name())).append("</h3><ol>");
      for (Object attempt : history) {
        out.append("<li>");
        if (attempt instanceof List<?> pair && pair.size() == 2) {
          out.append("value <code>").append(escape(clip(String.valueOf(pair.get(0)), 80))).append("</code>");
          if (pair.get(1) instanceof Map<?, ?> failed && !failed.isEmpty()) {
            out.append(" · failed: ");
            List<String> names = new ArrayList<>();
            failed.forEach((name, failure) -> names.add(escape(String.valueOf(name)) + " ("
                + escape(failure instanceof Map<?, ?> dict ? clip(String.valueOf(dict.get("exception_str")), 120) : "?") + ")"));
            out.append(String.join(", ", names));
          }
        } else {
          out.append(escape(clip(String.valueOf(attempt), 120)));
        }
        out.append("</li>");
      }
      out.append("</ol></section>\n");
    }
    out.append("</div>\n");
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
