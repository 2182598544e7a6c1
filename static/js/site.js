/* Small progressive enhancements; every page works without them. No inline script needed. */
(function () {
  "use strict";

  /* Footnote previews show on hover and focus by CSS alone; Escape dismisses the open one
     without moving focus (WCAG 1.4.13) until the pointer or focus leaves the marker. */
  var hovered = null;
  document.addEventListener("mouseover", function (event) {
    hovered = event.target.closest ? event.target.closest(".fnref") : null;
    if (hovered) place(hovered);
  });
  document.addEventListener("focusin", function (event) {
    var marker = event.target.closest ? event.target.closest(".fnref") : null;
    if (marker) place(marker);
  });

  /* A preview opens above its marker, centred. Near the top of the window it would be cut
     off, so it opens below instead; near either side it shifts to stay in the window. On
     phones CSS pins it to the bottom of the screen and nothing needs moving. */
  var MARGIN = 8;
  function place(marker) {
    var tip = marker.querySelector(".fn-tip");
    if (!tip) return;
    marker.classList.remove("fnref--below");
    tip.style.removeProperty("--fn-shift");
    if (window.getComputedStyle(tip).position === "fixed") return;
    var box = tip.getBoundingClientRect();
    if (!box.height) return;
    if (box.top < MARGIN) marker.classList.add("fnref--below");
    var width = document.documentElement.clientWidth;
    var shift = 0;
    if (box.left < MARGIN) shift = MARGIN - box.left;
    else if (box.right > width - MARGIN) shift = width - MARGIN - box.right;
    if (shift) tip.style.setProperty("--fn-shift", Math.round(shift) + "px");
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".fnref") : null;
    [focused, hovered].forEach(function (marker) {
      if (marker) marker.classList.add("fnref--dismissed");
    });
  });
  function reset(event) {
    var marker = event.target.closest ? event.target.closest(".fnref") : null;
    if (marker) marker.classList.remove("fnref--dismissed");
  }
  document.addEventListener("focusout", reset);
  document.addEventListener("mouseout", reset);

  /* Copy buttons: <button data-copy-target="id" hidden> copies that element's text. */
  function enableCopyButtons(root) {
    if (!navigator.clipboard) return;
    root.querySelectorAll("button[data-copy-target]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) return;
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.innerText.trim()).then(function () {
          button.textContent = "Copied";
          window.setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enableCopyButtons(document); });
  } else {
    enableCopyButtons(document);
  }
})();
