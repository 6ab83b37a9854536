"""Markdown structure via markdown-it-py's CommonMark block parser (the inline pass is skipped).

Everything a check needs from a markdown file is collected in one pass over the block tokens:
code blocks with their labels and positions, headings, links and tables.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import lru_cache

# A label is the paragraph right before a fence: "**Incorrect ...:**" or "**Correct ...:**".
LABEL_RE = re.compile(r"^\s*\*\*\s*(Incorrect|Correct)\b", re.IGNORECASE)
PYTHON_LANGS = frozenset({"python", "py", "python3"})


@dataclass
class CodeBlock:
    language: str  # lower-case first word of the info string ("" when none)
    attrs: dict[str, str]  # key=value pairs after the language, e.g. {undetectable="reason"}
    code: str
    line: int  # 1-based markdown line of the opening fence
    first_code_line: int  # 1-based markdown line of the first code line
    col_offsets: list[int]  # per code line: columns the markdown adds before it (list indent, "> ")
    label: str | None  # "incorrect", "correct" or None
    fenced: bool = True
    unterminated: bool = False

    @property
    def is_python(self) -> bool:
        return self.language in PYTHON_LANGS

    def position(self, code_line: int, code_col: int) -> tuple[int, int]:
        """Map a 1-based (line, col) inside the code to the markdown file's (line, col)."""
        index = min(max(code_line, 1), max(len(self.col_offsets), 1)) - 1
        offset = self.col_offsets[index] if self.col_offsets else 0
        return self.first_code_line + code_line - 1, max(code_col, 1) + offset


@dataclass
class Heading:
    line: int
    level: int
    text: str  # the raw inline source


@dataclass
class Link:
    line: int
    col: int
    target: str


@dataclass
class Table:
    line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells)


@dataclass
class MarkdownDoc:
    blocks: list[CodeBlock] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # (line, raw inline text) for every paragraph/heading/cell, in document order
    texts: list[tuple[int, str]] = field(default_factory=list)
    anchor_set: set[str] | None = None  # computed once, by `anchors`


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    # Code blocks, headings and tables come from the block pass; inline parsing is most of the
    # cost and is run on demand only for the few snippets that contain links.
    md.core.ruler.disable(["inline", "text_join"])
    return md


def parse_attrs(info: str) -> tuple[str, dict[str, str]]:
    """Split a fence info string into (language, attributes): ``python {undetectable="why"}``."""
    info = info.strip()
    if not info:
        return "", {}
    language, _, rest = info.partition(" ")
    language = language.strip("{}").lower()
    rest = rest.strip().removeprefix("{").removesuffix("}")
    attrs: dict[str, str] = {}
    try:
        words = shlex.split(rest)
    except ValueError:
        words = rest.split()
    for word in words:
        key, sep, value = word.partition("=")
        if key:
            attrs[key] = value if sep else ""
    return language, attrs


def _col_offsets(source_lines: list[str], start: int, code_lines: list[str]) -> list[int]:
    offsets = []
    for i, code_line in enumerate(code_lines):
        idx = start + i
        src = source_lines[idx] if idx < len(source_lines) else code_line
        offsets.append(len(src) - len(code_line) if code_line and src.endswith(code_line) else 0)
    return offsets


def _closing_fence_present(source_lines: list[str], end: int, markup: str) -> bool:
    if end - 1 < 0 or end - 1 >= len(source_lines):
        return False
    last = source_lines[end - 1].lstrip(" >\t")
    stripped = last.strip()
    return stripped.startswith(markup) and set(stripped) == {markup[0]}


def _links_in(text: str, line: int, source_lines: list[str], doc: MarkdownDoc, env: dict) -> None:
    if "](" not in text and "][" not in text and "<" not in text:
        return
    md = _parser()
    tokens = md.inline.parse(text, md, env, [])
    for tok in tokens:
        if tok.type == "link_open":
            href = str(tok.attrGet("href") or "")
            # Find the line the link sits on: search the block's source lines for the raw target.
            # Inline links only: reference-style ones are reported at their definition below.
            for offset in range(text.count("\n") + 1):
                src = source_lines[line - 1 + offset] if line - 1 + offset < len(source_lines) else ""
                pos = max(src.find("(" + href), src.find("(<" + href))
                if pos >= 0:
                    doc.links.append(Link(line + offset, pos + 2, href))
                    break


def parse(text: str) -> MarkdownDoc:
    """Parse markdown (frontmatter already blanked out) into the structures checks use."""
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env)
    source_lines = text.splitlines()
    doc = MarkdownDoc()
    table: Table | None = None
    row: list[str] | None = None
    row_line = 0
    for i, tok in enumerate(tokens):
        if tok.type in ("fence", "code_block"):
            fenced = tok.type == "fence"
            language, attrs = parse_attrs(tok.info) if fenced else ("", {})
            start, end = tok.map or (0, 0)
            first = start + 1 if fenced else start
            code_lines = tok.content.splitlines()
            label = None
            if i >= 2 and tokens[i - 1].type == "paragraph_close" and tokens[i - 2].type == "inline":
                m = LABEL_RE.match(tokens[i - 2].content)
                label = m.group(1).lower() if m else None
            unterminated = fenced and not (end - start >= 2 and _closing_fence_present(source_lines, end, tok.markup))
            doc.blocks.append(
                CodeBlock(
                    language=language,
                    attrs=attrs,
                    code=tok.content,
                    line=start + 1,
                    first_code_line=first + 1,
                    col_offsets=_col_offsets(source_lines, first, code_lines),
                    label=label,
                    fenced=fenced,
                    unterminated=unterminated,
                )
            )
            continue
        if tok.type == "inline":
            line = (tok.map[0] + 1) if tok.map else 1
            doc.texts.append((line, tok.content))
            _links_in(tok.content, line, source_lines, doc, env)
            parent = tokens[i - 1].type if i else ""
            if parent == "heading_open":
                doc.headings.append(Heading(line, int(tokens[i - 1].tag[1]), tok.content))
            elif parent in ("th_open", "td_open") and row is not None:
                row.append(tok.content.strip())
                row_line = line
            continue
        if tok.type == "table_open":
            table = Table((tok.map[0] + 1) if tok.map else 1, [], [])
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and table is not None and row is not None:
            if not table.header:
                table.header = row
            else:
                table.rows.append((row_line, row))
            row = None
        elif tok.type == "table_close" and table is not None:
            doc.tables.append(table)
            table = None
    # Reference-style links: [text][ref] resolve through definitions markdown-it collected.
    for ref in env.get("references", {}).values():
        target = ref.get("href", "")
        line = next((n + 1 for n, s in enumerate(source_lines) if s.lstrip().startswith("[") and target in s), 1)
        doc.links.append(Link(line, 1, target))
    return doc


def heading_plain_text(raw: str) -> str:
    """The rendered text of a heading's inline source (emphasis, code and links reduced to text)."""
    md = _parser()
    out: list[str] = []
    for tok in md.inline.parse(raw, md, {}, []):
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type == "softbreak":
            out.append(" ")
        elif tok.type in ("html_inline",):
            continue
    return "".join(out)


def github_slug(text: str) -> str:
    """GitHub's heading anchor: lower-case, punctuation dropped, spaces to hyphens."""
    slug = text.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")


def anchors(doc: MarkdownDoc) -> set[str]:
    """Every anchor GitHub generates for the document's headings (duplicates get -1, -2 ...)."""
    if doc.anchor_set is not None:
        return doc.anchor_set
    seen: dict[str, int] = {}
    result: set[str] = set()
    for heading in doc.headings:
        base = github_slug(heading_plain_text(heading.text))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    doc.anchor_set = result
    return result
