"""Parse Python source exactly as Python 3.11 would, whatever interpreter runs the checker.

`ast.parse(feature_version=(3, 11))` rejects most newer syntax (``type X = int``, type parameter
lists), but on 3.12+ the PEP 701 f-string grammar is always used: quotes reused inside a
replacement field, backslashes and comments in expressions all parse. `legacy_fstring_errors`
re-checks every f-string against the 3.11 rules using the tokenizer, so the result is exact.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from dataclasses import dataclass

TARGET = (3, 11)


@dataclass
class SyntaxProblem:
    line: int
    col: int
    message: str


def parse(source: str) -> tuple[ast.Module | None, SyntaxProblem | None]:
    """Return (tree, None) or (None, problem). Never raises.

    No real filename is given to the compiler: CPython re-reads the offending line from a file of
    that name to compute the error column, which would be wrong for a block inside markdown.
    """
    filename = "<example>"
    try:
        tree = ast.parse(source, filename, feature_version=TARGET)
    except SyntaxError as exc:
        return None, SyntaxProblem(exc.lineno or 1, exc.offset or 1, exc.msg or "invalid syntax")
    except (RecursionError, MemoryError):
        return None, SyntaxProblem(1, 1, "code is nested too deeply to parse")
    except ValueError as exc:  # e.g. "source code string cannot contain null bytes" on 3.11
        return None, SyntaxProblem(1, 1, str(exc))
    if sys.version_info >= (3, 12) and ("f" in source.lower() or "t" in source.lower()):
        problem = legacy_fstring_error(source)
        if problem is not None:
            return None, problem
    return tree, None


def _string_token_valid_311(text: str) -> bool:
    """Whether `text` (prefix + quoted body) is one complete string token for the 3.11 tokenizer."""
    i = 0
    while i < len(text) and text[i] not in "'\"":
        i += 1
    quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else text[i]
    body_start, body_end = i + len(quote), len(text) - len(quote)
    if body_end < body_start or not text.endswith(quote):
        return False
    j = body_start
    while j < body_end:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if len(quote) == 1 and ch == "\n":
            return False
        if text.startswith(quote, j):
            return False
        j += 1
    return j == body_end


def legacy_fstring_error(source: str) -> SyntaxProblem | None:
    """The first f-string that 3.11 rejects (PEP 701 syntax), or a 3.14 t-string; None if all fit."""
    fstring_start = getattr(tokenize, "FSTRING_START", None)
    if fstring_start is None:
        return None
    middle, end = tokenize.FSTRING_MIDDLE, tokenize.FSTRING_END  # type: ignore[attr-defined]
    tstring_start = getattr(tokenize, "TSTRING_START", None)
    lines = source.splitlines(keepends=True)

    def text_between(start: tuple[int, int], stop: tuple[int, int]) -> str:
        (l1, c1), (l2, c2) = start, stop
        if l1 == l2:
            return lines[l1 - 1][c1:c2]
        return lines[l1 - 1][c1:] + "".join(lines[l1 : l2 - 1]) + lines[l2 - 1][:c2]

    # stack of [start position, brace depth inside the replacement fields]
    stack: list[tuple[int, int]] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tstring_start is not None and tok.type == tstring_start:
                return SyntaxProblem(tok.start[0], tok.start[1] + 1, "template strings (t-strings) need Python 3.14")
            if tok.type == fstring_start:
                stack.append(tok.start)
                continue
            if not stack:
                continue
            if tok.type == end:
                start = stack.pop()
                if not stack and not _string_token_valid_311(text_between(start, tok.end)):
                    return SyntaxProblem(
                        start[0],
                        start[1] + 1,
                        "f-string uses Python 3.12+ syntax (PEP 701): a quote reused inside a replacement "
                        "field, or a line break in a single-quoted f-string",
                    )
                continue
            in_expression = tok.type != middle or len(stack) > 1
            if in_expression and tok.type == tokenize.COMMENT:
                return SyntaxProblem(tok.start[0], tok.start[1] + 1, "f-string expression part cannot include '#' before Python 3.12")
            if in_expression and "\\" in tok.string:
                return SyntaxProblem(tok.start[0], tok.start[1] + 1, "f-string expression part cannot include a backslash before Python 3.12")
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None  # ast.parse accepted it; a tokenizer disagreement is not a 3.11 finding
    return None
