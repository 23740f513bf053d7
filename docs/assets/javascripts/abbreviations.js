// Abbreviations explain themselves on keyboard focus as well as on hover. An <abbr> is not focusable by
// default, so the first of each abbreviation on a page joins the tab order, and Material's tooltip
// (content.tooltips), which opens on focus as on hover, shows its expansion. Later ones stay out of the
// tab order (a page may say TTP three hundred times) and still explain themselves on hover. One inside a
// link or button is reached through that control already: a tab stop there would nest one in another.
(function () {
  function makeFirstOfEachFocusable() {
    var seen = {};
    document.querySelectorAll(".md-content .md-typeset abbr[title]").forEach(function (abbr) {
      var term = abbr.textContent.trim();
      if (seen[term] || abbr.closest("a, button, summary, label") || abbr.hasAttribute("tabindex")) return;
      seen[term] = true;
      abbr.setAttribute("tabindex", "0");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", makeFirstOfEachFocusable);
  else makeFirstOfEachFocusable();
})();
