"""The fixture bundle is clean, and so is the skill this repository ships."""

from __future__ import annotations

from pathlib import Path

from .factory import make_bundle, run

ROOT = Path(__file__).resolve().parent.parent


def test_fixture_bundle_is_clean(tmp_path: Path, capsys) -> None:
    result = run(capsys, make_bundle(tmp_path))
    assert result.status == 0, result.out
    assert result.findings == []
    assert "All checks passed" in result.out


def test_shipped_skill_is_clean(capsys) -> None:
    # PB012 (name differs from the folder) depends on where this clone sits, not on the skill.
    result = run(capsys, ROOT, "--ignore", "PB012")
    assert result.findings == [], result.out
    assert result.status == 0
    assert "marked undetectable" not in result.out  # the goal: every Incorrect example is detected


def test_shipped_skill_stays_within_its_context_budget() -> None:
    # SKILL.md is loaded whenever the skill triggers; rules only on demand (issue #4's budgets).
    assert len((ROOT / "SKILL.md").read_bytes()) <= 6 * 1024
    rules = sorted((ROOT / "rules").glob("[!_]*.md"))
    assert len(rules) == 12
    for rule in rules:
        assert len(rule.read_bytes()) <= 9 * 1024, rule.name
        assert 40 <= len(rule.read_text(encoding="utf-8").splitlines()) <= 150, rule.name
