/* The judge's score, safe on a flaky venue network. On submit the score is written to localStorage
   with the page's idempotency key before it is sent; it stays there until the server answers 200
   (then "已提交") or refuses it (the reason is shown). While the network is down the page says
   "已保存在本设备，等待网络" and retries every five seconds and as soon as the browser is back online.
   A retry carries the same key, so the server never counts it twice. */
(function () {
  "use strict";
  var form = document.querySelector("[data-judge-form]");
  if (!form || !window.fetch || !window.localStorage) return;
  var texts = document.getElementById("judge-messages");
  var status = form.querySelector("[data-status]");
  var STORE = "shuyong-live-pending:" + form.getAttribute("action");
  var sending = false;

  function text(name) { return texts.getAttribute("data-" + name); }
  function load() { try { return JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { return null; } }
  function show(message, kind) {
    status.textContent = message;
    status.className = "judge-status status-" + kind;
  }
  function inputs() { return form.querySelectorAll("input[name^='criterion_'], textarea, button"); }
  function lock() { Array.prototype.forEach.call(inputs(), function (el) { el.disabled = true; }); }

  function payload() {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name^='criterion_']"), function (input) {
      values[input.name.slice("criterion_".length)] = input.value.trim();
    });
    return {
      slot: form.elements.slot.value,
      key: form.elements.key.value,
      values: values,
      comment: form.elements.comment.value,
    };
  }

  function restore(pending) {
    if (String(pending.slot) !== form.elements.slot.value) return;
    form.elements.key.value = pending.key;
    Object.keys(pending.values).forEach(function (id) {
      var input = form.elements["criterion_" + id];
      if (input) input.value = pending.values[id];
    });
    form.elements.comment.value = pending.comment || "";
  }

  function refused(body) {
    var detail = body && body.error ? body.error : "";
    var errors = (body && body.errors) || {};
    Object.keys(errors).forEach(function (id) {
      var input = form.elements["criterion_" + id];
      if (input) { input.setAttribute("aria-invalid", "true"); detail += " " + errors[id]; }
    });
    show(text("refused") + "：" + detail, "refused");
  }

  function send() {
    var pending = load();
    if (!pending || sending) return;
    if (navigator.onLine === false) { show(text("pending"), "pending"); return; }
    sending = true;
    show(text("sending"), "sending");
    fetch(form.getAttribute("action"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
      },
      body: JSON.stringify(pending),
    })
      .then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (answer) {
        // Only an answer of the application ends the wait: 200 (kept) or 400/409 (refused, with why).
        if (answer.status === 200 && answer.body.ok) {
          localStorage.removeItem(STORE);
          if (String(pending.slot) === form.elements.slot.value) { show(text("sent"), "sent"); lock(); }
        } else if (answer.status === 400 || answer.status === 409) {
          localStorage.removeItem(STORE);
          refused(answer.body);
        } else {
          show(text("pending"), "pending");
        }
      })
      .catch(function () { show(text("pending"), "pending"); })
      .then(function () { sending = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (load()) { send(); return; }
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) {
      el.removeAttribute("aria-invalid");
    });
    localStorage.setItem(STORE, JSON.stringify(payload()));
    send();
  });
  window.addEventListener("online", send);
  window.setInterval(send, 5000);

  var pending = load();
  if (pending) {
    restore(pending);
    show(text("pending"), "pending");
    send();
  }
})();
