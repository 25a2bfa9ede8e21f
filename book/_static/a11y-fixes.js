/* Accessibility fixes for the theme's own controls (axe: label-content-name-mismatch).
   The search and colour-mode buttons carry an aria-label that omits their visible text, so
   speech-input users cannot name them; the label is extended with that text, and decorative
   icons are hidden from assistive technology. The code toggles (<summary>) are named by their
   visible text, which changes when toggled, so their fixed aria-label is removed.
   Runs once the theme's scripts have finished. */
window.addEventListener("load", function () {
  document.querySelectorAll("summary[aria-label]").forEach(function (summary) {
    summary.removeAttribute("aria-label");
  });
  var buttons = document.querySelectorAll(".search-button__button, .theme-switch-button");
  buttons.forEach(function (button) {
    button.querySelectorAll("i, svg").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.removeAttribute("title");
    });
    var visible = (button.innerText || "").replace(/\s+/g, " ").trim();
    var label = button.getAttribute("aria-label") || "";
    if (visible && label.indexOf(visible) === -1) {
      button.setAttribute("aria-label", (label + " " + visible).trim());
    }
  });
});
