"""A skill bundle on disk: its markdown files, each read and parsed once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter as fm_mod
from .findings import Finding
from .textfile import read_text

# Folders never searched for skills, markdown or Python files.
PRUNED_DIRS = frozenset(
    {"node_modules", "__pycache__", "site-packages", "build", "dist", "venv", "env", ".venv"}
)


def pruned(name: str) -> bool:
    return name.startswith(".") or name in PRUNED_DIRS or name.endswith(".egg-info")


def is_rule_path(rel: str) -> bool:
    """``rules/<name>.md`` directly in rules/, not ``_``-prefixed (templates and partials)."""
    return rel.startswith("rules/") and rel.count("/") == 1 and not rel.removeprefix("rules/").startswith("_")


@dataclass
class MarkdownFile:
    path: Path
    rel: str  # posix path relative to the bundle root ("" outside a bundle)
    shown: str  # the path findings report
    text: str | None
    frontmatter: fm_mod.Frontmatter | None
    doc: object  # markdown.MarkdownDoc (typed loosely: markdown-it is imported lazily)
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_rule(self) -> bool:
        return is_rule_path(self.rel)


def load_markdown(path: Path, shown: str, rel: str, with_frontmatter: bool) -> MarkdownFile:
    from . import markdown

    text, findings = read_text(path, shown)
    if text is None:
        return MarkdownFile(path, rel, shown, None, None, markdown.MarkdownDoc(), findings)
    front = None
    body = text
    if with_frontmatter:
        front = fm_mod.split(text, shown)
        findings.extend(front.findings)
        body = front.body
    try:
        doc = markdown.parse(body)
    except RecursionError:
        findings.append(fm_mod.MISSING.finding(shown, 1, 1, what="markdown is nested too deeply to parse"))
        doc = markdown.MarkdownDoc()
    return MarkdownFile(path, rel, shown, text, front, doc, findings)


@dataclass
class Bundle:
    root: Path
    skill: MarkdownFile
    files: dict[str, MarkdownFile]  # by rel path, SKILL.md included

    @property
    def rules(self) -> list[MarkdownFile]:
        return sorted((f for f in self.files.values() if f.is_rule), key=lambda f: f.rel)


def markdown_paths(root: Path) -> list[Path]:
    """Markdown files of the bundle at `root`, not descending into nested bundles."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not pruned(d) and not (here / d / "SKILL.md").is_file())
        found.extend(here / name for name in sorted(filenames) if name.endswith(".md"))
    return found


def load_bundle(root: Path, shown_root: str) -> Bundle:
    files: dict[str, MarkdownFile] = {}
    for path in markdown_paths(root):
        rel = path.relative_to(root).as_posix()
        shown = rel if shown_root in ("", ".") else f"{shown_root.rstrip('/')}/{rel}"
        files[rel] = load_markdown(path, shown, rel, with_frontmatter=rel == "SKILL.md" or is_rule_path(rel))
    return Bundle(root, files["SKILL.md"], files)
