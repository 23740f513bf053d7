"""What an untrusted text may contain: the Markdown the book uses, never HTML or code.

Data texts (sources/*.yml) and BibTeX fields come from contributors and end up
in pages, notes, tooltips, the search index and the PDF. They may use emphasis,
links to web pages (http, https), to other pages of the book and to anchors,
abbreviations and citations. They are refused, with the file, the line and the
fix, when they hold raw HTML (an HTML comment included), a link or image of any
other scheme, an image from another host, a Markdown attribute list, or one of
the markers the build uses internally.

Each text is read by Python-Markdown itself, with the extensions the pages use
for inline markup, so what is refused is what Markdown would have published.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from functools import lru_cache

from .errors import Problem

WEB_SCHEMES = ("http", "https")
# The build's own markers: HTML comments it fills in later, and the private-use
# characters that fence note calls and set-aside blocks. In an input they would
# move notes or paste another page's blocks.
_RESERVED = re.compile(r"<!--\s*/?\s*briefing:|[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
# Characters worth a Markdown parse: anything that can make a tag, a link or an attribute.
_MARKUP = re.compile(r"[<\[\]{&]")
# Attributes Markdown itself writes for the markup the book allows.
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}
# Whitespace and control characters browsers drop from a URL before reading its scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")
_AMP_SUBSTITUTE = "\x02amp\x03"  # how Python-Markdown marks an '&' inside an address it obfuscates (markdown.util)
HTML_FIX = ("write it as plain text or Markdown (emphasis, [text](https://…) links, citations): "
            "HTML, attribute lists and scripts are not allowed in data texts or BibTeX fields")
LINK_FIX = "link only to http(s) addresses, to pages of the book (page.md) and to anchors (#para-N)"


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see (lower case), or None for a relative address."""
    cleaned = _IGNORED_IN_SCHEME.sub("", html.unescape(url.replace(_AMP_SUBSTITUTE, "&")))
    found = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return found[1].lower() if found else None


def is_safe_link(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in WEB_SCHEMES


def is_local_image(url: str) -> bool:
    """An image the site serves itself: no scheme and no host (the site makes no request to another host)."""
    cleaned = _IGNORED_IN_SCHEME.sub("", html.unescape(url.replace(_AMP_SUBSTITUTE, "&")))
    return url_scheme(url) is None and not cleaned.startswith(("//", "\\\\", "/\\", "\\/"))


@lru_cache(maxsize=1)
def _reader():
    """Python-Markdown with the inline extensions the pages use, and a last step that records what is not allowed.

    Imported here, not at the top: a warm build and `make check` find every data file clean in the cache."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class Findings(Treeprocessor):
        def __init__(self, md: markdown.Markdown) -> None:
            super().__init__(md)
            self.found: list[tuple[str, str]] = []

        def run(self, root: etree.Element) -> None:
            self.found += _element_problems(root)

    md = markdown.Markdown(extensions=["attr_list", "abbr", "footnotes"])
    findings = Findings(md)
    md.treeprocessors.register(findings, "briefing_findings", 0)  # last: after inline links and attribute lists
    return md, findings


def _element_problems(root: etree.Element) -> list[tuple[str, str]]:
    """What in a converted tree is not the Markdown a data text may use."""
    found = []
    for element in root.iter():
        allowed = _ALLOWED_ATTRIBUTES.get(element.tag, set())
        extra = sorted(set(element.attrib) - allowed)
        if extra:
            found.append((f"an attribute list sets {', '.join(extra)} on <{element.tag}>", HTML_FIX))
        if element.tag == "a" and not is_safe_link(element.get("href", "")):
            found.append((f"the link to '{element.get('href')}' uses the scheme '{url_scheme(element.get('href', ''))}:'",
                          LINK_FIX))
        if element.tag == "img" and not is_local_image(element.get("src", "")):
            found.append((f"the image '{element.get('src')}' is not served by the site",
                          "put the image under docs/ and link it by a relative address"))
    return found


def markup_problems(text: str) -> list[tuple[str, str]]:
    """(what is wrong, the fix) for every piece of `text` that is not the Markdown the book allows."""
    problems = reserved_problems_in(text)
    if not _MARKUP.search(text):
        return problems
    md, findings = _reader()
    findings.found = []
    md.reset().convert(text)
    raw = [block for block in md.htmlStash.rawHtmlBlocks if not str(block).startswith("&")]  # entities are text
    if raw and not problems:
        shown = " ".join(str(raw[0]).split())[:60]
        problems.append((f"raw HTML '{shown}'", HTML_FIX))
    return problems + findings.found


def reserved_problems_in(text: str) -> list[tuple[str, str]]:
    found = _RESERVED.search(text)
    if found is None:
        return []
    what = f"the build's marker '{found[0]}'" if found[0].startswith("<") else f"the reserved character U+{ord(found[0]):04X}"
    return [(f"{what} is reserved for the build", "remove it: the build writes these markers itself")]


def reserved_marker_problems(text: str, path: str) -> list[Problem]:
    """The build's markers written in an input (a page, a data file, a .bib file), one problem per line."""
    if not _RESERVED.search(text):
        return []
    return [Problem(path, number, message, fix)
            for number, line in enumerate(text.splitlines(), 1)
            for message, fix in reserved_problems_in(line)]


def text_problems(texts: list[tuple[str, str]], file_text: str, path: str) -> list[Problem]:
    """Problems in a data file's texts, given as (field, text) with the file's own text for the lines."""
    problems = []
    for field, value in texts:
        for message, fix in markup_problems(value):
            problems.append(Problem(path, text_line(file_text, value), f"{field}: {message}", fix))
    return problems


def text_line(file_text: str, value: str) -> int | None:
    """The line where a parsed YAML text starts in its file: its first words, however YAML folded or indented them."""
    words = value.split()[:6]
    while words:
        found = re.search(r"\s+".join(map(re.escape, words)), file_text)
        if found:
            return file_text.count("\n", 0, found.start()) + 1
        words = words[:-1]
    return None


def markdown_escaped(text: str) -> str:
    """Plain text made literal for Markdown (a BibTeX title in a link's text): no tag, link or emphasis."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_{}\[\]()>#+!])", r"\\\1", text)
