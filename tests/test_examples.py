"""PB040-PB065: fences, Python 3.11 syntax at the markdown line, labels and what they promise."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .factory import CONVENTION_CODES, make_bundle, rule_text, run


def notes(body: str) -> dict[str, str]:
    return {"references/notes.md": "# Notes\n\n" + body}


def test_fence_without_language(tmp_path: Path, capsys) -> None:
    result = run(capsys, make_bundle(tmp_path, files=notes("```\nplain\n```\n")))
    assert result.lines_of("PB040") == [3]


def test_fence_with_language_and_attributes_passes(tmp_path: Path, capsys) -> None:
    body = "```text {title=\"x\"}\nplain\n```\n\n~~~bash\nls\n~~~\n"
    assert run(capsys, make_bundle(tmp_path, files=notes(body))).findings == []


def test_unterminated_fence(tmp_path: Path, capsys) -> None:
    result = run(capsys, make_bundle(tmp_path, files=notes("Text.\n\n```python\nx = 1\n\n## Later heading\n")))
    assert result.lines_of("PB042") == [5]


def test_syntax_error_reported_at_the_markdown_line_and_column(tmp_path: Path, capsys) -> None:
    body = "**Correct (x):**\n\n```python\nx = 1\ny = (2\nz = 3\n```\n"
    result = run(capsys, make_bundle(tmp_path, files=notes(body)))
    assert result.lines_of("PB041") == [7]


def test_syntax_error_inside_a_list_item_keeps_markdown_columns(tmp_path: Path, capsys) -> None:
    body = "1. Step:\n\n   **Correct (x):**\n\n   ```python\n   ok = 1\n   bad = = 2\n   ```\n"
    result = run(capsys, make_bundle(tmp_path, files=notes(body)))
    assert result.lines_of("PB041") == [9]
    assert ":9:10: PB041" in result.out


def test_syntax_error_inside_a_blockquote(tmp_path: Path, capsys) -> None:
    body = "> **Correct (x):**\n>\n> ```python\n> def f(:\n>     pass\n> ```\n"
    assert run(capsys, make_bundle(tmp_path, files=notes(body))).lines_of("PB041") == [6]


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("type UserId = int\n", 1),
        ("def first[T](items: list[T]) -> T:\n    return items[0]\n", 1),
        ('name = "x"\nprint(f"{"a"}")\n', 2),  # PEP 701 quote reuse: 3.12+
        ("items = [1]\nprint(f'{items[0] # comment\n}')\n", 2),
        ("print(f'{\"\\n\".join([])}')\n", 1),  # backslash in an f-string expression
    ],
)
def test_python_3_12_syntax_is_reported_whatever_runs_the_checker(tmp_path: Path, capsys, code: str, line: int) -> None:
    body = "**Correct (x):**\n\n```python\n" + code + "```\n"
    result = run(capsys, make_bundle(tmp_path, files=notes(body)))
    assert result.lines_of("PB041") == [6 + line - 1], (sys.version, result.out)


@pytest.mark.parametrize(
    "code",
    [
        "await asyncio.sleep(0)\n",  # top-level await is allowed in examples
        "async with asyncio.timeout(1):\n    pass\n",
        "print(f\"{'a'}\" f'{1:>{2}}')\n",
        "try:\n    pass\nexcept* ValueError:\n    pass\n",
    ],
)
def test_python_3_11_syntax_passes(tmp_path: Path, capsys, code: str) -> None:
    body = "**Correct (x):**\n\n```python\nimport asyncio\n" + code + "```\n"
    assert run(capsys, make_bundle(tmp_path, files=notes(body))).findings == []


def test_four_backtick_fence_nesting_a_python_fence_is_one_markdown_block(tmp_path: Path, capsys) -> None:
    body = "````markdown\n```python\ndef broken(:\n```\n````\n"
    assert run(capsys, make_bundle(tmp_path, files=notes(body))).findings == []


def test_unlabelled_python_block(tmp_path: Path, capsys) -> None:
    result = run(capsys, make_bundle(tmp_path, files=notes("Some code:\n\n```python\nx = 1\n```\n")))
    assert result.lines_of("PB050") == [5]


def test_label_must_be_the_paragraph_right_before(tmp_path: Path, capsys) -> None:
    body = "**Correct (x):**\n\nAn intervening paragraph.\n\n```python\nx = 1\n```\n"
    assert run(capsys, make_bundle(tmp_path, files=notes(body))).lines_of("PB050") == [7]


def test_loose_markdown_does_not_require_labels(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n\n```python\nx = 1\n```\n")
    assert run(capsys, tmp_path / "notes.md").findings == []


def test_rule_without_correct_example(tmp_path: Path, capsys) -> None:
    text = rule_text().split("**Correct")[0]
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text}))
    assert result.lines_of("PB051") == [1]
    assert "Correct" in result.out


def test_incorrect_example_not_flagged_by_a_listed_check(tmp_path: Path, capsys) -> None:
    text = rule_text(["PB103"] + [c for c in CONVENTION_CODES if c not in ("PB101", "PB103")])
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text}))
    # The gather example is flagged by PB101, which this rule no longer lists.
    assert result.lines_of("PB061") == [14]
    assert "found PB101" in result.out


def test_correct_example_with_a_finding_is_reported(tmp_path: Path, capsys) -> None:
    text = rule_text().replace("tg.create_task(asyncio.sleep(0))", "await asyncio.gather(asyncio.sleep(0))")
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text}))
    assert result.lines_of("PB101") == [27]


def test_undetectable_marker_is_counted_not_failed(tmp_path: Path, capsys) -> None:
    text = rule_text().replace("**Correct (task group):**", "**Incorrect (subtle):**\n\n"
                               '```python {undetectable="needs type information"}\nx = 1\n```\n\n**Correct (task group):**')
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text}))
    assert result.lines_of("PB062") == [21]
    assert result.status == 0
    assert "1 Incorrect example marked undetectable" in result.out


def test_undetectable_marker_on_a_detected_example_says_so(tmp_path: Path, capsys) -> None:
    text = rule_text().replace("```python\nasync def main():\n    await asyncio.gather",
                               '```python {undetectable="x"}\nasync def main():\n    await asyncio.gather')
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text}))
    assert result.lines_of("PB062") == [14]
    assert "remove the marker" in result.out


def test_undefined_name_in_correct_examples(tmp_path: Path, capsys) -> None:
    text = rule_text().replace("import asyncio\n\n\nasync def main", "async def main")
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text}))
    assert result.lines_of("PB063") == [23, 24]
    assert "'asyncio'" in result.out


def test_later_correct_blocks_may_use_earlier_names(tmp_path: Path, capsys) -> None:
    text = rule_text() + "\n**Correct (reuse):**\n\n```python\nasyncio.run(main())\n```\n"
    assert run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text})).findings == []


def test_name_used_before_the_block_that_defines_it(tmp_path: Path, capsys) -> None:
    runs_main = "**Correct (run):**\n\n```python\nimport asyncio\n\nasyncio.run(main())\n```\n\n"
    text = rule_text().replace("**Correct (task group):**", runs_main + "**Correct (task group):**")
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text}))
    assert result.lines_of("PB063") == [24]  # main is defined in a later block


def test_unknown_code_in_checks(tmp_path: Path, capsys) -> None:
    text = rule_text([*CONVENTION_CODES, "PB999"])
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text}))
    assert result.lines_of("PB064") == [7]


def test_check_not_taught_by_any_rule(tmp_path: Path, capsys) -> None:
    text = rule_text([c for c in CONVENTION_CODES if c != "PB103"])
    result = run(capsys, make_bundle(tmp_path, files={"rules/asyncio-example.md": text}))
    assert result.lines_of("PB065") == [1]
    assert "PB103" in result.out
