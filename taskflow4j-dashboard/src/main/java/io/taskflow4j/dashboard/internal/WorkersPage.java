package io.taskflow4j.dashboard.internal;

import static io.taskflow4j.dashboard.internal.Html.escape;

import io.taskflow4j.remote.KnownWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The workers page, from a remote executor's known workers. Stateless; a class of its own so that the optional module it needs is loaded only when used. */
final class WorkersPage {

  private WorkersPage() {}

  /** The workers a remote executor knows. */
  static String render(Optional<List<KnownWorker>> known, Instant now) {
    StringBuilder out = new StringBuilder("<h1>Workers</h1>\n");
    if (known.isEmpty()) {
      out.append("<p class=\"note\" id=\"no-workers\">No exchange to watch: start the dashboard with --url and"
          + " --exchange (and --topic for each worker topic) to see the workers there.</p>\n");
      return Pages.layout("Workers", "Workers", out.toString());
    }
    if (known.get().isEmpty()) {
      out.append("<p class=\"note\" id=\"no-workers\">No worker has answered yet.</p>\n");
      return Pages.layout("Workers", "Workers", out.toString());
    }
    out.append("<table id=\"workers\"><thead><tr><th>Topic</th><th>Tasks served</th><th>Last seen</th></tr></thead><tbody>\n");
    for (KnownWorker worker : known.get()) {
      out.append("<tr data-topic=\"").append(escape(worker.topic())).append("\"><td>").append(escape(worker.topic()))
          .append("</td><td>").append(escape(String.join(", ", worker.tasks()))).append("</td><td>")
          .append(Html.duration(Duration.between(worker.lastSeen(), now))).append(" ago</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    return Pages.layout("Workers", "Workers", out.toString());
  }

}
