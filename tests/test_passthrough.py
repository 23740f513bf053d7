"""HTML carried past Markdown: set aside after citations are read, put back after conversion."""

from __future__ import annotations

import markdown

from macros.passthrough import anchor_ids, html_block, put_back, set_aside


def test_blocks_come_back_where_they_were_and_markdown_never_sees_them():
    page = "\n\n".join(["## Heading", html_block('<div id="para-1"><p>*not emphasis*</p></div>'),
                        "Some *Markdown*.", html_block("<p>Second</p>")])
    skeleton, blocks = set_aside(page)
    assert "not emphasis" not in skeleton and len(blocks) == 2
    converted = put_back(markdown.markdown(skeleton), blocks)
    assert '<div id="para-1"><p>*not emphasis*</p></div>' in converted
    assert converted.index("para-1") < converted.index("<em>Markdown</em>") < converted.index("Second")
    assert "\ue002" not in converted
    assert anchor_ids(blocks) == {"para-1"}


def test_without_the_plugin_a_block_is_raw_html():
    block = html_block('<div class="precis"><p>Text</p></div>')
    assert '<div class="precis"><p>Text</p></div>' in markdown.markdown(block)


def test_a_page_without_blocks_is_left_alone():
    assert set_aside("Plain *page*.") == ("Plain *page*.", [])
    assert put_back("<p>Plain</p>", []) == "<p>Plain</p>"
