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

/* A link in the results (a page number, a chip, "Clear all") replaces the results it sits in:
   focus and the window would stay where the link was, at the bottom of a long list or on the
   body. Move them to the new results' count, which a screen reader then reads out. A checkbox
   or the search box keeps focus, so that the reader can go on choosing or typing. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (event) {
    var link = event.detail.requestConfig && event.detail.requestConfig.elt;
    var count = document.getElementById("vp-count");
    if (count && link && link.tagName === "A") count.focus();
  });
})();
