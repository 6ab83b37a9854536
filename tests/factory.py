"""Build small skill bundles in tmp_path (never a committed tests/**/SKILL.md) and run the CLI."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from pbcheck.cli import main
from pbcheck.findings import Finding
from pbcheck.registry import load_all

CONVENTION_CODES = [code for code in load_all() if code[:3] in ("PB1", "PB2", "PB3", "PB4")]

SKILL = """\
---
name: demo-skill
description: Demonstrates async backend rules. Use when testing the checker.
license: MIT
metadata:
  version: "1.0"
---

# Demo

One rule in one category.

| Category | Rules | Impact |
|---|---|---|
| asyncio | 1 | HIGH |

- [asyncio-example](rules/asyncio-example.md) (HIGH): read before running tasks.
"""

RULE = """\
---
title: Use task groups
category: asyncio
impact: HIGH
impactDescription: Orphaned tasks
tags: [asyncio]
checks: [{checks}]
---

# Use task groups

**Incorrect (gather):**

```python
async def main():
    await asyncio.gather(a(), b())
```

**Correct (task group):**

```python
import asyncio


async def main() -> None:
    async with asyncio.TaskGroup() as tg:
        tg.create_task(asyncio.sleep(0))
```
"""


def rule_text(checks: list[str] | None = None) -> str:
    return RULE.format(checks=", ".join(checks if checks is not None else CONVENTION_CODES))


def make_bundle(tmp_path: Path, name: str = "demo-skill", files: dict[str, str | bytes | None] | None = None) -> Path:
    """A valid bundle; `files` overrides (None deletes) paths relative to the bundle root."""
    root = tmp_path / name
    content: dict[str, str | bytes | None] = {"SKILL.md": SKILL, "rules/asyncio-example.md": rule_text()}
    content.update(files or {})
    for rel, text in content.items():
        path = root / rel
        if text is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return root


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def findings(self) -> list[tuple[str, str, int]]:
        """(relative path tail, code, line) parsed from text output."""
        rows = []
        for line in self.out.splitlines():
            parts = line.split(":", 3)
            if len(parts) == 4 and parts[1].isdigit():
                rows.append((parts[0], parts[3].split()[0], int(parts[1])))
        return rows

    def codes(self) -> set[str]:
        return {code for _, code, _ in self.findings}

    def lines_of(self, code: str) -> list[int]:
        return [line for _, c, line in self.findings if c == code]


def run(capsys, *args: str | Path) -> Run:  # type: ignore[no-untyped-def]
    status = main([str(a) for a in args])
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)


__all__ = ["CONVENTION_CODES", "Finding", "Run", "make_bundle", "rule_text", "run"]
