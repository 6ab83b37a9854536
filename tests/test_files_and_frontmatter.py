"""PB001-PB004: unreadable files, byte-order marks, frontmatter."""

from __future__ import annotations

from pathlib import Path

from .factory import SKILL, make_bundle, rule_text, run


def test_invalid_utf8_reported_at_its_line_and_column(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/notes.md": b"# Notes\n\nab\xff\n"})
    result = run(capsys, root)
    assert ("demo-skill/references/notes.md" in result.out) and result.status == 1
    assert result.lines_of("PB001") == [3]
    assert "references/notes.md:3:3: PB001 cannot read file: invalid UTF-8 byte 0xff" in result.out


def test_nul_byte_is_unreadable(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/notes.md": "# Notes\n\nx\x00y\n"})
    assert run(capsys, root).lines_of("PB001") == [3]


def test_dangling_symlink_in_bundle_is_a_finding(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path)
    (root / "references").mkdir()
    (root / "references" / "gone.md").symlink_to(root / "missing.md")
    result = run(capsys, root)
    assert result.lines_of("PB001") == [1]
    assert "Traceback" not in result.err


def test_valid_utf8_with_multibyte_characters_passes(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/notes.md": "# Notes — café ✓\n"})
    assert run(capsys, root).status == 0


def test_byte_order_mark_reported_and_file_still_checked(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/notes.md": b"\xef\xbb\xbf# Notes\n\n```\nx\n```\n"})
    result = run(capsys, root)
    assert result.lines_of("PB002") == [1]
    assert result.lines_of("PB040") == [3]  # checking went on after the BOM


def test_bom_in_the_middle_is_not_a_byte_order_mark(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/notes.md": "# Notes\n\nzero\ufeffwidth\n"})
    assert "PB002" not in run(capsys, root).codes()


def test_skill_without_frontmatter(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"SKILL.md": SKILL.split("---\n", 2)[2]})
    result = run(capsys, root)
    assert result.lines_of("PB003") == [1]


def test_unterminated_frontmatter(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"rules/asyncio-example.md": rule_text().replace("---\n\n# Use", "\n# Use", 1)})
    result = run(capsys, root)
    assert result.lines_of("PB003") == [1]
    assert "Traceback" not in result.err


def test_invalid_yaml_reported_at_the_yaml_line(tmp_path: Path, capsys) -> None:
    broken = rule_text().replace("impact: HIGH\n", "impact: [HIGH\n")
    root = make_bundle(tmp_path, files={"rules/asyncio-example.md": broken})
    result = run(capsys, root)
    assert result.lines_of("PB004") == [5]
    assert result.codes() == {"PB004"}  # no cascade from the unusable frontmatter


def test_yaml_that_is_not_a_mapping(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"rules/asyncio-example.md": "---\n- a\n- b\n---\n\n# R\n"})
    assert run(capsys, root).lines_of("PB004") == [2]


def test_yaml_tags_never_construct_objects(tmp_path: Path, capsys) -> None:
    evil = rule_text().replace("title: Use task groups", "title: !!python/object/apply:os.system ['echo pwned']")
    root = make_bundle(tmp_path, files={"rules/asyncio-example.md": evil})
    result = run(capsys, root)
    assert "PB004" in result.codes()
    assert "pwned" not in result.out + result.err


def test_frontmatter_delimiter_lookalike_passes(tmp_path: Path, capsys) -> None:
    # A thematic break later in the body is not frontmatter.
    root = make_bundle(tmp_path, files={"references/notes.md": "# Notes\n\n---\n\ntext\n"})
    assert run(capsys, root).status == 0
