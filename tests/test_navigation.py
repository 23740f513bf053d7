"""Long navigation sections are shown in groups; short ones, and sections divided by hand, are left alone."""

from __future__ import annotations

from macros.navigation import grouped_nav


def sources(count: int) -> list:
    return ["sources/index.md", *({f"Author{n} 2021": f"sources/a{n}.md"} for n in range(count))]


def test_a_short_section_is_left_as_written():
    nav = [{"Briefing": "index.md"}, {"Sources": sources(25)}]
    assert grouped_nav(nav, 25) == nav


def test_a_long_section_is_split_in_order_behind_its_index_page():
    section = grouped_nav([{"Sources": sources(60)}], 25)[0]["Sources"]
    assert section[0] == "sources/index.md"
    groups = section[1:]
    assert list(map(len, (next(iter(group.values())) for group in groups))) == [25, 25, 10]
    assert list(groups[0]) == ["Author0 2021 – Author24 2021"]
    flattened = [entry for group in groups for entry in next(iter(group.values()))]
    assert flattened == sources(60)[1:], "the order of mkdocs.yml is kept"


def test_a_section_already_divided_by_hand_is_left_alone():
    nav = [{"Sources": [{"2021": sources(20)[1:]}, *sources(30)[1:]]}]
    assert grouped_nav(nav, 25) == nav


def test_grouping_twice_changes_nothing():
    once = grouped_nav([{"Sources": sources(60)}], 25)
    assert grouped_nav(once, 25) == once
