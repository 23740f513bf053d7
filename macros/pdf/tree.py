"""Reading and editing a parsed page with lxml: the few operations the assembly needs.

lxml keeps a page as a C tree, parsed and searched without building a Python object
per tag; BeautifulSoup's took the PDF step a second for the book's pages. In lxml's
tree, text lives in an element's `text` (before its first child) and each child's
`tail` (after it): the helpers here keep both in place as elements move, go, or are
unwrapped, so that no word is lost or duplicated.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import TypeGuard

from lxml import etree
from lxml.etree import _Element as Element

# lxml's own element class: lxml.html's subclass would cost a Python call for every element read.
# huge_tree: without it libxml2 stops at a text of 10 MB, and leaves out the rest of the page unsaid.
_PARSER = etree.HTMLParser(huge_tree=True)


class PageParseError(Exception):
    """A page's text is not HTML lxml can read (empty, or not text at all)."""


def parse_page(markup: str) -> Element:
    """The page's <html> element. Markup libxml2 only partly reads (elements nested thousands deep)
    is refused, not passed on with its rest left out; mere HTML errors are recovered as browsers do."""
    try:
        page = etree.fromstring(markup, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise PageParseError(str(error)) from None
    if page is None:
        raise PageParseError("no HTML in it")
    fatal = [error for error in _PARSER.error_log if error.level_name == "FATAL"]
    if fatal:
        raise PageParseError(f"line {fatal[0].line}: {fatal[0].message}")
    return page


def fragment(markup: str) -> Element:
    """The element a piece of HTML holds (the tests' small pages)."""
    return parse_page(markup).find("body")[0]


def new(name: str, text: str | None = None, **attributes: str) -> Element:
    element = etree.Element(name, **attributes)
    element.text = text
    return element


def is_element(node: object) -> TypeGuard[Element]:
    """An element, not a run of text, a comment or a processing instruction (whose tag is not a name)."""
    return isinstance(getattr(node, "tag", None), str)


def descendants(root: Element, name: str | None = None) -> Iterator[Element]:
    """Every element under root (not root itself), in document order."""
    return root.iterdescendants(name) if name else root.iterdescendants(etree.Element)


def classes(element: Element) -> list[str]:
    return element.get("class", "").split()


def has_class(element: Element, class_: str) -> bool:
    return class_ in classes(element)


def add_class(element: Element, class_: str) -> None:
    element.set("class", " ".join([*classes(element), class_]))


def with_class(root: Element, class_: str, name: str | None = None) -> list[Element]:
    """Elements under root (named name, if given) with class_ among their classes."""
    return [element for element in descendants(root, name) if has_class(element, class_)]


def with_attribute(root: Element, attribute: str, name: str | None = None) -> list[Element]:
    return [element for element in descendants(root, name) if attribute in element.attrib]


def named(root: Element, names: Collection[str]) -> list[Element]:
    return [element for element in descendants(root) if element.tag in names]


def matching(root: Element, test: Callable[[Element], bool]) -> list[Element]:
    return [element for element in descendants(root) if test(element)]


def first(root: Element, name: str, class_: str | None = None) -> Element | None:
    """The first element under root named name (with class_, if given)."""
    return next((element for element in descendants(root, name)
                 if class_ is None or has_class(element, class_)), None)


def child_elements(element: Element, names: Collection[str] | None = None) -> list[Element]:
    return [child for child in element if is_element(child) and (names is None or child.tag in names)]


def nodes(element: Element) -> Iterator[str | Element]:
    """The element's content in order: its runs of text and its child elements (comments left out,
    the text after them kept)."""
    if element.text:
        yield element.text
    for child in element:
        if is_element(child):
            yield child
        if child.tail:
            yield child.tail


def text(element: Element) -> str:
    """All the text under element, as it reads."""
    return "".join(element.itertext())


def stripped_text(element: Element, separator: str = " ") -> str:
    """Each run of text under element stripped of its spaces, the runs joined by separator."""
    return separator.join(piece.strip() for piece in element.itertext() if piece.strip())


def _append_text(parent: Element, previous: Element | None, addition: str | None) -> None:
    """Add text where it follows previous (or opens parent, when previous is None)."""
    if not addition:
        return
    if previous is None:
        parent.text = (parent.text or "") + addition
    else:
        previous.tail = (previous.tail or "") + addition


def remove(element: Element) -> None:
    """Take element and all it holds out of its tree; the text after it stays."""
    parent = element.getparent()
    _append_text(parent, element.getprevious(), element.tail)
    parent.remove(element)


def unwrap(element: Element) -> None:
    """Replace element with what it holds: its text and children stay in its place."""
    parent = element.getparent()
    previous = element.getprevious()
    _append_text(parent, previous, element.text)
    children = list(element)
    _append_text(parent, children[-1] if children else previous, element.tail)
    index = parent.index(element)
    parent[index:index + 1] = children


def replace(old: Element, new_element: Element) -> None:
    """new_element takes old's place; the text after old stays where it was."""
    new_element.tail = old.tail
    old.getparent().replace(old, new_element)


def empty(element: Element) -> None:
    """Remove the element's content, keeping the element and its attributes."""
    element.text = None
    for child in list(element):
        element.remove(child)


def move_contents(source: Element, target: Element) -> None:
    """Append source's text and children to target, leaving source empty."""
    _append_text(target, target[-1] if len(target) else None, source.text)
    source.text = None
    for child in list(source):
        target.append(child)  # a child moves with its tail
