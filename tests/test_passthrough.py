"""HTML carried past Markdown: set aside after citations are read, handed to Python-Markdown's htmlStash."""

from __future__ import annotations

import markdown

from macros.passthrough import Passthrough, anchor_ids, html_block


def test_blocks_come_back_where_they_were_and_markdown_never_sees_them():
    page = "\n\n".join(["## Heading", html_block('<div id="para-1"><p>*not emphasis*</p></div>'),
                        "Some *Markdown*.", html_block("<p>Second</p>")])
    passthrough = Passthrough()
    skeleton, blocks = passthrough.set_aside(page)
    assert "not emphasis" not in skeleton and len(blocks) == 2
    converted = markdown.Markdown(extensions=[passthrough.extension(), "md_in_html", "attr_list"]).convert(skeleton)
    assert '<div id="para-1"><p>*not emphasis*</p></div>' in converted
    assert converted.index("para-1") < converted.index("<em>Markdown</em>") < converted.index("Second")
    assert "<p><p>" not in converted and "briefing:html" not in converted and "\ue002" not in converted
    assert anchor_ids(blocks) == {"para-1"}


def test_without_the_extension_a_block_is_raw_html():
    block = html_block('<div class="precis"><p>Text</p></div>')
    assert '<div class="precis"><p>Text</p></div>' in markdown.markdown(block)


def test_a_page_without_blocks_is_left_alone():
    passthrough = Passthrough()
    assert passthrough.set_aside("Plain *page*.") == ("Plain *page*.", [])
    assert markdown.Markdown(extensions=[passthrough.extension()]).convert("Plain *page*.") == "<p>Plain <em>page</em>.</p>"
