/* Judge score form: a running weighted total and a comment length counter.
   Progressive enhancement only — the form works without it and the server recomputes the total. */
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) return;
  var output = document.getElementById("running-total");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.score-input"));
  var comment = form.querySelector("textarea");
  var counter = document.getElementById("comment-count");
  var minComment = parseInt(form.getAttribute("data-min-comment") || "0", 10);

  function updateTotal() {
    var total = 0, complete = true;
    inputs.forEach(function (input) {
      var weight = parseFloat(input.getAttribute("data-weight"));
      var max = parseFloat(input.getAttribute("data-max"));
      if (!weight) return;
      var value = parseFloat(input.value);
      if (isNaN(value)) { complete = false; return; }
      total += Math.min(Math.max(value, 0), max) / max * weight;
    });
    output.textContent = complete ? total.toFixed(2) : "—";
  }

  function updateCount() {
    if (!comment || !counter) return;
    var length = comment.value.trim().length;
    counter.textContent = "已写 " + length + " 字" + (length < minComment ? "，还差 " + (minComment - length) + " 字" : "");
  }

  inputs.forEach(function (input) { input.addEventListener("input", updateTotal); });
  if (comment) comment.addEventListener("input", updateCount);
  updateTotal();
  updateCount();

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.value === "submit" && !window.confirm("提交后评分将被锁定，不能再修改。确定提交吗？")) {
      event.preventDefault();
    }
  });
})();
