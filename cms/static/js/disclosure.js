/* Fold-away panels on small screens: the header's menu and a listing's filter drawer.
 *
 * Progressive enhancement. Without this script the toggle buttons stay hidden: the menu is simply
 * open, and a listing's "筛选" link jumps to the filters (shown by CSS :target). With it, each
 * <button data-disclosure="menu|drawer" aria-controls="ID"> is shown and toggles its panel:
 * aria-expanded follows the state, Escape closes and gives the focus back to the button. A drawer
 * is a modal panel while it covers the page (phones): the focus moves into it and Tab stays inside.
 * Whether a panel folds at all is decided by CSS (media queries), not here.
 */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])";

  function visible(el) {
    return el.offsetWidth > 0 || el.offsetHeight > 0 || el.getClientRects().length > 0;
  }

  function covering(panel) {
    // A drawer is modal only while it is laid over the page (the phone layout in site.css).
    return getComputedStyle(panel).position === "fixed";
  }

  function setUp(button) {
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return;
    var kind = button.getAttribute("data-disclosure");
    panel.classList.add("js-disclosure");
    button.hidden = false;
    // The no-JS links (jump to the filters, jump back) give way to the button.
    document.querySelectorAll("[data-disclosure-fallback='" + panel.id + "']").forEach(function (link) {
      link.hidden = true;
    });

    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }

    function open() {
      button.setAttribute("aria-expanded", "true");
      panel.classList.add("is-open");
      if (kind === "drawer" && covering(panel)) {
        panel.setAttribute("role", "dialog");
        panel.setAttribute("aria-modal", "true");
        document.body.classList.add("has-open-drawer");
        var first = panel.querySelector("[data-disclosure-close]") || panel.querySelector(FOCUSABLE);
        if (first) first.focus();
      }
    }

    function close(returnFocus) {
      button.setAttribute("aria-expanded", "false");
      panel.classList.remove("is-open");
      panel.removeAttribute("role");
      panel.removeAttribute("aria-modal");
      document.body.classList.remove("has-open-drawer");
      if (returnFocus) button.focus();
    }

    button.addEventListener("click", function () {
      if (isOpen()) close(false);
      else open();
    });
    panel.querySelectorAll("[data-disclosure-close]").forEach(function (closer) {
      closer.hidden = false;
      closer.addEventListener("click", function (event) {
        event.preventDefault();
        close(true);
      });
    });
    document.addEventListener("keydown", function (event) {
      if (!isOpen()) return;
      if (event.key === "Escape") {
        var inside = panel.contains(document.activeElement) || document.activeElement === button;
        close(inside);
        return;
      }
      if (event.key === "Tab" && panel.getAttribute("aria-modal") === "true") {
        var items = Array.prototype.filter.call(panel.querySelectorAll(FOCUSABLE), visible);
        if (!items.length) return;
        var first = items[0];
        var last = items[items.length - 1];
        if (event.shiftKey && (document.activeElement === first || !panel.contains(document.activeElement))) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (document.activeElement === last || !panel.contains(document.activeElement))) {
          event.preventDefault();
          first.focus();
        }
      }
    });
  }

  document.querySelectorAll("button[data-disclosure][aria-controls]").forEach(setUp);
})();
