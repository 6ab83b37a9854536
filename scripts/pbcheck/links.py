"""Relative links: the file exists, stays inside the bundle, and the #anchor is a heading there."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .bundle import Bundle, MarkdownFile
from .findings import Finding
from .registry import define

GITHUB_ANCHORS = (
    "GitHub: section links in markdown",
    "https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#section-links",
)
SPEC_REFERENCES = ("Agent Skills specification: file references", "https://agentskills.io/specification#file-references")

BROKEN_LINK = define(
    "PB030", "broken-relative-link",
    "link target {target!r} does not exist",
    what="Reports a relative link whose file does not exist.",
    why="Agents follow links to load rules and references on demand; a broken link silently drops that "
    "material from the agent's context.",
    example="See [pool sizing](references/pool_sizing.md).",
    use_instead="See [pool sizing](references/pool-sizing.md).",
    example_lang="markdown", references=(SPEC_REFERENCES,),
)
OUTSIDE_BUNDLE = define(
    "PB031", "link-outside-bundle",
    "link target {target!r} is outside the skill bundle",
    what="Reports a relative or absolute link that leaves the skill's folder.",
    why="A skill is installed by copying its folder; anything outside it is missing on the user's machine.",
    example="See [the design notes](../../docs/design.md).",
    use_instead="Move the material into `references/` and link it from there.",
    example_lang="markdown", references=(SPEC_REFERENCES,),
)
BROKEN_ANCHOR = define(
    "PB032", "broken-link-anchor",
    "{target!r} has no heading with anchor #{anchor}",
    what="Reports a link whose `#fragment` matches no heading of the target markdown file, using GitHub's "
    "slug rules (lower-case, punctuation dropped, spaces to hyphens, `-1`, `-2` for repeated headings).",
    why="The link lands at the top of the file instead of the section meant, or nowhere useful.",
    example="See [sizing](references/pool-sizing.md#Sizing-By-Littles-Law).",
    use_instead="See [sizing](references/pool-sizing.md#sizing-by-littles-law).",
    example_lang="markdown", references=(GITHUB_ANCHORS,),
)
REFERENCE_TOO_DEEP = define(
    "PB033", "skill-reference-too-deep",
    "SKILL.md links to {target!r}, more than one directory below the skill root",
    what="Reports a SKILL.md link to a file nested more than one level deep (`references/a/b.md`).",
    why="The specification asks for file references one level deep from SKILL.md, so an agent reaches "
    "any file in one step instead of following chains of references.",
    example="Read [details](references/pools/sizing.md).",
    use_instead="Read [details](references/pool-sizing.md).",
    example_lang="markdown", references=(SPEC_REFERENCES,),
)


def _split(target: str) -> tuple[str, str] | None:
    """(path, anchor) of a local link; None for URLs with a scheme or network location."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return unquote(parts.path), unquote(parts.fragment)


def _bundle_rel(bundle: Bundle, file: MarkdownFile, path: str) -> str | None:
    """The bundle-relative posix path `path` points at from `file`, or None when it leaves the bundle."""
    if path.startswith("/"):
        return None
    base = PurePosixPath(file.rel).parent
    parts: list[str] = []
    for part in (base / path).parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def resolve(bundle: Bundle, file: MarkdownFile, target: str) -> str | None:
    """The bundle-relative path of an existing file `target` points at, or None."""
    split = _split(target)
    if split is None or not split[0]:
        return None
    rel = _bundle_rel(bundle, file, split[0])
    if rel is None or not (bundle.root / rel).exists():
        return None
    return rel


def _anchors_of(bundle: Bundle | None, path: Path, rel: str | None) -> set[str] | None:
    from . import markdown

    if bundle is not None and rel in bundle.files:
        return markdown.anchors(bundle.files[rel].doc)  # type: ignore[arg-type]
    try:
        return markdown.anchors(markdown.parse(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, RecursionError):
        return None


def check_links(file: MarkdownFile, bundle: Bundle | None) -> list[Finding]:
    """Every local link of `file`; `bundle` is None for a markdown file outside any skill."""
    from . import markdown

    out: list[Finding] = []
    doc: markdown.MarkdownDoc = file.doc  # type: ignore[assignment]
    for link in doc.links:
        split = _split(link.target)
        if split is None:
            continue
        path, anchor = split
        if not path:  # "#section" within the same file
            if anchor and anchor not in markdown.anchors(doc):
                out.append(BROKEN_ANCHOR.finding(file.shown, link.line, link.col, target=file.path.name, anchor=anchor))
            continue
        rel: str | None = None
        if bundle is not None:
            rel = _bundle_rel(bundle, file, path)
            if rel is None:
                out.append(OUTSIDE_BUNDLE.finding(file.shown, link.line, link.col, target=link.target))
                continue
            full = bundle.root / rel
            if file.rel == "SKILL.md" and rel.count("/") > 1:
                out.append(REFERENCE_TOO_DEEP.finding(file.shown, link.line, link.col, target=link.target))
        else:
            full = file.path.parent / path
        if not full.exists():
            out.append(BROKEN_LINK.finding(file.shown, link.line, link.col, target=link.target))
            continue
        if anchor and full.suffix.lower() == ".md" and full.is_file():
            found = _anchors_of(bundle, full, rel)
            if found is not None and anchor not in found:
                out.append(BROKEN_ANCHOR.finding(file.shown, link.line, link.col, target=path, anchor=anchor))
    return out
