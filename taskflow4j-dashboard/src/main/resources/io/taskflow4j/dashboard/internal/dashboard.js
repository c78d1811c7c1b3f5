// taskflow4j dashboard: confirmations for actions, live updates of a flow's page. No build step.
"use strict";
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
});
(function follow() {
  var live = document.getElementById("flow-live");
  if (!live || !live.dataset.events || !window.EventSource) {
    return;
  }
  var source = new EventSource(live.dataset.events);
  source.addEventListener("flow", function (event) {
    var update = JSON.parse(event.data);
    live.innerHTML = update.html;
    live.dataset.updates = String(Number(live.dataset.updates || "0") + 1);
    if (update.finished) {
      source.close();
      document.querySelectorAll(".actions").forEach(function (actions) { actions.remove(); });
    }
  });
  source.addEventListener("gone", function () { source.close(); });
})();
