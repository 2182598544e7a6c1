/* Facet groups on /viewpoints/ are <details>: when htmx swaps in new counts, keep each group
   open or closed as the reader left it (a group with a chosen value always stays open).
   Without JavaScript the server's choice stands, and nothing else depends on this file. */
(function () {
  "use strict";
  var remembered = {};
  document.addEventListener("htmx:beforeSwap", function () {
    remembered = {};
    document.querySelectorAll("details.facet[id]").forEach(function (details) {
      remembered[details.id] = details.open;
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("details.facet[id]").forEach(function (details) {
      if (details.id in remembered && !details.querySelector("input:checked")) {
        details.open = remembered[details.id];
      }
    });
  });
})();
