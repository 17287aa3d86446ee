/* Judge score form: a running weighted total that refuses invalid scores instead of clamping them,
   a comment length counter, a warning before leaving with unsaved changes, and the place to come
   back to after saving. Progressive enhancement only: the form works without it, the server checks
   every score again and asks for confirmation before a submission is locked. */
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) return;
  var output = document.getElementById("running-total");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.score-input"));
  var comment = form.querySelector("textarea");
  var counter = document.getElementById("comment-count");
  var anchor = form.querySelector("input[name=anchor]");
  var minComment = parseInt(form.getAttribute("data-min-comment") || "0", 10);
  var dirty = false;

  // The same rule and wording as the server (contests.services.judging.scoring.clean_values).
  function problem(input) {
    var raw = input.value.trim();
    if (raw === "") return input.validity && input.validity.badInput ? "请输入数字。" : "";
    var max = parseFloat(input.getAttribute("data-max"));
    if (!/^\d+(\.\d*)?$|^\.\d+$/.test(raw)) return "请输入数字。";
    var value = parseFloat(raw);
    if (value < 0 || value > max) return "分数应在 0 到 " + max + " 之间。";
    if (Math.round(value * 10) !== value * 10) return "分数最多保留一位小数。";
    return "";
  }

  function showProblem(input, message) {
    var error = document.getElementById(input.name + "-error");
    if (!error) return;
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    var others = described.filter(function (id) { return id !== error.id; });
    if (message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", others.concat([error.id]).join(" "));
    } else if (!error.hasAttribute("data-server")) {
      error.textContent = "";
      error.hidden = true;
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", others.join(" "));
    }
  }

  function updateTotal() {
    var total = 0, complete = true, valid = true;
    inputs.forEach(function (input) {
      var message = problem(input);
      showProblem(input, message);
      if (message) { valid = false; return; }
      var weight = parseFloat(input.getAttribute("data-weight"));
      var max = parseFloat(input.getAttribute("data-max"));
      if (!weight) return;
      if (input.value.trim() === "") { complete = false; return; }
      total += parseFloat(input.value) / max * weight;
    });
    // An invalid score gives no total at all: "—" and the field's message, never a clamped figure.
    output.textContent = valid && complete ? total.toFixed(2) : "—";
  }

  function updateCount() {
    if (!comment || !counter) return;
    var length = comment.value.trim().length;
    counter.textContent = "已写 " + length + " 字" + (length < minComment ? "，还差 " + (minComment - length) + " 字" : "");
  }

  inputs.forEach(function (input) {
    var error = document.getElementById(input.name + "-error");
    // An error the server found stays until the judge changes that field.
    if (error && !error.hidden) error.setAttribute("data-server", "");
    input.addEventListener("input", function () {
      if (error) error.removeAttribute("data-server");
      updateTotal();
    });
  });
  if (comment) comment.addEventListener("input", updateCount);
  updateTotal();
  updateCount();

  form.addEventListener("input", function () { dirty = true; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = form.getAttribute("data-leave-warning") || "";
  });

  form.addEventListener("submit", function () {
    dirty = false;
    // Enter in a score field comes back to that criterion; a button of the save bar to the bar.
    var field = document.activeElement && document.activeElement.closest ? document.activeElement.closest("fieldset.criterion") : null;
    if (anchor) anchor.value = field && form.contains(field) ? field.id : "";
  });
})();
