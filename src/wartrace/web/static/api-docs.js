// Starts Swagger UI or ReDoc on /api/docs and /api/redoc from the packaged bundles (no CDN,
// no inline script: the Content-Security-Policy allows scripts from this origin only).
(function () {
  "use strict";
  var spec = document.body.getAttribute("data-openapi");
  if (document.getElementById("swagger-ui") && window.SwaggerUIBundle) {
    window.SwaggerUIBundle({ url: spec, dom_id: "#swagger-ui", deepLinking: true });
  }
  var redoc = document.getElementById("redoc");
  if (redoc && window.Redoc) {
    window.Redoc.init(spec, {}, redoc);
  }
})();
