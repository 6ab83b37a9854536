"""No input produces a traceback or an exit status other than 0, 1 or 2."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pbcheck import pysyntax

from .factory import SKILL, make_bundle, rule_text, run

MARKDOWN_PIECES = st.sampled_from([
    "---\n", "```python\n", "````\n", "~~~\n", "```\n", "**Incorrect (x):**\n", "**Correct (x):**\n", "\n", "# H\n",
    "- [r](rules/asyncio-example.md) (HIGH)\n", "| Category | Rules |\n|---|---|\n| asyncio | 9 |\n", "> ",
    "    ", "async def f():\n", "    await asyncio.gather(a())\n", "def f(:\n", "[x](#nope)\n", "[y](../../z.md)\n",
    "title: [\n", "checks: [PB101]\n", "\ufeff", "\t", "type X = int\n", "f'{\"a\"}'\n", "((((((((((((((\n",
])


def markdown_texts():  # type: ignore[no-untyped-def]
    return st.one_of(st.text(max_size=300), st.lists(MARKDOWN_PIECES | st.text(max_size=20), max_size=30).map("".join))


def check_tree_of(tmp: Path, capsys, files: dict[str, str | bytes]) -> None:  # type: ignore[no-untyped-def]
    root = make_bundle(tmp, files=files)
    try:
        for args in ((root,), (root, "--format", "sarif"), (root / "rules" / "asyncio-example.md",)):
            result = run(capsys, *args)
            assert result.status in (0, 1, 2)
            assert "internal error" not in result.err, result.err
    finally:
        shutil.rmtree(root, ignore_errors=True)


settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("ci")


@given(text=markdown_texts())
def test_arbitrary_rule_markdown(capsys, text: str) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        check_tree_of(Path(tmp), capsys, {"rules/asyncio-example.md": text, "references/notes.md": text})


@given(frontmatter=st.text(max_size=200))
def test_arbitrary_yaml_frontmatter(capsys, frontmatter: str) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        check_tree_of(Path(tmp), capsys, {"SKILL.md": "---\n" + frontmatter + "\n---\n" + SKILL.split("---\n", 2)[2],
                                          "rules/asyncio-example.md": "---\n" + frontmatter + "\n---\n" + rule_text()})


@given(data=st.binary(max_size=300))
def test_arbitrary_bytes(capsys, data: bytes) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        check_tree_of(Path(tmp), capsys, {"SKILL.md": data, "rules/asyncio-example.md": data})


@given(code=st.text(max_size=200))
def test_arbitrary_python_never_raises(code: str) -> None:
    tree, problem = pysyntax.parse(code)
    assert (tree is None) != (problem is None)


def test_deeply_nested_code_is_a_finding_not_a_crash(tmp_path: Path, capsys) -> None:
    (tmp_path / "deep.py").write_text("x = " + "(" * 300 + ")" * 300 + "\n" + "y = " + "-" * 100000 + "1\n")
    result = run(capsys, tmp_path / "deep.py")
    assert result.status == 1 and result.codes() == {"PB041"}


def test_deeply_nested_markdown_is_a_finding_not_a_crash(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/deep.md": "> " * 3000 + "x\n" + "- " * 3000 + "y\n"})
    result = run(capsys, root)
    assert result.status in (0, 1) and "internal error" not in result.err
