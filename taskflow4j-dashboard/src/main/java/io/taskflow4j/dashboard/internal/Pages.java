package io.taskflow4j.dashboard.internal;

import static io.taskflow4j.dashboard.internal.Html.escape;
import static io.taskflow4j.dashboard.internal.Html.url;

import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowSummary;
import io.taskflow4j.state.FlowState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The dashboard's pages as HTML. Stateless. */
final class Pages {

  private Pages() {}

  /** A whole page around its content. */
  static String layout(String title, String section, String content) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + escape(title) + " · taskflow4j</title>"
        + "<link rel=\"stylesheet\" href=\"/static/dashboard.css\"></head><body>\n"
        + "<header><span class=\"brand\">taskflow4j</span><nav>"
        + link("/flows", "Flows", section) + link("/workers", "Workers", section) + link("/jobs", "Jobs", section)
        + "</nav></header>\n<main>\n" + content + "</main>\n<script src=\"/static/dashboard.js\"></script>\n</body></html>\n";
  }

  private static String link(String href, String label, String section) {
    return "<a href=\"" + href + "\"" + (label.equals(section) ? " class=\"current\"" : "") + ">" + label + "</a>";
  }

  /** An error page's content: what is wrong, never a stack trace. */
  static String error(int status, String reason, String message) {
    return layout(reason, "", "<h1>" + status + " " + escape(reason) + "</h1>\n<p class=\"error\" id=\"error\">"
        + escape(message) + "</p>\n<p><a href=\"/flows\">Back to the flows</a></p>\n");
  }

  /** The flow list with its filter form. */
  static String flowList(ListFilter filter, List<FlowSummary> flows, boolean more, String storeName) {
    StringBuilder out = new StringBuilder(16384);
    out.append("<h1>Flows</h1>\n<p class=\"note\">").append(escape(storeName)).append("</p>\n");
    out.append("<form class=\"filter\" id=\"filter\" method=\"get\" action=\"/flows\"><fieldset><legend>State</legend>");
    for (FlowState state : FlowState.values()) {
      out.append("<label><input type=\"checkbox\" name=\"state\" value=\"").append(state).append("\"")
          .append(filter.states().contains(state) ? " checked" : "").append("> ").append(state).append("</label> ");
    }
    out.append("</fieldset><label>Name contains <input type=\"text\" name=\"name\" value=\"")
        .append(escape(filter.name().orElse(""))).append("\" maxlength=\"").append(ListFilter.MAX_NAME)
        .append("\"></label> <label>Updated after <input type=\"text\" name=\"after\" placeholder=\"2026-12-01T00:00:00Z\""
            + " value=\"").append(filter.after().map(Instant::toString).orElse(""))
        .append("\"></label> <button type=\"submit\">Filter</button> <a href=\"/flows\">Clear</a></form>\n");
    if (flows.isEmpty()) {
      out.append("<p class=\"note\" id=\"no-flows\">No flow matches.</p>\n");
      return layout("Flows", "Flows", out.toString());
    }
    out.append("<table class=\"flows\" id=\"flows\"><thead><tr><th>Flow</th><th>State</th><th>Atoms done</th>"
        + "<th>Updated</th><th>Created</th><th>Logbook</th></tr></thead><tbody>\n");
    for (FlowSummary summary : flows) {
      FlowDetail flow = summary.flow();
      out.append("<tr data-flow=\"").append(escape(flow.uuid())).append("\" data-state=\"").append(flow.state())
          .append("\"><td><a href=\"/flows/").append(url(flow.uuid())).append("\">").append(escape(flow.name()))
          .append("</a><div class=\"id\">").append(escape(flow.uuid())).append("</div></td><td><span class=\"state state-")
          .append(flow.state()).append("\">").append(flow.state()).append("</span></td><td>").append(summary.succeeded())
          .append(" / ").append(summary.atoms()).append("</td><td>").append(Html.time(flow.updatedAt()))
          .append("</td><td>").append(Html.time(flow.createdAt())).append("</td><td>")
          .append(escape(summary.logBookName())).append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    if (more) {
      Instant oldest = flows.get(flows.size() - 1).flow().updatedAt();
      out.append("<p><a id=\"older\" href=\"/flows?").append(filter.withBefore(oldest).query())
          .append("\">Older flows →</a></p>\n");
    }
    return layout("Flows", "Flows", out.toString());
  }

  /** A flow's page: its heading, actions and live part. */
  static String flow(FlowDetail flow, String live, String version, boolean finished, boolean actionsAllowed,
      Optional<String> notice) {
    StringBuilder out = new StringBuilder(live.length() + 4096);
    out.append("<p><a href=\"/flows\">← Flows</a></p>\n<h1>").append(escape(flow.name())).append("</h1>\n")
        .append("<p class=\"id\">").append(escape(flow.uuid())).append(" · created ")
        .append(Html.time(flow.createdAt())).append("</p>\n");
    notice.ifPresent(text -> out.append("<p class=\"notice\" id=\"notice\">").append(escape(text)).append("</p>\n"));
    if (!finished) {
      String disabled = actionsAllowed ? "" : " disabled title=\"actions are disabled: start the dashboard with --allow-actions\"";
      out.append("<div class=\"actions\">");
      for (String action : List.of("resume", "revert")) {
        out.append("<form method=\"post\" action=\"/flows/").append(url(flow.uuid())).append('/').append(action)
            .append("\" data-confirm=\"").append(action.equals("resume") ? "Resume" : "Revert").append(" flow '")
            .append(escape(flow.name())).append("'?\"><button type=\"submit\" id=\"").append(action).append("\"")
            .append(disabled).append('>').append(action.equals("resume") ? "Resume" : "Revert").append("</button></form>");
      }
      if (!actionsAllowed) {
        out.append("<span class=\"note\">Actions are disabled: start the dashboard with --allow-actions.</span>");
      }
      out.append("</div>\n");
    }
    out.append("<div id=\"flow-live\"").append(finished ? "" : " data-events=\"/flows/" + url(flow.uuid()) + "/events?since=" + version + "\"")
        .append(">\n").append(live).append("</div>\n");
    return layout(flow.name(), "Flows", out.toString());
  }
}
