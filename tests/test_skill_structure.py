"""PB010-PB026: SKILL.md frontmatter and budget, rule frontmatter, the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from .factory import SKILL, make_bundle, rule_text, run


def skill_with(old: str, new: str) -> str:
    assert old in SKILL
    return SKILL.replace(old, new, 1)


def rule_with(old: str, new: str) -> str:
    text = rule_text()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ("license: MIT\n", "license: MIT\nversion: 1.0\n", "PB010", 5),
        ("name: demo-skill", "name: Demo_Skill", "PB011", 2),
        ("name: demo-skill", "name: -demo-skill", "PB011", 2),
        ("name: demo-skill", "name: demo--skill", "PB011", 2),
        ("name: demo-skill", "name: " + "a" * 65, "PB011", 2),
        ("description: Demonstrates async backend rules. Use when testing the checker.", "description: Use <b>this</b>", "PB013", 3),
        ("description: Demonstrates async backend rules. Use when testing the checker.", "description: " + "x" * 1025, "PB013", 3),
        ("description: Demonstrates async backend rules. Use when testing the checker.", 'description: ""', "PB013", 3),
        ("license: MIT\n", "license: MIT\ncompatibility: " + "y" * 501 + "\n", "PB014", 5),
        ("license: MIT", "license: 3", "PB015", 4),
        ('  version: "1.0"', "  version: 1.0", "PB015", 5),
        ("metadata:\n  version: \"1.0\"", "metadata: [1, 2]", "PB015", 5),
    ],
)
def test_skill_frontmatter_findings(tmp_path: Path, capsys, old: str, new: str, code: str, line: int) -> None:
    result = run(capsys, make_bundle(tmp_path, files={"SKILL.md": skill_with(old, new)}))
    assert result.lines_of(code) == [line], result.out
    assert result.status == 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("license: MIT\n", "license: MIT\ncompatibility: Python 3.11+\nallowed-tools: Read Bash\n"),
        ("name: demo-skill", "name: demo-skill"),  # 64 chars allowed is covered below
        ("description: Demonstrates async backend rules. Use when testing the checker.", "description: " + "x" * 1024),
        ("license: MIT\n", "license: MIT\ncompatibility: " + "y" * 500 + "\n"),
    ],
)
def test_skill_frontmatter_near_misses(tmp_path: Path, capsys, old: str, new: str) -> None:
    result = run(capsys, make_bundle(tmp_path, files={"SKILL.md": skill_with(old, new)}))
    assert result.findings == [], result.out


def test_name_of_64_characters_matching_its_folder(tmp_path: Path, capsys) -> None:
    name = "a" * 64
    result = run(capsys, make_bundle(tmp_path, name=name, files={"SKILL.md": skill_with("name: demo-skill", f"name: {name}")}))
    assert result.findings == []


def test_name_differs_from_folder_is_a_warning_unless_strict(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, name="checkout")
    result = run(capsys, root)
    assert result.lines_of("PB012") == [2]
    assert result.status == 0  # a CI clone in another folder must not fail
    assert "warning" in result.out
    strict = run(capsys, root, "--strict-name")
    assert strict.lines_of("PB012") == [2] and strict.status == 1


def test_body_line_limit(tmp_path: Path, capsys) -> None:
    long_skill = SKILL + "\n".join(f"line {i}" for i in range(30)) + "\n"
    root = make_bundle(tmp_path, files={"SKILL.md": long_skill})
    assert run(capsys, root, "--max-lines", "35").lines_of("PB016") == [43]  # the first line over the limit
    assert run(capsys, root, "--max-lines", "40").lines_of("PB016") == []  # 40 body lines fit


def test_body_token_budget(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"SKILL.md": SKILL + "word " * 400 + "\n"})
    assert run(capsys, root, "--max-tokens", "300").lines_of("PB017") == [8]
    assert run(capsys, root, "--max-tokens", "5000").lines_of("PB017") == []


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ("title: Use task groups\n", "", "PB020", 1),
        ("tags: [asyncio]", "tags: asyncio", "PB020", 6),
        ("checks: [", "checks: [X1, ", "PB020", 7),
        ("impact: HIGH", "impact: SEVERE", "PB021", 4),
        ("impact: HIGH", "impact: high", "PB021", 4),
        ("category: asyncio", "category: fastapi", "PB022", 3),
    ],
)
def test_rule_frontmatter_findings(tmp_path: Path, capsys, old: str, new: str, code: str, line: int) -> None:
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": rule_with(old, new)}))
    assert line in result.lines_of(code), result.out


def test_rule_impact_medium_high_is_valid(tmp_path: Path, capsys) -> None:
    files = {
        "rules/asyncio-example.md": rule_with("impact: HIGH", "impact: MEDIUM-HIGH"),
        "SKILL.md": SKILL.replace("(HIGH)", "(MEDIUM-HIGH)"),
    }
    assert run(capsys, make_bundle(tmp_path, files=files)).findings == []


def test_underscore_files_are_not_rules(tmp_path: Path, capsys) -> None:
    result = run(capsys, make_bundle(tmp_path, files={"rules/_template.md": "# Template\n"}))
    assert result.findings == []


def test_category_not_declared_in_skill(tmp_path: Path, capsys) -> None:
    files = {"rules/pooling-extra.md": rule_with("category: asyncio", "category: pooling"),
             "SKILL.md": SKILL + "- [pooling-extra](rules/pooling-extra.md) (HIGH): read when pooling.\n"}
    result = run(capsys, make_bundle(tmp_path, files=files))
    assert result.lines_of("PB023") == [3]


def test_rule_not_linked_from_skill(tmp_path: Path, capsys) -> None:
    files = {"rules/asyncio-other.md": rule_text(), "SKILL.md": SKILL.replace("| asyncio | 1 |", "| asyncio | 2 |")}
    result = run(capsys, make_bundle(tmp_path, files=files))
    assert [(p.rsplit("/", 1)[-1], line) for p, c, line in result.findings if c == "PB024"] == [("asyncio-other.md", 1)]


def test_index_shows_another_impact(tmp_path: Path, capsys) -> None:
    result = run(capsys, make_bundle(tmp_path, files={"SKILL.md": SKILL.replace("(HIGH)", "(CRITICAL)")}))
    assert result.lines_of("PB025") == [17]
    assert "CRITICAL" in result.out and "HIGH" in result.out


def test_index_shows_another_category_under_a_heading(tmp_path: Path, capsys) -> None:
    skill = SKILL.replace("| asyncio | 1 | HIGH |", "| asyncio | 1 | HIGH |\n| pooling | 0 | LOW |").replace(
        "- [asyncio-example]", "## pooling\n\n- [asyncio-example]")
    result = run(capsys, make_bundle(tmp_path, files={"SKILL.md": skill}))
    assert result.lines_of("PB025") == [20], result.out


def test_index_impact_medium_high_is_not_read_as_high(tmp_path: Path, capsys) -> None:
    files = {"SKILL.md": SKILL.replace("(HIGH)", "(MEDIUM-HIGH)")}
    result = run(capsys, make_bundle(tmp_path, files=files))
    assert result.lines_of("PB025") == [17]


def test_stated_counts_must_match(tmp_path: Path, capsys) -> None:
    skill = SKILL.replace("| asyncio | 1 |", "| asyncio | 2 |").replace("One rule in one category.", "Twelve rules in four categories.")
    result = run(capsys, make_bundle(tmp_path, files={"SKILL.md": skill}))
    assert sorted(result.lines_of("PB026")) == [11, 11, 15]


def test_stated_counts_that_match_pass(tmp_path: Path, capsys) -> None:
    skill = SKILL.replace("One rule in one category.", "1 rule in 1 categories.")
    assert run(capsys, make_bundle(tmp_path, files={"SKILL.md": skill})).findings == []
