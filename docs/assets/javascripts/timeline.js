// Theme filter for the timeline. Without JavaScript every event is shown and the buttons stay hidden.
(function () {
  function setUp() {
    var bar = document.querySelector(".timeline-filters");
    if (!bar) return;
    bar.hidden = false;
    var buttons = bar.querySelectorAll("button[data-theme]");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var theme = button.getAttribute("data-theme");
        buttons.forEach(function (other) { other.setAttribute("aria-pressed", String(other === button)); });
        document.querySelectorAll(".event").forEach(function (event) {
          var themes = (event.getAttribute("data-themes") || "").split(" ");
          event.hidden = theme !== "" && themes.indexOf(theme) < 0;
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp); else setUp();
})();
