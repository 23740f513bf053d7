// Keyboard access where Material leaves it to the mouse.
(function () {
  // Abbreviations explain themselves on keyboard focus as well as on hover. An <abbr> is not focusable,
  // so the first of each abbreviation on a page joins the tab order, and Material's tooltip
  // (content.tooltips), which opens on focus as on hover, shows its expansion. Later ones stay out of
  // the tab order (a page may say TTP three hundred times) and still explain themselves on hover. One
  // inside a link or button is reached through that control: a tab stop there would nest two controls.
  function makeFirstAbbreviationsFocusable() {
    var seen = {};
    document.querySelectorAll(".md-content .md-typeset abbr[title]").forEach(function (abbr) {
      var term = abbr.textContent.trim();
      if (seen[term] || abbr.closest("a, button, summary, label") || abbr.hasAttribute("tabindex")) return;
      seen[term] = true;
      abbr.setAttribute("tabindex", "0");
    });
  }

  // The header's menu button (the drawer, at narrow widths) is a <label> for a hidden checkbox: it
  // becomes a button that Tab reaches and Enter or Space presses, and says whether the menu is open.
  function makeDrawerButtonAButton() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector('label.md-header__button[for="__drawer"]');
    if (!toggle || !button) return;
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-label", "Navigation menu");
    function sayState() { button.setAttribute("aria-expanded", String(toggle.checked)); }
    sayState();
    toggle.addEventListener("change", sayState);
    button.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation();  // Material clicks a focused label on Enter too: one press, one toggle
      button.click();
    });
  }

  function setUp() {
    makeFirstAbbreviationsFocusable();
    makeDrawerButtonAButton();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp); else setUp();
})();
