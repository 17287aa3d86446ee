/* Filter box of a long checklist (contests.portal.checklist.GroupedChecklist): shows only the
   boxes whose label or group matches what is typed; ticked boxes always stay in view. Without
   JavaScript the box stays hidden and every checkbox is listed. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-checklist]"), function (list) {
    var filter = list.querySelector("[data-checklist-filter]");
    var count = list.querySelector("[data-checklist-count]");
    if (!filter) return;
    var groups = Array.prototype.slice.call(list.querySelectorAll(".checklist-group"));
    var total = list.querySelectorAll("input[type=checkbox]").length;

    function apply() {
      var words = filter.value.trim().toLowerCase();
      var shown = 0, ticked = 0;
      groups.forEach(function (group) {
        var legend = group.querySelector("legend").textContent.toLowerCase();
        var visible = 0;
        Array.prototype.forEach.call(group.querySelectorAll("li"), function (item) {
          var box = item.querySelector("input");
          var match = !words || box.checked || legend.indexOf(words) !== -1 ||
            item.textContent.toLowerCase().indexOf(words) !== -1;
          item.hidden = !match;
          if (match) visible += 1;
          if (box.checked) ticked += 1;
        });
        group.hidden = visible === 0;
        shown += visible;
      });
      if (count) count.textContent = "显示 " + shown + " / " + total + " 项，已选 " + ticked + " 项";
    }

    filter.hidden = false;
    filter.addEventListener("input", apply);
    list.addEventListener("change", apply);
    apply();
  });
})();
