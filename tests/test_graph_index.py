"""The citation graph answers from an index built once; it must never answer from a stale one."""

from __future__ import annotations

from macros.citations import find_citation_blocks
from macros.graph import CitationGraph, CitingPage
from macros.notes import CitingPassage


def passages(markdown: str, section: str = "Section") -> tuple[CitingPassage, ...]:
    return tuple(
        CitingPassage(anchor=f"fnref:cite-{number}", section=section, cites=block.cites)
        for number, block in enumerate(find_citation_blocks(markdown), 1)
    )


def page(src: str, markdown: str, title: str = "") -> CitingPage:
    return CitingPage(src=src, url=src.removesuffix(".md") + "/", title=title, passages=passages(markdown))


def test_citing_and_counts_read_every_page_in_book_order():
    graph = CitationGraph()
    graph.record(page("themes/a.md", "x [@mir2022, para. 2] y [@mir2022, paras. 3-4; @shah2021, para. 1]"))
    graph.record(page("themes/b.md", "z [@shah2021, para. 5; @shah2021, para. 6]"))

    assert [(cited.src, [locator for _, locator in hits]) for cited, hits in graph.citing("shah2021")] == [
        ("themes/a.md", ["para. 1"]),
        ("themes/b.md", ["para. 5", "para. 6"]),
    ]
    assert graph.counts("mir2022", "themes/a.md") == 2
    assert graph.counts("shah2021", "themes/b.md") == 1  # one passage, however many cites in it
    assert graph.counts("mir2022", "themes/b.md") == 0
    assert graph.counts("mir2022", "themes/missing.md") == 0
    assert graph.citing("nobody") == []


def test_a_page_replaced_directly_gives_its_new_title():
    """The plugin sets final titles by replacing pages in graph.pages (same passages)."""
    graph = CitationGraph()
    graph.record(page("themes/a.md", "x [@mir2022, para. 2]"))
    assert graph.citing("mir2022")[0][0].title == ""

    old = graph.pages["themes/a.md"]
    graph.pages["themes/a.md"] = CitingPage(src=old.src, url=old.url, title="India rationale", passages=old.passages)

    assert graph.citing("mir2022")[0][0].title == "India rationale"


def test_new_or_changed_pages_are_seen_after_a_first_answer():
    graph = CitationGraph()
    graph.record(page("themes/a.md", "x [@mir2022, para. 2]"))
    assert graph.counts("mir2022", "themes/a.md") == 1

    graph.record(page("themes/a.md", "x [@shah2021, para. 2]"))  # the page edited
    graph.record(page("themes/b.md", "y [@mir2022, para. 9]"))  # a page added

    assert graph.counts("mir2022", "themes/a.md") == 0
    assert graph.counts("shah2021", "themes/a.md") == 1
    assert [cited.src for cited, _ in graph.citing("mir2022")] == ["themes/b.md"]

    del graph.pages["themes/b.md"]
    assert graph.citing("mir2022") == []


def test_answers_cannot_change_the_graph():
    graph = CitationGraph()
    graph.record(page("themes/a.md", "x [@mir2022, para. 2]"))
    graph.citing("mir2022")[0][1].clear()
    assert len(graph.citing("mir2022")[0][1]) == 1
