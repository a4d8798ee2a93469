/* Timeline: incidents over time in lanes by event type; a date range is a wide bar, a day a tick. */
"use strict";
(function () {
  var box = document.getElementById("timeline");
  if (!box) { return; }
  var status = document.getElementById("timeline-status");
  var form = document.getElementById("timeline-filters");
  var DAY = 86400000;

  function draw(data) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var rows = data.rows;
    box.setAttribute("data-count", String(rows.length));
    status.textContent = rows.length + " dated incident" + (rows.length === 1 ? "" : "s") +
      (data.total > rows.length ? " (first " + rows.length + " of " + data.total + ")" : "");
    if (!rows.length) { return; }
    var lanes = [], laneOf = {};
    rows.forEach(function (r) { if (!(r[1] in laneOf)) { laneOf[r[1]] = lanes.length; lanes.push(r[1]); } });
    var t0 = Date.parse(rows[0][2]), t1 = t0;
    rows.forEach(function (r) { t1 = Math.max(t1, Date.parse(r[3] || r[2])); });
    t0 -= DAY; t1 += 2 * DAY;
    var left = 190, width = Math.max(box.clientWidth - left - 20, 600), laneH = 46, top = 24;
    var height = top + lanes.length * laneH + 30;
    var x = function (t) { return left + (t - t0) / (t1 - t0) * width; };
    var svg = wt.svg("svg", { width: left + width + 20, height: height, role: "img", "aria-label": "timeline" }, box);
    var axis = wt.svg("g", { "class": "axis" }, svg);
    var span = (t1 - t0) / DAY, step = span > 1500 ? 365 : span > 240 ? 30 : span > 60 ? 7 : 1;
    for (var t = t0; t <= t1; t += step * DAY) {
      var xx = x(t);
      wt.svg("line", { x1: xx, x2: xx, y1: top - 6, y2: height - 24 }, axis);
      var label = wt.svg("text", { x: xx + 2, y: height - 10 }, axis);
      label.textContent = new Date(t).toISOString().slice(0, step >= 30 ? 7 : 10);
    }
    lanes.forEach(function (name, i) {
      var l = wt.svg("text", { x: 6, y: top + i * laneH + laneH / 2 + 4, "class": "lane-label" }, svg);
      l.textContent = name;
    });
    var jitter = {};
    rows.forEach(function (r) {
      var lane = laneOf[r[1]], s = Date.parse(r[2]), e = Date.parse(r[3] || r[2]) + DAY;
      var range = (e - s) > DAY * 1.5;
      var k = lane + ":" + r[2];
      jitter[k] = ((jitter[k] || 0) + 1) % 5;
      var y = top + lane * laneH + 6 + jitter[k] * 7;
      var w = Math.max(x(e) - x(s), 5);
      var a = wt.svg("a", { href: "/incidents/" + encodeURIComponent(r[0]) }, svg);
      var rect = wt.svg("rect", { x: x(s), y: range ? top + lane * laneH + 4 : y, width: w, height: range ? laneH - 8 : 10, rx: 2,
        "class": "item f-" + wt.typeClass(r[1]) + (range ? " range" : " point"), "data-id": r[0] }, a);
      var title = wt.svg("title", {}, rect);
      title.textContent = r[6] + " · " + r[2] + (r[3] && r[3] !== r[2] ? " – " + r[3] : "") + " (" + (r[4] || "?") + ") · " + r[5];
    });
  }

  function load(query) {
    status.textContent = "loading…";
    wt.getJSON(box.getAttribute("data-api") + (query ? "?" + query : "")).then(draw).catch(function (err) {
      status.textContent = "could not load the timeline: " + err.message;
    });
  }

  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = wt.formQuery(form);
      history.replaceState(null, "", "/timeline" + (q ? "?" + q : ""));
      load(q);
    });
  }
  load(box.getAttribute("data-query"));
})();
