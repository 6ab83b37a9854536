"""Command line: ``python scripts/validate.py [PATH ...]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .findings import ERROR, Finding
from .registry import load_all, selected
from .report import FORMATS, as_github, as_json, as_sarif, as_text

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Validate the python-backend skill bundle and lint async Python backend code.

PATH may be a skill bundle (a folder holding SKILL.md), a folder (every skill bundle below it, plus
loose markdown and Python files), a markdown file (its code blocks; a file inside a bundle is
checked with its bundle's rules), or a Python file. With no PATH, the bundle that contains this
script is checked. Python files need only the standard library.
"""
EPILOG = """\
exit status: 0 no finding at error severity, 1 findings, 2 usage error or unusable input.
Silence one finding with a trailing `# noqa: PB103` comment (a bare `# noqa` does not).
Run --list-checks for every check and --explain CODE for its documentation.
"""


def _codes(values: list[str] | None) -> tuple[str, ...]:
    """Comma-separated, repeatable code prefixes (``PB1,PB203``)."""
    return tuple(p.strip().upper() for v in values or () for p in v.split(",") if p.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="validate.py", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="what to check (default: this skill bundle)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--select", action="append", metavar="CODES", help="report only codes with these prefixes, e.g. PB1,PB203")
    parser.add_argument("--ignore", action="append", metavar="CODES", help="drop codes with these prefixes")
    parser.add_argument("--list-checks", action="store_true", help="list every check and exit")
    parser.add_argument("--explain", metavar="CODE", help="print a check's documentation and exit")
    parser.add_argument("--strict-name", action="store_true", help="make a skill name that differs from its folder an error (PB012)")
    parser.add_argument("--max-lines", type=int, default=500, metavar="N", help="SKILL.md body line limit (default: 500)")
    parser.add_argument("--max-tokens", type=int, default=5000, metavar="N", help="SKILL.md body token budget, estimated as bytes/4 (default: 5000)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _list_checks() -> str:
    checks = load_all()
    width = max(len(c.name) for c in checks.values())
    lines = [f"{code}  {check.name:<{width}}  {check.category:<10}  {check.severity}" for code, check in checks.items()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    checks = load_all()
    if args.list_checks:
        sys.stdout.write(_list_checks())
        return EXIT_OK
    if args.explain:
        check = checks.get(args.explain.strip().upper())
        if check is None:
            print(f"validate.py: error: unknown check {args.explain!r}; run --list-checks", file=sys.stderr)
            return EXIT_USAGE
        sys.stdout.write(check.explain())
        return EXIT_OK
    if args.max_lines < 1 or args.max_tokens < 1:
        parser.error("--max-lines and --max-tokens must be positive")
    select, ignore = _codes(args.select), _codes(args.ignore)
    from .discover import discover
    from .runner import check_bundle, check_markdown_file, check_python_file
    from .skill import Budget

    work = discover(args.paths)
    status = EXIT_OK
    for message in work.errors:
        print(f"validate.py: error: {message}", file=sys.stderr)
        status = EXIT_USAGE
    budget = Budget(max_lines=args.max_lines, max_tokens=args.max_tokens, strict_name=args.strict_name)
    jobs: list[tuple[str, Callable[[], tuple[list[Finding], int]]]] = []
    jobs += [(shown, lambda r=root, s=shown, o=only: check_bundle(r, s, budget, o)) for root, (shown, only) in work.bundles.items()]
    jobs += [(shown, lambda p=path, s=shown: (check_markdown_file(p, s), 1)) for path, shown in work.markdown]
    jobs += [(shown, lambda p=path, s=shown: (check_python_file(p, s), 1)) for path, shown in work.python]
    if (work.bundles or work.markdown) and not _markdown_available():
        print("validate.py: error: checking markdown needs pyyaml and markdown-it-py: pip install pyyaml markdown-it-py", file=sys.stderr)
        return EXIT_USAGE
    findings: list[Finding] = []
    files = 0
    for shown, job in jobs:
        try:
            found, count = job()
        except Exception as exc:  # a checker bug must not hide the other files' findings
            print(f"validate.py: internal error while checking {shown}: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        findings += found
        files += count
    findings = sorted({f for f in findings if selected(f.code, select, ignore)})
    output = {
        "text": lambda: as_text(findings, files),
        "json": lambda: as_json(findings),
        "github": lambda: as_github(findings),
        "sarif": lambda: as_sarif(findings, checks),
    }[args.format]()
    sys.stdout.write(output)
    if status == EXIT_OK and any(f.severity == ERROR for f in findings):
        status = EXIT_FINDINGS
    return status


def _markdown_available() -> bool:
    try:
        import markdown_it  # noqa: F401
        import yaml  # noqa: F401
    except ImportError:
        return False
    return True
