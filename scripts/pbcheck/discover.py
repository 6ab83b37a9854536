"""Turn command-line paths into work: skill bundles, loose markdown files and Python files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .bundle import pruned

SKILL_FILE = "SKILL.md"


@dataclass
class Work:
    # bundle root -> (shown root, bundle-relative paths to report, or None for the whole bundle)
    bundles: dict[Path, tuple[str, set[str] | None]] = field(default_factory=dict)
    markdown: list[tuple[Path, str]] = field(default_factory=list)
    python: list[tuple[Path, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # usage errors: missing paths, unsupported files

    def add_bundle(self, root: Path, shown: str, rel: str | None = None) -> None:
        current = self.bundles.get(root)
        if rel is None or (current is not None and current[1] is None):
            self.bundles[root] = (current[0] if current else shown, None)
            return
        paths = current[1] if current is not None and current[1] is not None else set()
        paths.add(rel)
        self.bundles[root] = (current[0] if current else shown, paths)


def default_root() -> Path:
    """The skill bundle this checker ships in (scripts/pbcheck/ -> the repository root)."""
    return Path(__file__).resolve().parent.parent.parent


def shown_path(path: Path) -> str:
    """How findings name a path: relative to the working directory when below it."""
    absolute = path.absolute()
    try:
        rel = absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute.as_posix()
    return rel.as_posix() or "."


def enclosing_bundle(path: Path) -> Path | None:
    for parent in path.absolute().parents:
        if (parent / SKILL_FILE).is_file():
            return parent
    return None


def _walk(root: Path, work: Work) -> None:
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if (here / SKILL_FILE).is_file():
            work.add_bundle(here, shown_path(here))
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not pruned(d))
        for name in sorted(filenames):
            if name.endswith(".md"):
                work.markdown.append((here / name, shown_path(here / name)))
            elif name.endswith(".py"):
                work.python.append((here / name, shown_path(here / name)))


def discover(paths: list[str]) -> Work:
    work = Work()
    if not paths:
        root = default_root()
        if (root / SKILL_FILE).is_file():
            work.add_bundle(root, shown_path(root))
        else:
            work.errors.append(f"{shown_path(root)}: no {SKILL_FILE} here; give the paths to check")
        return work
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if (path / SKILL_FILE).is_file():
                work.add_bundle(path.absolute(), shown_path(path))
            else:
                _walk(path, work)
        elif path.is_file():
            if path.suffix == ".py":
                work.python.append((path, shown_path(path)))
            elif path.suffix.lower() in (".md", ".markdown"):
                root = enclosing_bundle(path)
                if root is None:
                    work.markdown.append((path, shown_path(path)))
                else:
                    work.add_bundle(root, shown_path(root), path.absolute().relative_to(root).as_posix())
            else:
                work.errors.append(f"{raw}: not a markdown (.md) or Python (.py) file")
        elif path.exists():
            work.errors.append(f"{raw}: not a regular file or directory")
        else:
            work.errors.append(f"{raw}: no such file or directory")
    return work
