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
  /* Filter forms (<form data-follows-url>) update part of the page through htmx and push the
     new address. Their controls outside the swapped part keep what they showed, and the
     browser's Back restores the page's markup without what was typed or chosen, so the form
     could show another selection than the address and the results, and send it with the next
     change. After either, each control is set from the address (as the server parses it:
     repeated or comma-separated values), except the one being typed in. */
  function followAddress() {
    var params = new URLSearchParams(window.location.search);
    document.querySelectorAll("form[data-follows-url]").forEach(function (form) {
      var nth = {};
      Array.prototype.forEach.call(form.elements, function (control) {
        var name = control.name;
        if (!name || control === document.activeElement || /^(submit|button)$/.test(control.type)) return;
        var values = params.getAll(name);
        if (control.type === "checkbox" || control.type === "radio") {
          control.checked = splitValues(values).indexOf(control.value) !== -1;
        } else if (control.tagName === "SELECT") {
          var slot = nth[name] = (nth[name] || 0) + 1;
          var value = splitValues(values)[slot - 1];
          control.selectedIndex = 0;  /* the default: the first option */
          if (value !== undefined) control.value = value;
          if (control.selectedIndex < 0) control.selectedIndex = 0;
        } else {
          control.value = values.length ? values[0] : "";
        }
      });
    });
  }
  function splitValues(values) {
    return values.join(",").split(",").filter(function (value) { return value !== ""; });
  }
  /* A change that leaves the address as it was (the search box's change event when it loses
     focus, a second submit) would push the same address again, and Back would then seem to do
     nothing: replace the entry instead of pushing a copy of it. */
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var update = event.detail.history;
    if (update.type === "push" && new URL(update.path, window.location.href).href === window.location.href) {
      update.type = "replace";
    }
  });
  document.addEventListener("htmx:pushedIntoHistory", followAddress);
  document.addEventListener("htmx:historyRestore", followAddress);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enableCopyButtons(document); });
  } else {
    enableCopyButtons(document);
  }
})();
