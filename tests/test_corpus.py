"""The convention-check corpus: hand-written incorrect and idiomatic correct snippets.

tests/corpus/incorrect/pbNNN_*.py must be flagged with PBNNN (at least 95% of them, at least 60 files);
tests/corpus/correct/*.py, written the way the official docs write code, must have no finding at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pbcheck.runner import check_python_file

CORPUS = Path(__file__).resolve().parent / "corpus"
INCORRECT = sorted((CORPUS / "incorrect").glob("pb*.py"))
CORRECT = sorted((CORPUS / "correct").glob("*.py"))


def expected_code(path: Path) -> str:
    return path.name.split("_", 1)[0].upper()


def test_corpus_sizes() -> None:
    assert len(INCORRECT) >= 60
    assert len(CORRECT) >= 30


def test_incorrect_snippets_are_flagged_with_their_code() -> None:
    missed = [p.name for p in INCORRECT if expected_code(p) not in {f.code for f in check_python_file(p, p.name)}]
    rate = 1 - len(missed) / len(INCORRECT)
    print(f"incorrect corpus: {len(INCORRECT) - len(missed)}/{len(INCORRECT)} flagged ({rate:.1%}); missed: {missed}")
    assert rate >= 0.95, missed


@pytest.mark.parametrize("path", CORRECT, ids=[p.name for p in CORRECT])
def test_correct_snippets_are_clean(path: Path) -> None:
    assert check_python_file(path, path.name) == []


def test_every_convention_check_has_incorrect_corpus_entries() -> None:
    from pbcheck.registry import load_all

    codes = {expected_code(p) for p in INCORRECT}
    missing = [code for code, check in load_all().items() if check.category != "structure" and code not in codes]
    assert missing == []
