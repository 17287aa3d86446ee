// A filter box above long taxonomy checkbox lists in the page editor (scenes/widgets.py):
// typing hides the options (and department groups) whose label does not contain the text.
// Ticked boxes stay ticked while hidden, so filtering never changes what is saved.
(function () {
  "use strict";

  function optionsOf(list) {
    return Array.prototype.filter.call(list.querySelectorAll("div"), function (div) {
      return div.querySelector(":scope > label > input[type=checkbox]");
    });
  }

  function addFilter(list) {
    if (list.dataset.filterReady) return;
    list.dataset.filterReady = "1";
    var first = list.querySelector("input[type=checkbox]");
    var box = document.createElement("input");
    box.type = "search";
    box.className = "w-field__input taxonomy-checkboxes-filter";
    box.setAttribute("aria-label", (first && first.dataset.filterLabel) || "");
    box.placeholder = box.getAttribute("aria-label");
    box.setAttribute("aria-controls", list.id);
    list.parentNode.insertBefore(box, list);

    box.addEventListener("input", function () {
      var text = box.value.trim().toLowerCase();
      optionsOf(list).forEach(function (option) {
        option.hidden = text !== "" && option.textContent.toLowerCase().indexOf(text) === -1;
      });
      // A department whose resources are all hidden is hidden too.
      Array.prototype.forEach.call(list.children, function (group) {
        if (group.querySelector(":scope > label:first-child > input")) return;
        var shown = Array.prototype.some.call(group.children, function (child) {
          return child.tagName === "DIV" && !child.hidden;
        });
        group.hidden = !shown;
      });
    });
    // Enter in the filter box must not submit the page form.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  function init() {
    document.querySelectorAll("div.taxonomy-checkboxes--filterable").forEach(addFilter);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
