/* Title suggestions under the search boxes: an ARIA 1.2 combobox with a list popup.
 *
 * Progressive enhancement: every box is a plain GET form and works without this script. With it,
 * an <input data-suggest="/search/suggest/"> becomes a combobox: typing asks the server (debounced,
 * answers kept while the page is open) for up to eight scene and solution titles; ArrowDown/ArrowUp
 * move through them, Enter opens the chosen one (or submits the form when none is chosen), Escape
 * closes the list, and a click opens a title. The count is announced in a polite live region.
 */
(function () {
  "use strict";

  var DELAY = 150;
  var boxes = 0;
  // The words come from the page (translated there): the list's name and "{count} suggestions".
  var script = document.currentScript;
  var LABEL = (script && script.getAttribute("data-label")) || "";
  var STATUS = (script && script.getAttribute("data-status")) || "{count}";

  function enhance(input) {
    var form = input.form;
    if (!form) return;
    boxes += 1;
    var listId = "search-suggest-" + boxes;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", LABEL);
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    form.classList.add("has-suggest");
    form.appendChild(list);
    form.appendChild(status);

    var answers = {};
    var timer = null;
    var active = -1;
    var shownFor = null;

    function options() {
      return list.querySelectorAll('[role="option"]');
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      var items = options();
      if (!items.length) return;
      if (index < 0) index = items.length - 1;
      if (index >= items.length) index = 0;
      for (var i = 0; i < items.length; i += 1) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }

    function open(url) {
      window.location.assign(url);
    }

    function show(query, suggestions) {
      if (input.value.trim() !== query) return; // an older answer, arrived late
      list.textContent = "";
      suggestions.forEach(function (suggestion, index) {
        var item = document.createElement("li");
        item.id = listId + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = suggestion.title;
        item.setAttribute("data-url", suggestion.url);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
        });
        item.addEventListener("click", function () {
          open(suggestion.url);
        });
        list.appendChild(item);
      });
      shownFor = query;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = STATUS.replace("{count}", String(suggestions.length));
      } else {
        close();
        status.textContent = "";
      }
    }

    function ask(query) {
      if (Object.prototype.hasOwnProperty.call(answers, query)) {
        show(query, answers[query]);
        return;
      }
      var url = input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          answers[query] = data.suggestions || [];
          show(query, answers[query]);
        })
        .catch(function () {
          close(); // offline or refused: the form still works
        });
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      window.clearTimeout(timer);
      if (!query) {
        list.textContent = "";
        shownFor = null;
        close();
        return;
      }
      timer = window.setTimeout(function () {
        ask(query);
      }, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = input.getAttribute("aria-expanded") === "true";
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!expanded) {
          if (options().length && shownFor === input.value.trim()) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
          } else {
            return;
          }
        }
        event.preventDefault();
        choose(event.key === "ArrowDown" ? active + 1 : active - 1);
      } else if (event.key === "Enter") {
        if (expanded && active >= 0) {
          event.preventDefault();
          open(options()[active].getAttribute("data-url"));
        }
      } else if (event.key === "Escape") {
        if (expanded) {
          event.preventDefault(); // a search input would also clear itself
          close();
        }
      }
    });

    input.addEventListener("blur", close);
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-suggest]");
    for (var i = 0; i < inputs.length; i += 1) enhance(inputs[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
