"""Check one skill bundle, one markdown file or one Python file; each file is read and parsed once."""

from __future__ import annotations

from pathlib import Path

from . import pysyntax
from .findings import Finding
from .textfile import read_text


def check_python_file(path: Path, shown: str) -> list[Finding]:
    """Convention checks on a .py file (standard library only)."""
    from .conventions.engine import check_tree
    from .examples import SYNTAX_ERROR

    source, findings = read_text(path, shown)
    if source is None:
        return findings
    tree, problem = pysyntax.parse(source)
    if problem is not None:
        return [*findings, SYNTAX_ERROR.finding(shown, problem.line, problem.col, message=problem.message)]
    assert tree is not None
    return findings + check_tree(tree, source, shown)


def check_markdown_file(path: Path, shown: str) -> list[Finding]:
    """A markdown file outside any skill bundle: its code blocks and local links."""
    from .bundle import load_markdown
    from .examples import check_file_blocks
    from .links import check_links

    file = load_markdown(path, shown, "", with_frontmatter=False)
    findings = list(file.findings)
    if file.text is not None:
        findings += check_file_blocks(file, in_bundle=False, listed=None)
        findings += check_links(file, None)
    return findings


def check_bundle(root: Path, shown_root: str, budget: object, only: set[str] | None = None) -> tuple[list[Finding], int]:
    """Every structure, link and example check of the bundle at `root`, and how many files were reported on.

    `only`: bundle-relative paths whose findings to keep (None keeps all).
    """
    from . import examples, links, skill
    from .bundle import load_bundle

    bundle = load_bundle(root, shown_root)
    findings: list[Finding] = []
    for file in bundle.files.values():
        findings += file.findings
        if file.text is None:
            continue
        listed = examples.listed_checks(file) if file.is_rule else None
        findings += examples.check_file_blocks(file, in_bundle=True, listed=listed, is_rule=file.is_rule)
        findings += links.check_links(file, bundle)
    for rule in bundle.rules:
        findings += skill.check_rule_frontmatter(rule)
    if bundle.skill.text is not None:
        findings += skill.check_skill_frontmatter(bundle, budget)  # type: ignore[arg-type]
        findings += skill.check_skill_body(bundle.skill, budget)  # type: ignore[arg-type]
        findings += skill.check_index(bundle)
        findings += examples.check_catalogue(bundle)
    if only is None:
        return findings, len(bundle.files)
    keep = {bundle.files[rel].shown for rel in only if rel in bundle.files}
    return [f for f in findings if f.path in keep], len(only)
