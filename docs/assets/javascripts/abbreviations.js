// Abbreviations explain themselves on keyboard focus as well as on hover: an <abbr> is not focusable
// by default, so each one in the text joins the tab order, and Material's tooltip (content.tooltips),
// which opens on focus or hover, shows its expansion. One inside a link or button is reached through
// that control already, and a second tab stop there would nest one control in another.
(function () {
  function makeFocusable() {
    document.querySelectorAll(".md-typeset abbr[title]").forEach(function (abbr) {
      if (abbr.closest("a, button, summary, label") || abbr.hasAttribute("tabindex")) return;
      abbr.setAttribute("tabindex", "0");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", makeFocusable); else makeFocusable();
})();
