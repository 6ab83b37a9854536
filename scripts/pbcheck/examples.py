"""Code blocks in markdown: fences, Python syntax, labels, and what the labels promise.

Label convention: the paragraph right before a python fence starts with ``**Incorrect`` or
``**Correct``. A Correct (or unlabelled) block must have no finding. An Incorrect block must be
flagged by a check its rule file lists in ``checks:`` (outside rule files: by any check), unless its
fence carries ``{undetectable="reason"}``. The Correct blocks of a rule file, concatenated in order,
must form a module without undefined names.
"""

from __future__ import annotations

import ast

from . import pysyntax
from .bundle import Bundle, MarkdownFile
from .findings import WARNING, Finding
from .registry import CATEGORIES, CHECKS, define
from .undefined import undefined_names

CONVENTION_PREFIXES = tuple(p for p, c in CATEGORIES.items() if c != "structure")
COMMONMARK_FENCES = ("CommonMark: fenced code blocks", "https://spec.commonmark.org/0.31.2/#fenced-code-blocks")
AST_PARSE = ("ast.parse and feature_version", "https://docs.python.org/3/library/ast.html#ast.parse")

FENCE_WITHOUT_LANGUAGE = define(
    "PB040", "code-fence-without-language",
    "code fence has no language",
    what="Reports a fenced code block whose info string is empty.",
    why="Without a language the block is not checked, not highlighted, and an agent cannot tell code "
    "to run from output to expect.",
    example="```\nawait session.commit()\n```",
    use_instead="```python\nawait session.commit()\n```",
    example_lang="markdown", references=(COMMONMARK_FENCES,),
)
SYNTAX_ERROR = define(
    "PB041", "python-syntax-error",
    "Python 3.11 cannot parse this: {message}",
    what="Parses Python (`.py` files and `python`/`py` blocks) with the Python 3.11 grammar, whatever Python "
    "runs the checker, and reports the first syntax error at its exact line. Top-level `await` is allowed "
    "in markdown blocks. Newer syntax (`type X = int`, PEP 695 generics, PEP 701 f-strings) is reported.",
    why="The skill promises code that runs on Python 3.11 and later; an example that does not parse teaches "
    "nothing and fails when copied.",
    example="type UserId = int",
    use_instead="from typing import TypeAlias\n\nUserId: TypeAlias = int",
    references=(AST_PARSE, ("PEP 701: f-string grammar", "https://peps.python.org/pep-0701/")),
)
UNTERMINATED_FENCE = define(
    "PB042", "unterminated-code-fence",
    "code fence opened here is never closed",
    what="Reports a fenced code block that runs to the end of its container because its closing fence is "
    "missing.",
    why="Everything after the opening fence, headings and links included, becomes code.",
    example="```python\nprint('hello')\n\n## Next section",
    use_instead="```python\nprint('hello')\n```\n\n## Next section",
    example_lang="markdown", references=(COMMONMARK_FENCES,),
)
UNLABELLED = define(
    "PB050", "unlabelled-python-example",
    "python block is not labelled: put a `**Incorrect (...):**` or `**Correct (...):**` paragraph right before it",
    what="Reports a python block in a skill bundle that has no label paragraph right before its fence.",
    why="Labels tell the agent which code to copy and tell the checker what to prove: Correct blocks must be "
    "clean, Incorrect blocks must be flagged.",
    example="Use a task group:\n\n```python\nasync with asyncio.TaskGroup() as tg:\n    tg.create_task(work())\n```",
    use_instead="**Correct (a task group cancels siblings on failure):**\n\n```python\n"
    "async with asyncio.TaskGroup() as tg:\n    tg.create_task(work())\n```",
    example_lang="markdown",
)
RULE_WITHOUT_EXAMPLES = define(
    "PB051", "rule-missing-incorrect-or-correct-example",
    "rule has no {missing} python example",
    what="Reports a rule file without at least one Incorrect and one Correct python block.",
    why="A rule shows the mistake and the fix side by side; either alone is ambiguous.",
    example_lang="markdown",
)
NOT_FLAGGED = define(
    "PB061", "incorrect-example-not-flagged",
    "Incorrect example is not flagged by {expected}; found {found}",
    what="Reports an Incorrect python block that no check flags. In a rule file the finding must come from a "
    "check the rule lists in `checks:`; elsewhere any convention check counts.",
    why="The docs prove the checker and the checker proves the docs: an Incorrect example the checker "
    "misses is either a wrong example or a gap in the checker.",
    example_lang="markdown",
)
MARKED_UNDETECTABLE = define(
    "PB062", "incorrect-example-undetectable",
    "Incorrect example marked undetectable: {reason}",
    what="Reports (as a warning, counted in the summary) every Incorrect block whose fence carries "
    '`{undetectable="reason"}`. The marker exempts the block from PB061; the goal is to need none.',
    why="Each marker is a known gap between what the skill teaches and what the checker proves.",
    example='```python {undetectable="needs type information"}\n...\n```',
    example_lang="markdown", severity=WARNING,
)
UNDEFINED_NAME = define(
    "PB063", "undefined-name-in-correct-examples",
    "undefined name {name!r} in the rule's Correct examples (concatenated in order)",
    what="Concatenates the Correct python blocks of a rule file in order and reports every name used "
    "before it is imported or defined.",
    why="Correct examples are meant to be copied and run: a missing import turns a fix into a NameError.",
    example="**Correct:**\n\n```python\nengine = create_async_engine(URL, pool_pre_ping=True)\n```",
    use_instead="**Correct:**\n\n```python\nfrom sqlalchemy.ext.asyncio import create_async_engine\n\n"
    "URL = \"postgresql+asyncpg://app@db/app\"\nengine = create_async_engine(URL, pool_pre_ping=True)\n```",
    example_lang="markdown",
)
UNKNOWN_CODE = define(
    "PB064", "rule-lists-unknown-check",
    "`checks:` lists {code}, which is not a check of this checker",
    what="Reports a code in a rule's `checks:` frontmatter that no check defines.",
    why="The rule claims a check proves it; a misspelled or removed code proves nothing.",
    example="---\nchecks: [PB999]\n---",
    use_instead="---\nchecks: [PB101]\n---",
    example_lang="markdown",
)
CHECK_NOT_TAUGHT = define(
    "PB065", "check-not-taught-by-any-rule",
    "{code} ({name}) is not listed in any rule's `checks:`",
    what="In a bundle whose rules list convention checks, reports every convention check (PB1xx-PB4xx) "
    "that no rule file lists in `checks:`.",
    why="A check nobody teaches produces findings the agent has no rule to fix them with.",
    example_lang="markdown",
)


def _describe(codes: set[str]) -> str:
    return ", ".join(sorted(codes)) if codes else "nothing"


def check_file_blocks(file: MarkdownFile, *, in_bundle: bool, listed: set[str] | None, is_rule: bool = False) -> list[Finding]:
    """Fence, syntax and label checks for one markdown file.

    `listed` is a rule file's `checks:` codes (None elsewhere, or when its frontmatter is unusable).
    """
    from .conventions.engine import check_tree

    out: list[Finding] = []
    path = file.shown
    correct: list[tuple[object, ast.Module]] = []
    correct_parse_failed = False
    labels: set[str] = set()
    for block in file.doc.blocks:  # type: ignore[attr-defined]
        if block.unterminated:
            out.append(UNTERMINATED_FENCE.finding(path, block.line, 1))
            continue
        if block.fenced and not block.language:
            out.append(FENCE_WITHOUT_LANGUAGE.finding(path, block.line, 1))
        if not block.is_python:
            continue
        if block.label:
            labels.add(block.label)
        elif in_bundle:
            out.append(UNLABELLED.finding(path, block.line, 1))
        tree, problem = pysyntax.parse(block.code)
        if problem is not None:
            if block.label == "incorrect" and (listed is None or SYNTAX_ERROR.code in listed):
                continue  # the syntax error is what this Incorrect example shows
            line, col = block.position(problem.line, problem.col)
            out.append(SYNTAX_ERROR.finding(path, line, col, message=problem.message))
            correct_parse_failed |= block.label == "correct"
            continue
        assert tree is not None
        found = check_tree(tree, block.code, path, position=block.position)
        if block.label != "incorrect":
            out.extend(found)
            if block.label == "correct":
                correct.append((block, tree))
            continue
        codes = {f.code for f in found}
        expected = codes & listed if listed is not None else codes
        if "undetectable" in block.attrs:
            reason = block.attrs["undetectable"].strip() or "(no reason given)"
            if expected:
                reason += f"; but it is flagged by {_describe(expected)}: remove the marker"
            out.append(MARKED_UNDETECTABLE.finding(path, block.line, 1, reason=reason))
        elif not expected:
            wanted = f"a check listed in `checks:` ({_describe(listed)})" if listed is not None else "any check"
            out.append(NOT_FLAGGED.finding(path, block.line, 1, expected=wanted, found=_describe(codes)))
    if is_rule:
        missing = [label for label in ("incorrect", "correct") if label not in labels]
        if missing:
            out.append(RULE_WITHOUT_EXAMPLES.finding(path, 1, 1, missing=" or ".join(m.capitalize() for m in missing)))
        if correct and not correct_parse_failed:
            trees = [tree for _, tree in correct]
            for name in undefined_names(trees):
                block = correct[name.block][0]
                line, col = block.position(name.line, name.col)  # type: ignore[attr-defined]
                out.append(UNDEFINED_NAME.finding(path, line, col, name=name.name))
    return out


def listed_checks(rule: MarkdownFile) -> set[str] | None:
    """The rule's `checks:` codes; None when its frontmatter is unusable (already reported)."""
    data = rule.frontmatter.data if rule.frontmatter is not None else None
    if not isinstance(data, dict):
        return None
    value = data.get("checks")
    return {c for c in value if isinstance(c, str)} if isinstance(value, list) else set()


def check_catalogue(bundle: Bundle) -> list[Finding]:
    """Codes in `checks:` exist; every convention check is taught by some rule (PB064, PB065)."""
    out: list[Finding] = []
    taught: set[str] = set()
    for rule in bundle.rules:
        codes = listed_checks(rule) or set()
        taught |= codes
        line = rule.frontmatter.line_of("checks") if rule.frontmatter is not None else 1
        out.extend(UNKNOWN_CODE.finding(rule.shown, line, 1, code=code) for code in sorted(codes - CHECKS.keys()))
    if any(code.startswith(CONVENTION_PREFIXES) for code in taught):
        for code, check in sorted(CHECKS.items()):
            if code.startswith(CONVENTION_PREFIXES) and code not in taught:
                out.append(CHECK_NOT_TAUGHT.finding(bundle.skill.shown, 1, 1, code=code, name=check.name))
    return out
