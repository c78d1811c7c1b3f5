package io.taskflow4j.dashboard.internal;

import static io.taskflow4j.dashboard.internal.Html.escape;
import static io.taskflow4j.dashboard.internal.Html.url;

import io.taskflow4j.jobs.Job;
import io.taskflow4j.jobs.TrashedJob;
import java.util.List;
import java.util.Optional;

/** The jobs page, from a job board. Stateless; a class of its own so that the optional module it needs is loaded only when used. */
final class JobsPage {

  private JobsPage() {}

  /** The jobs on a board, and those trashed. */
  static String render(Optional<List<Job>> jobs, List<TrashedJob> trashed, boolean actionsAllowed, Optional<String> notice) {
    StringBuilder out = new StringBuilder("<h1>Jobs</h1>\n");
    notice.ifPresent(text -> out.append("<p class=\"notice\" id=\"notice\">").append(escape(text)).append("</p>\n"));
    if (jobs.isEmpty()) {
      out.append("<p class=\"note\" id=\"no-board\">No job board: start the dashboard with --board URL to see its jobs.</p>\n");
      return Pages.layout("Jobs", "Jobs", out.toString());
    }
    if (jobs.get().isEmpty()) {
      out.append("<p class=\"note\" id=\"no-jobs\">The board holds no job.</p>\n");
    } else {
      String disabled = actionsAllowed ? "" : " disabled title=\"actions are disabled: start the dashboard with --allow-actions\"";
      out.append("<table id=\"jobs\"><thead><tr><th>Job</th><th>Priority</th><th>Created</th><th>Owner</th>"
          + "<th>Lease expires</th><th></th></tr></thead><tbody>\n");
      for (Job job : jobs.get()) {
        out.append("<tr data-job=\"").append(escape(job.id())).append("\"><td>").append(escape(job.name()))
            .append("<div class=\"id\">").append(escape(job.id())).append("</div></td><td>").append(job.priority())
            .append("</td><td>").append(Html.time(job.createdAt())).append("</td><td>")
            .append(escape(job.owner().orElse("—"))).append("</td><td>")
            .append(job.leaseExpiresAt().map(Html::time).orElse("—")).append("</td><td><form method=\"post\" action=\"/jobs/")
            .append(url(job.id())).append("/trash\" data-confirm=\"Trash job '").append(escape(job.name()))
            .append("'?\"><button type=\"submit\" class=\"trash\"").append(disabled).append(">Trash</button></form></td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    if (!trashed.isEmpty()) {
      out.append("<h2>Trashed</h2>\n<table id=\"trashed\"><thead><tr><th>Job</th><th>Reason</th><th>Trashed</th></tr></thead><tbody>\n");
      for (TrashedJob job : trashed) {
        out.append("<tr><td>").append(escape(job.name())).append("<div class=\"id\">").append(escape(job.id()))
            .append("</div></td><td>").append(escape(job.reason())).append("</td><td>").append(Html.time(job.trashedAt()))
            .append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    return Pages.layout("Jobs", "Jobs", out.toString());
  }
}
