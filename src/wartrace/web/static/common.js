/* Shared helpers for the workbench scripts (no data ever goes through innerHTML). */
"use strict";
window.wt = {
  typeClass: function (t) {
    return ({ "Battles": "battles", "Explosions/Remote violence": "explosions", "Violence against civilians": "vac",
      "Protests": "protests", "Riots": "riots", "Strategic developments": "strategic" })[t] || "other";
  },
  getJSON: function (url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  },
  svg: function (name, attrs, parent) {
    var el = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(el); }
    return el;
  },
  formQuery: function (form) {
    var p = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v) { p.append(k, v); } });
    return p.toString();
  }
};
