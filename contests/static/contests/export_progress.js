// Export job page: poll the JSON status and move the progress bar; reload once the job has
// finished so the page shows Wagtail's message and the download link. Without JavaScript the
// page refreshes itself (<noscript><meta refresh>), so this is only an enhancement.
(function () {
  "use strict";
  var root = document.getElementById("export-job");
  if (!root || root.dataset.exportFinished === "true") return;
  var url = root.dataset.exportStatusUrl;
  var field = function (name) { return root.querySelector('[data-export-field="' + name + '"]'); };

  function update(status) {
    var bar = field("progress");
    if (bar) { bar.value = status.percent; bar.textContent = status.percent + "%"; }
    var counts = field("counts");
    if (counts) { counts.textContent = status.done + " / " + status.total + " 行（" + status.percent + "%）"; }
    var label = field("status_label");
    if (label) { label.textContent = status.status_label; }
    if (status.finished) { window.location.reload(); return; }
    window.setTimeout(poll, 2000);
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(update)
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
