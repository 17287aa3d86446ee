/* The live final's state, polled every two seconds with If-None-Match (a 304 when nothing changed).
   The big screen redraws itself from it; the host console reloads when the room changed (unless
   someone is typing); the judge's tablet reloads when the next team takes the stage (unless a score
   is still waiting for the network). Short polling, not server-sent events: see contests/live/views/screen.py. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-state]");
  if (!root || !window.fetch) return;
  var url = root.getAttribute("data-live-state");
  var version = root.getAttribute("data-live-version");
  var etag = null;
  var offset = 0; // server clock − this device's clock, in ms
  var deadline = null;
  var INTERVAL = 2000;

  function field(name) { return root.querySelector('[data-field="' + name + '"]'); }
  function setText(name, value) { var el = field(name); if (el) el.textContent = value == null ? "" : value; }
  function label(name) { return root.getAttribute("data-label-" + name) || ""; }

  function judgeItem(row) {
    var li = document.createElement("li");
    li.className = "judge-" + row.status + (row.dropped ? " dropped" : "");
    var name = document.createElement("span");
    name.className = "judge-name";
    name.textContent = label("judge") + row.number;
    var total = document.createElement("span");
    total.className = "judge-total";
    if (row.status === "absent") total.textContent = label("absent");
    else if (row.total && row.dropped) { var s = document.createElement("s"); s.textContent = row.total; total.appendChild(s); }
    else total.textContent = row.total || "…";
    li.appendChild(name);
    li.appendChild(total);
    if (row.dropped) {
      var note = document.createElement("small");
      note.textContent = label(row.dropped === "high" ? "high" : "low");
      li.appendChild(note);
    }
    return li;
  }

  function drawScreen(state) {
    var slot = state.slot;
    setText("order", slot ? label("order").replace("{n}", slot.order) : "");
    setText("title", slot ? slot.title : "");
    setText("state_label", slot ? slot.state_label : "");
    setText("final", slot && slot.final ? slot.final : "");
    var finalRow = field("final-row");
    if (finalRow) finalRow.hidden = !(slot && slot.final);
    var list = field("judges");
    if (list) {
      list.textContent = "";
      (slot ? slot.judges : []).forEach(function (row) { list.appendChild(judgeItem(row)); });
    }
    var next = field("next");
    if (next) {
      next.textContent = state.next
        ? label("next").replace("{n}", state.next.order).replace("{title}", state.next.title) : "";
    }
    deadline = slot && slot.deadline ? Date.parse(slot.deadline) : null;
  }

  function pendingScore() {
    try {
      for (var i = 0; i < localStorage.length; i++) {
        if (localStorage.key(i).indexOf("shuyong-live-pending:") === 0) return true;
      }
    } catch (e) { /* private mode: nothing kept */ }
    return false;
  }

  function typing() {
    var el = document.activeElement;
    return el && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) && el.type !== "submit";
  }

  function apply(state) {
    if (state.now) offset = Date.parse(state.now) - Date.now();
    if (root.hasAttribute("data-live-reload")) {
      if (String(state.version) !== version && !typing()) window.location.reload();
      return;
    }
    if (root.classList.contains("judge-pad")) {
      var slot = state.slot;
      var id = slot && ["pitching", "questions", "scoring"].indexOf(slot.state) >= 0 ? String(slot.id) : "";
      if (id !== (root.getAttribute("data-slot") || "") && !pendingScore()) window.location.reload();
      if (slot) setText("state_label", slot.state_label);
      return;
    }
    drawScreen(state);
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var timer = field("timer");
    if (!timer) return;
    if (!deadline) { timer.textContent = ""; return; }
    var left = Math.round((deadline - (Date.now() + offset)) / 1000);
    timer.classList.toggle("overtime", left <= 0);
    left = Math.max(left, 0);
    timer.textContent = two(Math.floor(left / 60)) + ":" + two(left % 60);
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 304 || !response.ok) return null;
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (state) { if (state) apply(state); })
      .catch(function () { /* the venue's network: try again at the next tick */ })
      .then(function () { window.setTimeout(poll, INTERVAL); });
  }

  // The projector's operator makes the screen full-screen with one click (the button then hides).
  var fullscreen = root.querySelector("[data-fullscreen]");
  if (fullscreen && document.documentElement.requestFullscreen) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", function () { document.documentElement.requestFullscreen(); });
    document.addEventListener("fullscreenchange", function () { fullscreen.hidden = !!document.fullscreenElement; });
  }

  var timer = field("timer");
  if (timer && timer.getAttribute("data-deadline")) deadline = Date.parse(timer.getAttribute("data-deadline"));
  window.setInterval(tick, 500);
  tick();
  poll();
})();
