"""Run the Correct examples of the rule files against real databases.

`load_rule("sqlalchemy-sessions")` concatenates the **Correct** python blocks of
``rules/sqlalchemy-sessions.md`` in order and executes them as a fresh module. Each block is placed
at its markdown line, so a traceback points at the line in the rule file.

`db_url` is parametrized over SQLite (aiosqlite, a file in ``tmp_path``) and PostgreSQL (asyncpg, a
database created for the test and dropped after it). PostgreSQL tests skip with the reason when no
server answers, unless ``PB_REQUIRE_POSTGRES=1`` is set (CI sets it): then they fail.
The server is found through ``PB_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/postgres``), which must name a role that may create databases.
"""

from __future__ import annotations

import asyncio
import os
import sys
import types
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pbcheck import markdown

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
ADMIN_URL = os.environ.get("PB_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRE_POSTGRES = os.environ.get("PB_REQUIRE_POSTGRES", "") not in ("", "0")


def markdown_path(name: str) -> Path:
    """``"pooling-database"`` is a rule; a name with a slash or ``.md`` is relative to the skill root."""
    if "/" in name or name.endswith(".md"):
        return ROOT / (name if name.endswith(".md") else f"{name}.md")
    return RULES / f"{name}.md"


def correct_source(path: Path) -> str:
    """The Correct python blocks of a markdown file, each at its own markdown line."""
    text = path.read_text(encoding="utf-8")
    doc = markdown.parse(text)
    lines: list[str] = []
    for block in doc.blocks:
        if block.is_python and block.label == "correct":
            lines.extend([""] * (block.first_code_line - 1 - len(lines)))
            lines.extend(block.code.splitlines())
    return "\n".join(lines) + "\n"


@pytest.fixture
def load_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., types.ModuleType]]:
    """Execute the Correct examples of a rule (or of ``SKILL.md``, ``references/x.md``) as a new module.

    ``env`` is set while it imports.
    """
    loaded: list[str] = []

    def load(rule: str, **env: str) -> types.ModuleType:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        path = markdown_path(rule)
        name = f"rule_example_{path.stem.replace('-', '_').lower()}_{uuid.uuid4().hex[:8]}"
        module = types.ModuleType(name)
        module.__file__ = str(path)
        sys.modules[name] = module
        loaded.append(name)
        code = compile(correct_source(path), str(path), "exec")
        exec(code, module.__dict__)
        return module

    yield load
    for name in loaded:
        sys.modules.pop(name, None)


async def _admin(statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(ADMIN_URL, timeout=3)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def _postgres_problem() -> str | None:
    try:
        asyncio.run(_admin("SELECT 1"))
    except Exception as exc:  # any failure to connect means "no usable server"
        return f"PostgreSQL not reachable at {ADMIN_URL}: {type(exc).__name__}: {exc}"
    return None


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    problem = _postgres_problem()
    if problem:
        if REQUIRE_POSTGRES:
            pytest.fail(problem + " (PB_REQUIRE_POSTGRES is set)")
        pytest.skip(problem)
    return ADMIN_URL


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty database for one test, as a SQLAlchemy asyncpg URL."""
    name = f"pbtest_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    base = postgres_admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test using it runs once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue({"sqlite": "sqlite_url", "postgresql": "postgres_url"}[request.param])
