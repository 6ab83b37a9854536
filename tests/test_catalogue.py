"""Generated files stay in step with their sources; every check carries its documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pbcheck import catalogue, pysyntax
from pbcheck.conventions.engine import check_tree
from pbcheck.registry import load_all

ROOT = Path(__file__).resolve().parent.parent
CHECKS = load_all()
CONVENTION = [c for c in CHECKS.values() if c.category != "structure"]


@pytest.mark.parametrize("path", [catalogue.CHECKS_FILE, catalogue.README_FILE])
def test_generated_file_matches_its_source(path: str) -> None:
    expected = catalogue.expected_files(ROOT)[ROOT / path]
    assert (ROOT / path).read_text(encoding="utf-8") == expected, f"{path} is stale: run `python -m pbcheck.catalogue`"


def test_drift_is_detected(tmp_path: Path) -> None:
    (tmp_path / "references").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "SKILL.md").write_text("---\nname: x\ndescription: y\n---\n")
    (tmp_path / "README.md").write_text(f"# R\n\n{catalogue.TABLE_START}\nold\n{catalogue.TABLE_END}\n")
    (tmp_path / catalogue.CHECKS_FILE).write_text("stale\n")
    assert catalogue.main(["--check", "--root", str(tmp_path)]) == 1
    assert catalogue.main(["--root", str(tmp_path)]) == 0
    assert catalogue.main(["--check", "--root", str(tmp_path)]) == 0


@pytest.mark.parametrize("check", CHECKS.values(), ids=list(CHECKS))
def test_every_check_is_documented(check) -> None:  # type: ignore[no-untyped-def]
    assert re.fullmatch(r"PB\d{3}", check.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", check.name)
    assert check.what.strip() and check.why.strip()
    if check.category != "structure":
        assert check.example.strip() and check.use_instead.strip(), "convention checks show both examples"
        assert check.references and all(url.startswith("https://") for _, url in check.references)


def findings_of(code: str):  # type: ignore[no-untyped-def]
    tree, problem = pysyntax.parse(code)
    assert problem is None, problem
    return {f.code for f in check_tree(tree, code, "doc.py")}


@pytest.mark.parametrize("check", CONVENTION, ids=[c.code for c in CONVENTION])
def test_doc_examples_prove_their_check(check) -> None:  # type: ignore[no-untyped-def]
    assert check.code in findings_of(check.example), "the doc's Incorrect example must be flagged by its check"
    assert findings_of(check.use_instead) == set(), "the doc's Use instead example must be clean"
