"""YAML frontmatter: split it from the body and load it with `yaml.safe_load` only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .findings import Finding
from .registry import define

MISSING = define(
    "PB003",
    "frontmatter-missing",
    "{what}",
    what="Reports a SKILL.md or rule file whose first line is not `---`, or whose frontmatter has no "
    "closing `---` line.",
    why="Skill loaders read the name, description and rule metadata from the YAML block between the "
    "first two `---` lines. Without it the file is not discovered or is indexed without metadata.",
    example="# My skill\n\nNo frontmatter here.",
    use_instead="---\nname: my-skill\ndescription: Does one thing. Use when ...\n---\n\n# My skill",
    example_lang="markdown",
    references=(("Agent Skills specification", "https://agentskills.io/specification"),),
)

INVALID_YAML = define(
    "PB004",
    "frontmatter-invalid-yaml",
    "frontmatter is not valid YAML: {problem}",
    what="Reports frontmatter that a YAML parser rejects, or that is not a mapping.",
    why="A description containing `: ` or a `#`, unquoted, is the classic case: some loaders "
    "accept it leniently, real YAML parsers do not, and the skill silently loses its metadata.",
    example="---\nname: my-skill\ndescription: Use when: the user asks\n---",
    use_instead='---\nname: my-skill\ndescription: "Use when: the user asks"\n---',
    example_lang="markdown",
    references=(("YAML 1.2 specification", "https://yaml.org/spec/1.2.2/"),),
)


@dataclass
class Frontmatter:
    data: dict[str, Any] | None
    body: str
    body_line: int  # 1-based line where the body starts
    key_lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


def split(text: str, path: str) -> Frontmatter:
    """Separate the frontmatter; the body keeps its line numbers (the frontmatter is blanked)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return Frontmatter(None, text, 1, findings=[MISSING.finding(path, 1, 1, what="no YAML frontmatter: the first line must be `---`")])
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() in ("---", "...")), None)
    if end is None:
        return Frontmatter(None, text, 1, findings=[MISSING.finding(path, 1, 1, what="frontmatter opened with `---` on line 1 is never closed")])
    yaml_text = "".join(lines[1:end])
    body = "\n" * (end + 1) + "".join(lines[end + 1 :])
    fm = Frontmatter(None, body, end + 2)
    try:
        import yaml

        data = yaml.safe_load(yaml_text)
    except Exception as exc:  # yaml.YAMLError, and RecursionError on pathological nesting
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        col = (mark.column + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or type(exc).__name__
        fm.findings.append(INVALID_YAML.finding(path, line, col, problem=problem))
        return fm
    if data is None:
        data = {}
    if not isinstance(data, dict):
        fm.findings.append(INVALID_YAML.finding(path, 2, 1, problem=f"expected a mapping, got {type(data).__name__}"))
        return fm
    fm.data = data
    for offset, raw in enumerate(lines[1:end]):
        if raw[:1] not in (" ", "\t", "#", "-") and ":" in raw:
            fm.key_lines.setdefault(raw.split(":", 1)[0].strip().strip("'\""), offset + 2)
    return fm
