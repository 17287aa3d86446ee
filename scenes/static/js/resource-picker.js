// The data resource picker (scenes/widgets.py) of the page editors, the contest track admin and the
// team portal's entry form: typing in the search box asks the resource search for at most 20 matches; 添加 puts a ticked checkbox in the chosen list, and
// the page form posts the ticked boxes as it posts any checkbox list. Unticking a box removes that
// resource on save. Every label comes from a data attribute, so it follows the admin language.
(function () {
  "use strict";

  function chosenIds(picker) {
    return Array.prototype.map.call(picker.querySelectorAll("input[name]:checked"), function (box) {
      return box.value;
    });
  }

  function setup(picker) {
    if (picker.dataset.pickerReady) return;
    picker.dataset.pickerReady = "1";
    var labels = picker.dataset;
    var search = picker.querySelector("[data-picker-search]");
    var results = picker.querySelector("[data-picker-results]");
    var status = picker.querySelector("[data-picker-status]");
    var chosen = picker.querySelector("[data-picker-chosen]");
    var empty = picker.querySelector("[data-picker-empty]");
    var timer = null;
    var controller = null;

    function markChosen(button) {
      button.disabled = true;
      button.textContent = labels.chosenLabel;
      // The spoken name starts with the visible word (WCAG 2.5.3), "已选 …" now, not "添加 …".
      var name = button.getAttribute("data-name");
      if (name) button.setAttribute("aria-label", labels.chosenLabel + " " + name);
    }

    function add(item, button) {
      var box = null;
      // A suggested resource (listed unticked) is ticked where it is rather than listed twice.
      picker.querySelectorAll("input[name]").forEach(function (existing) {
        if (existing.value === String(item.id)) box = existing;
      });
      if (box === null) {
        var row = document.createElement("li");
        var label = document.createElement("label");
        box = document.createElement("input");
        box.type = labels.inputType || "checkbox";
        box.name = labels.name;
        box.value = String(item.id);
        var department = document.createElement("span");
        department.className = "resource-picker__department";
        department.textContent = "（" + item.department + "）";
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + item.name));
        label.appendChild(department);
        row.appendChild(label);
        chosen.appendChild(row);
      }
      box.checked = true;
      // Wagtail's unsaved-changes warning listens for changes on the form.
      box.dispatchEvent(new Event("change", { bubbles: true }));
      empty.hidden = true;
      if (box.type === "radio") {
        // One choice: the other results can be chosen instead.
        results.querySelectorAll("button[disabled]").forEach(function (other) {
          other.disabled = false;
          other.textContent = labels.addLabel;
          other.setAttribute("aria-label", labels.addLabel + " " + other.getAttribute("data-name"));
        });
      }
      markChosen(button);
      status.textContent = labels.addedLabel.replace("{name}", item.label);
      search.focus();
    }

    function show(data) {
      results.textContent = "";
      var taken = chosenIds(picker);
      data.results.forEach(function (item) {
        var row = document.createElement("li");
        var name = document.createElement("span");
        name.textContent = item.label;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small button-secondary";
        button.textContent = labels.addLabel;
        button.setAttribute("aria-label", labels.addLabel + " " + item.label);
        button.setAttribute("data-name", item.label);
        if (taken.indexOf(String(item.id)) !== -1) markChosen(button);
        button.addEventListener("click", function () {
          add(item, button);
        });
        row.appendChild(name);
        row.appendChild(button);
        results.appendChild(row);
      });
      var count = String(data.results.length);
      if (!data.results.length) {
        status.textContent = labels.noneLabel;
      } else if (data.more) {
        status.textContent = labels.moreLabel.replace("{count}", count);
      } else {
        status.textContent = labels.foundLabel.replace("{count}", count);
      }
    }

    function run() {
      var query = search.value.trim();
      if (controller) controller.abort();
      if (!query) {
        results.textContent = "";
        status.textContent = "";
        return;
      }
      controller = new AbortController();
      fetch(labels.searchUrl + "?q=" + encodeURIComponent(query), {
        signal: controller.signal,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(show)
        .catch(function (error) {
          if (error.name !== "AbortError") status.textContent = labels.errorLabel;
        });
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    // Enter searches at once and must not submit the page form.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        run();
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-resource-picker]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
