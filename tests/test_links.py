"""PB030-PB033: relative links, anchors, bundle boundary, reference depth."""

from __future__ import annotations

from pathlib import Path

from .factory import SKILL, make_bundle, run

NOTES = """\
# Pool notes

## Sizing by Little's law

## Sizing by Little's law

## `pool_pre_ping` and its cost
"""


def bundle_with_links(tmp_path: Path, links: str) -> Path:
    return make_bundle(tmp_path, files={"references/notes.md": NOTES, "SKILL.md": SKILL + "\n" + links + "\n"})


def test_broken_file_link(tmp_path: Path, capsys) -> None:
    result = run(capsys, bundle_with_links(tmp_path, "See [notes](references/note.md)."))
    assert result.lines_of("PB030") == [19]
    assert ":19:13: PB030"  # the column of the target in result.out


def test_link_leaving_the_bundle(tmp_path: Path, capsys) -> None:
    (tmp_path / "outside.md").write_text("# Outside\n")
    result = run(capsys, bundle_with_links(tmp_path, "See [outside](../outside.md) and [abs](/etc/hosts)."))
    assert result.lines_of("PB031") == [19, 19]


def test_broken_anchor(tmp_path: Path, capsys) -> None:
    result = run(capsys, bundle_with_links(tmp_path, "See [sizing](references/notes.md#Sizing-by-Littles-law)."))
    assert result.lines_of("PB032") == [19]


def test_anchors_follow_github_slugs(tmp_path: Path, capsys) -> None:
    links = ("See [a](references/notes.md#sizing-by-littles-law), [b](references/notes.md#sizing-by-littles-law-1), "
             "[c](references/notes.md#pool_pre_ping-and-its-cost) and [top](#demo).")
    assert run(capsys, bundle_with_links(tmp_path, links)).findings == []


def test_same_file_anchor_missing(tmp_path: Path, capsys) -> None:
    result = run(capsys, bundle_with_links(tmp_path, "Back to [top](#nowhere)."))
    assert result.lines_of("PB032") == [19]


def test_reference_more_than_one_level_deep(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/pools/sizing.md": "# Sizing\n",
                                         "SKILL.md": SKILL + "\nRead [sizing](references/pools/sizing.md).\n"})
    result = run(capsys, root)
    assert result.lines_of("PB033") == [19]


def test_deep_links_between_references_are_allowed(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/pools/sizing.md": "# Sizing\n",
                                         "references/notes.md": "# Notes\n\nSee [sizing](pools/sizing.md).\n"})
    assert run(capsys, root).findings == []


def test_urls_and_percent_encoded_paths(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/pool notes.md": "# Pool notes\n",
                                         "SKILL.md": SKILL + "\n[docs](https://docs.python.org/3/) [mail](mailto:a@b.c) "
                                         "[notes](references/pool%20notes.md)\n"})
    assert run(capsys, root).findings == []


def test_reference_style_link_reported_at_its_definition(tmp_path: Path, capsys) -> None:
    result = run(capsys, bundle_with_links(tmp_path, "See [notes][n].\n\n[n]: references/missing.md"))
    assert result.lines_of("PB030") == [21]


def test_link_inside_code_is_not_a_link(tmp_path: Path, capsys) -> None:
    result = run(capsys, bundle_with_links(tmp_path, "Write `[x](missing.md)`.\n\n```text\n[y](missing.md)\n```"))
    assert result.findings == []


def test_loose_markdown_links_resolve_from_the_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.md").write_text("# A\n\n[b](b.md) [c](c.md#x)\n")
    (tmp_path / "c.md").write_text("# C\n")
    result = run(capsys, tmp_path / "a.md")
    assert result.lines_of("PB030") == [3]
    assert result.lines_of("PB032") == [3]
