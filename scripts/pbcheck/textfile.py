"""Reading input files: every way a file can fail to decode becomes a finding, never a traceback."""

from __future__ import annotations

from pathlib import Path

from .findings import Finding
from .registry import define

UNREADABLE = define(
    "PB001",
    "unreadable-file",
    "cannot read file: {reason}",
    what="Reports a file that cannot be read or is not valid UTF-8; the rest of the file is skipped.",
    why="Agents and renderers read skill files as UTF-8. Invalid bytes are shown as replacement "
    "characters or make the loader reject the file.",
    example_lang="text",
    references=(("Agent Skills specification", "https://agentskills.io/specification"),),
)

BYTE_ORDER_MARK = define(
    "PB002",
    "byte-order-mark",
    "file starts with a UTF-8 byte order mark; save it without one",
    what="Reports a file that starts with the UTF-8 byte order mark (U+FEFF).",
    why="A BOM before `---` hides the YAML frontmatter from parsers that expect `---` as the first "
    "bytes, so the skill's name and description are lost. The file is still checked as if the BOM "
    "were absent.",
    example_lang="text",
    references=(("Agent Skills specification", "https://agentskills.io/specification"),),
)

NUL_BYTE = "\x00"


def read_text(path: Path, shown: str) -> tuple[str | None, list[Finding]]:
    """Return the decoded text (None when unusable) and the findings about the file itself.

    `shown` is the path as findings report it.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [UNREADABLE.finding(shown, 1, 1, reason=exc.strerror or str(exc))]
    findings: list[Finding] = []
    if data.startswith(b"\xef\xbb\xbf"):
        findings.append(BYTE_ORDER_MARK.finding(shown, 1, 1))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        findings.append(UNREADABLE.finding(shown, line, col, reason=f"invalid UTF-8 byte 0x{data[exc.start]:02x}"))
        return None, findings
    if NUL_BYTE in text:
        offset = text.index(NUL_BYTE)
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        findings.append(UNREADABLE.finding(shown, line, col, reason="NUL byte in a text file"))
        return None, findings
    return text, findings
