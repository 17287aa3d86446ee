/* The page editor's slug field suggests what the server will save: the pinyin of the title
 * (cms/slugs.py), numbered when a sibling already has it — never raw Chinese.
 *
 * Wagtail's title field copies itself into the slug field through "w-sync" events dispatched on the
 * slug input, and its JavaScript cannot spell Chinese. This script takes those events over before
 * they reach the input (capture phase) and asks the server instead (the URL is on the slug input,
 * data-readable-slug-url, set by cms.page_forms). Wagtail's own rules still decide when the title
 * syncs at all: never for a published page, and not once the editor has typed a slug of their own.
 */
(function () {
  "use strict";

  var slug = document.querySelector("input[data-readable-slug-url]");
  if (!slug) return;
  var url = slug.getAttribute("data-readable-slug-url");
  var suggested = null; // the last suggestion written into the field
  var pending = null;

  function follows() {
    if (slug.value === "" || suggested === null) return slug.value === "";
    // The server may have numbered it on an autosave (cms.page_forms): still the title's slug.
    var base = suggested.replace(/-\d+$/, "");
    return slug.value === suggested || new RegExp("^" + base + "-\\d+$").test(slug.value);
  }

  function pageUrl(title) {
    // After autosave created the page, the form posts to its edit view: exclude the page itself.
    var created = /\/pages\/(\d+)\/edit\//.exec(slug.form ? slug.form.action : "");
    var address = created ? url.replace(/([?&]page=)\d*/, "$1" + created[1]) : url;
    return address + "&title=" + encodeURIComponent(title);
  }

  function suggest(title) {
    if (pending) pending.abort();
    pending = new AbortController();
    return fetch(pageUrl(title), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: pending.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        return data && data.slug;
      })
      .catch(function () {
        return null; // aborted by a newer keystroke, or offline: the server settles the slug on save
      });
  }

  function onCheck(event) {
    if (event.target !== slug) return;
    event.stopImmediatePropagation();
    if (!follows()) event.preventDefault(); // a slug typed by hand stays
  }

  function onApply(event) {
    if (event.target !== slug) return;
    event.stopImmediatePropagation();
    event.preventDefault(); // not the raw title
    var title = (event.detail && event.detail.value) || "";
    if (!title.trim()) return;
    suggest(title).then(function (value) {
      if (value && follows()) {
        slug.value = value;
        suggested = value;
        slug.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  document.addEventListener("w-sync:start", onCheck, true);
  document.addEventListener("w-sync:check", onCheck, true);
  document.addEventListener("w-sync:apply", onApply, true);

  // A draft opened again: its slug still follows the title if it is what the server would suggest.
  var title = document.getElementById(slug.id.replace(/slug$/, "title"));
  if (slug.value && title && title.value) {
    suggest(title.value).then(function (value) {
      if (value === slug.value) suggested = value;
    });
  }
})();
