"""Check metadata: code, name, message and doc live with each check; this module only collects them.

`--list-checks`, `--explain` and ``references/checks.md`` are all generated from `CHECKS`.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field

from .findings import ERROR, WARNING, Finding

# Modules that define checks; importing them fills CHECKS.
CHECK_MODULES = (
    "pbcheck.textfile",
    "pbcheck.frontmatter",
    "pbcheck.skill",
    "pbcheck.links",
    "pbcheck.examples",
    "pbcheck.conventions.asyncio_checks",
    "pbcheck.conventions.fastapi_checks",
    "pbcheck.conventions.sqlalchemy_checks",
    "pbcheck.conventions.pooling_checks",
)

CATEGORIES = {
    "PB0": "structure",
    "PB1": "asyncio",
    "PB2": "fastapi",
    "PB3": "sqlalchemy",
    "PB4": "pooling",
}


@dataclass(frozen=True)
class Check:
    """One check's identity and documentation.

    `message` is a ``str.format`` template filled with the keyword arguments given to `finding`.
    The doc fields follow ruff's sections: what it does, why is this bad, example, use instead,
    references (title, url) pairs.
    """

    code: str
    name: str
    message: str
    what: str
    why: str
    example: str = ""
    use_instead: str = ""
    example_lang: str = "python"
    references: tuple[tuple[str, str], ...] = ()
    severity: str = ERROR
    category: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "category", CATEGORIES[self.code[:3]])

    def finding(self, path: str, line: int, col: int = 1, **values: object) -> Finding:
        return Finding(path, line, col, self.code, self.severity, self.message.format(**values))

    def explain(self) -> str:
        """The check's doc as markdown (what `--explain` prints and checks.md embeds)."""
        parts = [f"## {self.code} `{self.name}`", "", f"Severity: {self.severity}. Category: {self.category}.", ""]
        parts += ["### What it does", "", self.what.strip(), "", "### Why is this bad?", "", self.why.strip(), ""]
        if self.example:
            parts += ["### Example", "", "**Incorrect:**", "", *_fenced(self.example, self.example_lang), ""]
        if self.use_instead:
            parts += ["### Use instead", "", "**Correct:**", "", *_fenced(self.use_instead, self.example_lang), ""]
        if self.references:
            parts += ["### References", ""]
            parts += [f"- [{title}]({url})" for title, url in self.references]
            parts.append("")
        return "\n".join(parts)


def _fenced(code: str, language: str) -> list[str]:
    """A fenced block whose fence is longer than any backtick run inside (examples may hold fences)."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", code.strip("\n"), fence]


CHECKS: dict[str, Check] = {}


def define(code: str, name: str, message: str, what: str, why: str, **kwargs: object) -> Check:
    """Create and register a check; codes and names must be unique."""
    if code in CHECKS:
        raise ValueError(f"duplicate check code {code}")
    if any(c.name == name for c in CHECKS.values()):
        raise ValueError(f"duplicate check name {name}")
    check = Check(code, name, message, what, why, **kwargs)  # type: ignore[arg-type]
    CHECKS[code] = check
    return check


def load_all() -> dict[str, Check]:
    """Import every check module (lazy: none of them imports yaml or markdown-it at import time)."""
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return dict(sorted(CHECKS.items()))


def selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """Whether a code passes --select / --ignore (both are code prefixes)."""
    if select and not any(code.startswith(p) for p in select):
        return False
    return not any(code.startswith(p) for p in ignore)


__all__ = ["CHECKS", "ERROR", "WARNING", "Check", "define", "load_all", "selected"]
