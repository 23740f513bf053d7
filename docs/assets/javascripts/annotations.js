// Every link lands on load, annotations included. Material moves an annotation's text ("Why it
// matters" under a key passage) into a tooltip that shows only while the annotation is open, so an
// address whose target is in that text (a note's way back to its call) would land nowhere: the
// annotation holding the target is opened and brought into view instead.
(function () {
  function land() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var annotation = target && target.closest(".md-annotation");
    if (!annotation) return;
    annotation.focus({ preventScroll: true });
    annotation.scrollIntoView({ block: "center" });
  }
  function whenMounted() { setTimeout(land, 0); }  // after Material has mounted the page's annotations
  if (window.document$) window.document$.subscribe(whenMounted);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whenMounted);
  else whenMounted();
  window.addEventListener("hashchange", land);
})();
