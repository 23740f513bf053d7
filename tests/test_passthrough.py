"""HTML carried past Markdown: handed to Python-Markdown's htmlStash before the page is read."""

from __future__ import annotations

import markdown

from macros.passthrough import PassthroughExtension, anchor_ids, fenced_blocks, html_block


def test_blocks_come_back_where_they_were_and_markdown_never_sees_them():
    page = "\n\n".join(["## Heading", html_block('<div id="para-1"><p>*not emphasis*</p></div>'),
                        "Some *Markdown*.", html_block("<p>Second</p>")])
    blocks = fenced_blocks(page)
    assert len(blocks) == 2
    converted = markdown.Markdown(extensions=[PassthroughExtension(), "md_in_html", "attr_list"]).convert(page)
    assert '<div id="para-1"><p>*not emphasis*</p></div>' in converted
    assert converted.index("para-1") < converted.index("<em>Markdown</em>") < converted.index("Second")
    assert "<p><p>" not in converted and "briefing:html" not in converted
    assert anchor_ids(blocks) == {"para-1"}


def test_without_the_extension_a_block_is_raw_html():
    block = html_block('<div class="precis"><p>Text</p></div>')
    assert '<div class="precis"><p>Text</p></div>' in markdown.markdown(block)


def test_a_page_without_blocks_is_left_alone():
    assert fenced_blocks("Plain *page*.") == []
    assert markdown.Markdown(extensions=[PassthroughExtension()]).convert("Plain *page*.") == "<p>Plain <em>page</em>.</p>"
