/* Map: offline outlines (Natural Earth), optional online tiles, pins for exact places
   (clustered), circles for places known only to a district, an oblast or a country. */
"use strict";
(function () {
  var el = document.getElementById("map");
  if (!el) { return; }
  var status = document.getElementById("map-status");
  if (typeof L === "undefined") { status.textContent = "Leaflet is not installed (xstatic-leaflet)."; return; }
  var map = L.map(el, { minZoom: 2, maxZoom: 18, worldCopyJump: true }).setView([48.5, 34], 6);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-tiles-attribution") || "" }).addTo(map);
  }
  var STYLES = {
    border: { color: "#4d5b69", weight: 1.4 }, coast: { color: "#6f8fa8", weight: 1 },
    admin1: { color: "#9aa6b1", weight: 0.7, dashArray: "3 3" }
  };
  map.createPane("wt-land").style.zIndex = 250;   /* below the tiles' lines and the data */
  map.createPane("wt-lines").style.zIndex = 260;
  (el.getAttribute("data-basemap") || "").split(" ").filter(Boolean).forEach(function (url, i) {
    wt.getJSON(url).then(function (gj) {
      L.geoJSON(gj, { interactive: false, pane: i === 0 ? "wt-land" : "wt-lines", style: function (f) {
        return STYLES[f.properties && f.properties.kind] ||
          { color: "#8a99a6", weight: 0.8, fillColor: "#ffffff", fillOpacity: tiles ? 0 : 0.95 };
      } }).addTo(map);
    }).catch(function () { /* the outlines are a convenience; the data still shows */ });
  });
  var RADIUS_KM = { admin2: 25, admin1: 80, country: 300 };
  var pins = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup({ chunkedLoading: true }) : L.layerGroup();
  var areas = L.layerGroup();
  pins.addTo(map); areas.addTo(map);

  function popup(r) {
    var div = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/incidents/" + encodeURIComponent(r[0]);
    a.textContent = r[4] + " · " + r[0];
    div.appendChild(a);
    var p = document.createElement("div");
    p.textContent = "status " + r[5] + (RADIUS_KM[r[3]] ? " · place known only to " + r[3] : "");
    div.appendChild(p);
    return div;
  }

  function draw(data) {
    pins.clearLayers(); areas.clearLayers();
    var bounds = [], nPins = 0, nAreas = 0;
    data.rows.forEach(function (row) {
      /* precision, type and status come as indexes into the lists sent once with the rows */
      var r = [row[0], row[1], row[2], data.precisions[row[3]], data.types[row[4]], data.statuses[row[5]]];
      var ll = [r[1], r[2]], cls = wt.typeClass(r[4]);
      bounds.push(ll);
      if (RADIUS_KM[r[3]]) {
        L.circle(ll, { radius: RADIUS_KM[r[3]] * 1000, weight: 1, fillOpacity: 0.08, className: "area f-" + cls })
          .bindPopup(function () { return popup(r); }).addTo(areas);
        nAreas++;
      } else {
        var icon = L.divIcon({ className: "wt-pin t-" + cls, iconSize: [12, 12], html: "" });
        pins.addLayer(L.marker(ll, { icon: icon, title: r[4] + " " + r[0] }).bindPopup(function () { return popup(r); }));
        nPins++;
      }
    });
    el.setAttribute("data-pins", String(nPins));
    el.setAttribute("data-areas", String(nAreas));
    status.textContent = nPins + " exact places, " + nAreas + " areas" + (data.truncated ? " (truncated)" : "");
    if (bounds.length) { map.fitBounds(bounds, { maxZoom: 9, padding: [20, 20] }); }
  }

  function load(query) {
    status.textContent = "loading…";
    wt.getJSON(el.getAttribute("data-api") + (query ? "?" + query : "")).then(draw).catch(function (err) {
      status.textContent = "could not load the incidents: " + err.message;
    });
  }
  var form = document.getElementById("map-filters");
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = wt.formQuery(form);
      history.replaceState(null, "", "/map" + (q ? "?" + q : ""));
      load(q);
    });
  }
  load(el.getAttribute("data-query"));
})();
