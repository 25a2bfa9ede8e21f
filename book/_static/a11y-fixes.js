/* Accessibility fixes for the theme's own controls (axe: label-content-name-mismatch).

   - The search button's aria-label omits its visible text ("Search Ctrl + K"), so speech-input
     users cannot name it: the label is extended with that text.
   - Icons inside the search and colour-mode buttons are decorative; fontawesome turns them into
     SVGs with <title> text at an unpredictable moment, which becomes "visible text" missing from
     the label. They are hidden from assistive technology and stripped of titles, whenever they
     appear (a MutationObserver), not just once.
   - The code toggles (<summary>) are named by their visible text, which changes when toggled, so
     their fixed aria-label is removed. */
(function () {
  var CONTROLS = ".search-button__button, .theme-switch-button";

  function quietIcons(button) {
    button.querySelectorAll("i, svg").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.removeAttribute("title");
      icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
    });
  }

  function nameFromText(button) {
    var visible = (button.textContent || "").replace(/\s+/g, " ").trim();
    var label = button.getAttribute("aria-label") || "";
    if (visible && label.indexOf(visible) === -1) {
      button.setAttribute("aria-label", (label + " " + visible).trim());
    }
  }

  function fix() {
    document.querySelectorAll(CONTROLS).forEach(function (button) {
      quietIcons(button);
      nameFromText(button);
    });
    document.querySelectorAll("summary[aria-label]").forEach(function (summary) {
      summary.removeAttribute("aria-label");
    });
  }

  fix();
  document.addEventListener("DOMContentLoaded", fix);
  window.addEventListener("load", fix);
  new MutationObserver(function (changes) {
    var relevant = changes.some(function (change) {
      var node = change.target;
      return node.nodeType === 1 && (node.closest(CONTROLS) || node.matches("summary, details"));
    });
    if (relevant) { fix(); }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true,
                                         attributeFilter: ["aria-label", "title"] });
})();
