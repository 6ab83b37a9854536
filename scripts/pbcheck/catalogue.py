"""Generated documentation: ``references/checks.md`` and the rules table in ``README.md``.

    python -m pbcheck.catalogue           # rewrite both files
    python -m pbcheck.catalogue --check   # exit 1 when either file differs from the code

Both are generated from their single source (the check units; the rules' frontmatter), and a test
fails when the committed files drift.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .discover import default_root
from .registry import CATEGORIES, load_all

CHECKS_FILE = "references/checks.md"
README_FILE = "README.md"
TABLE_START, TABLE_END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"


def render_checks() -> str:
    checks = load_all()
    lines = [
        "# Checks",
        "",
        "Generated from `scripts/pbcheck` by `python -m pbcheck.catalogue`; do not edit by hand.",
        "`python scripts/validate.py --explain CODE` prints one entry.",
        "",
        "| Code | Name | Category | Severity |",
        "|---|---|---|---|",
    ]
    for code, check in checks.items():
        anchor = f"{code.lower()}-{check.name}"
        lines.append(f"| [{code}](#{anchor}) | {check.name} | {check.category} | {check.severity} |")
    lines.append("")
    for category in CATEGORIES.values():
        members = [c for c in checks.values() if c.category == category]
        if not members:
            continue
        lines += [f"# {category.capitalize()} checks", ""]
        for check in members:
            lines += [check.explain().replace(f"## {check.code} `{check.name}`", f"## {check.code} {check.name}", 1), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_rules_table(root: Path) -> str:
    from .bundle import load_bundle

    bundle = load_bundle(root, "")
    lines = ["| Rule | Category | Impact | Checks |", "|---|---|---|---|"]
    for rule in bundle.rules:
        data = rule.frontmatter.data if rule.frontmatter is not None and isinstance(rule.frontmatter.data, dict) else {}
        checks = ", ".join(str(c) for c in data.get("checks") or [])
        lines.append(f"| [{data.get('title', rule.rel)}]({rule.rel}) | {data.get('category', '')} | {data.get('impact', '')} | {checks} |")
    return "\n".join(lines)


def readme_with_table(readme: str, table: str) -> str:
    start, end = readme.index(TABLE_START), readme.index(TABLE_END)
    return readme[: start + len(TABLE_START)] + "\n" + table + "\n" + readme[end:]


def expected_files(root: Path) -> dict[Path, str]:
    readme = (root / README_FILE).read_text(encoding="utf-8")
    return {
        root / CHECKS_FILE: render_checks(),
        root / README_FILE: readme_with_table(readme, render_rules_table(root)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pbcheck.catalogue", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift instead of writing")
    parser.add_argument("--root", type=Path, default=default_root(), help="the skill bundle (default: this one)")
    args = parser.parse_args(argv)
    stale = []
    for path, text in expected_files(args.root).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'wrote'}: {path}", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
