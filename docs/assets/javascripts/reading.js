// Two corrections to Material for a reader: every link lands on load, and search highlights the
// term searched.
(function () {
  // Material moves an annotation's text ("Why it matters" under a key passage) into a tooltip that
  // shows only while the annotation is open, so an address whose target is in that text (a note's
  // way back to its call) would land nowhere: the annotation is opened and brought into view.
  function land() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var annotation = target && target.closest(".md-annotation");
    if (!annotation) return;
    annotation.focus({ preventScroll: true });
    annotation.scrollIntoView({ block: "center" });
  }

  // Search splits words at hyphens, so "Zarb-e-Azb" is searched as "zarb", "e" and "azb", and
  // Material marks every "e" of the page it opens. A mark of one or two letters is kept only as part
  // of a hyphenated word whose other parts are marked too, and that word becomes one mark.
  function isMark(node) { return node && node.nodeType === 1 && node.matches("mark[data-md-highlight]"); }
  function isShort(mark) {  // Material joins marks that only spaces separate: "e e" is short too
    return mark.textContent.trim().split(/\s+/).every(function (word) { return word.length <= 2; });
  }
  function isHyphen(node) { return node && node.nodeType === 3 && node.data === "-"; }
  function inCompound(mark) {
    return (isHyphen(mark.previousSibling) && isMark(mark.previousSibling.previousSibling)) ||
      (isHyphen(mark.nextSibling) && isMark(mark.nextSibling.nextSibling));
  }
  function tidyHighlights(root) {
    var marks = Array.prototype.slice.call(root.querySelectorAll("mark[data-md-highlight]"));
    if (marks.every(isShort)) return;
    marks.forEach(function (mark) {
      if (isShort(mark) && !inCompound(mark)) mark.replaceWith.apply(mark, mark.childNodes);
    });
    root.querySelectorAll("mark[data-md-highlight]").forEach(function (mark) {
      while (mark.isConnected && isHyphen(mark.nextSibling) && isMark(mark.nextSibling.nextSibling)) {
        var following = mark.nextSibling.nextSibling;
        mark.append(mark.nextSibling);
        mark.append.apply(mark, following.childNodes);
        following.remove();
      }
    });
  }
  function watchHighlights() {
    var content = document.querySelector(".md-content");
    if (!content || !new URLSearchParams(location.search).has("h")) return;
    var pending = false;
    var observer = new MutationObserver(function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () {
        observer.disconnect();  // the tidying's own changes are not watched
        tidyHighlights(content);
        pending = false;
        observer.observe(content, { childList: true, subtree: true });
      });
    });
    observer.observe(content, { childList: true, subtree: true });
    tidyHighlights(content);
  }

  function setUp() { setTimeout(land, 0); }  // after Material has mounted the page's annotations
  if (window.document$) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  watchHighlights();
  window.addEventListener("hashchange", land);
})();
