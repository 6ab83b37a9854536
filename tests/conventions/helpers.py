"""Run the convention checks on a snippet and return what a user would see."""

from __future__ import annotations

import textwrap

from pbcheck import pysyntax
from pbcheck.conventions.engine import check_tree


def findings(source: str):
    source = textwrap.dedent(source)
    tree, problem = pysyntax.parse(source)
    assert problem is None, f"snippet does not parse: {problem}"
    return check_tree(tree, source, "snippet.py")


def codes(source: str) -> list[tuple[str, int]]:
    """(code, line) of every finding."""
    return [(f.code, f.line) for f in findings(source)]


def flagged(source: str, code: str) -> list[int]:
    """Lines where `code` was reported."""
    return [line for c, line in codes(source) if c == code]
