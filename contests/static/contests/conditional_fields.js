/* Conditional questions of the entry form (补充信息): a question whose input carries
   data-show-when (the name of the field it depends on) and data-show-value is shown only while
   that field has the value. The server decides without JavaScript (by the saved answers) and
   never keeps or requires the answer of a hidden question; this only spares a save. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form.entry-form"), function (form) {
    var dependants = form.querySelectorAll("[data-show-when]");
    if (!dependants.length) return;

    function valuesOf(name) {
      var values = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name !== name) return;
        if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
        values.push(el.value);
      });
      return values;
    }

    function apply() {
      Array.prototype.forEach.call(dependants, function (input) {
        var group = input.closest(".field");
        if (!group) return;
        group.hidden = valuesOf(input.dataset.showWhen).indexOf(input.dataset.showValue) === -1;
      });
    }

    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
    apply();
  });
})();
