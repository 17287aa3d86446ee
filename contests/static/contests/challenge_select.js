/* The entry form's 赛题 choice follows its track: only the chosen track's 赛题 (an <optgroup>
   labelled with the track's name) can be picked; a 赛题 of another track is cleared when the track
   changes. Without JavaScript every 赛题 is listed by track and the server refuses a mismatch. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form.entry-form"), function (form) {
    var track = form.querySelector("select[name=track]");
    var challenge = form.querySelector("select[name=challenge]");
    if (!track || !challenge) return;
    var groups = Array.prototype.slice.call(challenge.querySelectorAll("optgroup"));

    function apply() {
      var option = track.options[track.selectedIndex];
      var name = option && option.value ? option.textContent.trim() : "";
      groups.forEach(function (group) {
        var mine = !name || group.label === name;
        group.disabled = !mine;
        group.hidden = !mine;
      });
      var chosen = challenge.options[challenge.selectedIndex];
      if (chosen && chosen.parentNode.tagName === "OPTGROUP" && chosen.parentNode.disabled) {
        challenge.value = "";
      }
    }

    track.addEventListener("change", apply);
    apply();
  });
})();
