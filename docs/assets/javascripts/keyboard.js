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

  function focusFirstVisible(selector) {
    var found = Array.prototype.find.call(document.querySelectorAll(selector), function (element) {
      return element.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
    });
    if (found) found.focus({ preventScroll: true });  // the drawer is still sliding in: no scroll
  }

  // The header's menu button (the drawer, at narrow widths) is a <label> for a hidden checkbox, which
  // may not take the role of a button: a real <button> takes its place, which Tab reaches, Enter or
  // Space presses, and which says whether the menu is open. (Without scripts the label still works.)
  function makeDrawerButtonAButton() {
    var toggle = document.getElementById("__drawer");
    var label = document.querySelector('label.md-header__button[for="__drawer"]');
    if (!toggle || !label) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " menu-button";
    button.innerHTML = label.innerHTML;
    button.setAttribute("aria-label", "Navigation menu");
    button.setAttribute("aria-controls", "__drawer");
    function sayState() { button.setAttribute("aria-expanded", String(toggle.checked)); }
    sayState();
    toggle.addEventListener("change", sayState);
    button.addEventListener("click", function (event) {
      toggle.click();
      // A press by keyboard (no pointer position) moves focus into the menu it opened.
      if (toggle.checked && event.detail === 0) {
        focusFirstVisible(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex='0']");
      }
    });
    label.replaceWith(button);
  }

  // In the drawer, each section (Themes, Sources...) opens as a panel through a <label>, and each panel
  // goes back through its title, another <label>. Material leaves both out of the tab order (at wide
  // widths sections are headings, not controls); at drawer widths they become buttons, and focus
  // follows the panel that opens or the section that it closes back to.
  var drawerWidths = window.matchMedia("(max-width: 76.234375em)");
  var PANEL_LABELS = ".md-nav--primary .md-nav__item--section > label.md-nav__link[for], " +
    ".md-nav--primary .md-nav__item--section > .md-nav__container > label.md-nav__link[for], " +
    ".md-nav--primary .md-nav__item > label.md-nav__link--active[for='__toc'], " +
    ".md-nav--primary .md-nav__item > .md-nav > label.md-nav__title[for]";

  function panelLabelsFollowWidth() {
    document.querySelectorAll(PANEL_LABELS).forEach(function (label) {
      if (drawerWidths.matches) {
        label.setAttribute("tabindex", "0");
        label.setAttribute("role", "button");
      } else {
        label.removeAttribute("tabindex");
        label.removeAttribute("role");
      }
    });
  }

  function makePanelLabelsButtons() {
    document.querySelectorAll(PANEL_LABELS).forEach(function (label) {
      var toggle = document.getElementById(label.htmlFor);
      if (!toggle) return;
      if (label.classList.contains("md-nav__title")) label.setAttribute("aria-label", "Back: " + label.textContent.trim());
      label.addEventListener("keydown", function (event) {
        if (!drawerWidths.matches || (event.key !== "Enter" && event.key !== " ")) return;
        event.preventDefault();
        event.stopPropagation();  // Material clicks a focused label on Enter too: one press, one toggle
        label.click();
        var item = toggle.parentElement;
        var next = toggle.checked
          ? item.querySelector(":scope > .md-nav > label.md-nav__title")
          : item.querySelector(":scope > label.md-nav__link, :scope > .md-nav__container > label.md-nav__link");
        if (next) next.focus({ preventScroll: true });  // the panel is still sliding in: no scroll
      });
    });
    panelLabelsFollowWidth();
    drawerWidths.addEventListener("change", panelLabelsFollowWidth);
  }

  function setUp() {
    makeFirstAbbreviationsFocusable();
    makeDrawerButtonAButton();
    makePanelLabelsButtons();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp); else setUp();
})();
