// samla's own script: small, no inline handlers, so the CSP can forbid inline script.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  // htmx requests carry the form token as a header.
  document.addEventListener("htmx:configRequest", function (e) {
    if (meta) e.detail.headers["X-CSRF-Token"] = meta.content;
  });
  // A form that comes back with errors moves focus to its summary (WCAG 3.3.1).
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
})();
