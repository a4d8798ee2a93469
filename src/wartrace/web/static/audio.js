/* Recording page: a time code jumps the player to its segment; the playing segment is marked. */
"use strict";
(function () {
  var player = document.getElementById("player");
  var list = document.getElementById("segments");
  if (!player || !list) { return; }
  var items = Array.prototype.slice.call(list.querySelectorAll("li"));
  list.addEventListener("click", function (ev) {
    var b = ev.target.closest("button.seek");
    if (!b) { return; }
    player.currentTime = parseFloat(b.getAttribute("data-start")) || 0;
    var p = player.play();
    if (p && p.catch) { p.catch(function () { /* autoplay refused: the position is set anyway */ }); }
  });
  player.addEventListener("timeupdate", function () {
    var t = player.currentTime;
    items.forEach(function (li) {
      var b = li.querySelector("button.seek");
      var on = t >= parseFloat(b.getAttribute("data-start")) && t < parseFloat(b.getAttribute("data-end"));
      li.classList.toggle("playing", on);
    });
  });
})();
