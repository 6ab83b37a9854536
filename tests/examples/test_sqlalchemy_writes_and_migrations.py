"""Claims of rules/sqlalchemy-writes-and-migrations.md, checked on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import textwrap
import types
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import event, func, inspect, select, text

RULE = "sqlalchemy-writes-and-migrations"


def run(mod: types.ModuleType, scenario: Callable[[], Awaitable[object]], *, schema: bool = True) -> object:
    """Create the schema, run the scenario and dispose the engine, all on one event loop."""

    async def main() -> object:
        try:
            if schema:
                async with mod.engine.begin() as conn:
                    await conn.run_sync(mod.Base.metadata.create_all)
            return await scenario()
        finally:
            await mod.engine.dispose()

    return asyncio.run(main())


async def user_count(mod: types.ModuleType) -> int:
    async with mod.SessionFactory() as session:
        return await session.scalar(select(func.count()).select_from(mod.User))


def test_repository_flush_sets_id_but_commits_nothing(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        async with mod.SessionFactory() as session:
            user = await mod.UserRepository(session).add("ada@example.com", "Ada")
            assert isinstance(user.id, int)  # the INSERT ran inside the transaction
            await session.rollback()
        assert await user_count(mod) == 0
        new_id = await mod.sign_up("ada@example.com", "Ada")  # commits once
        async with mod.SessionFactory() as session:
            assert await mod.UserRepository(session).id_by_email("ada@example.com") == new_id

    run(mod, scenario)


def test_text_bound_parameter_treats_injection_as_data(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        await mod.sign_up("ada@example.com", "Ada")
        await mod.sign_up("bob@example.com", "Bob")
        async with mod.SessionFactory() as session:
            repo = mod.UserRepository(session)
            assert await repo.id_by_email("x' OR '1'='1") is None
            assert await repo.id_by_email("nobody'; DROP TABLE users; --") is None
            assert await repo.id_by_email("bob@example.com") is not None
        assert await user_count(mod) == 2

    run(mod, scenario)


@contextmanager
def insert_executions(mod: types.ModuleType) -> Iterator[list[bool]]:
    """The executemany flag of every INSERT the rule's engine sends."""
    calls: list[bool] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            calls.append(executemany)

    event.listen(mod.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield calls
    finally:
        event.remove(mod.engine.sync_engine, "before_cursor_execute", record)


@pytest.mark.parametrize(("chunk", "statements"), [(1000, 3), (5000, 1)])
def test_bulk_insert_writes_all_rows_in_few_statements(load_rule, db_url: str, chunk: int, statements: int) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)
    rows = ({"email": f"u{i}@example.com", "name": f"user {i}"} for i in range(2500))

    async def scenario() -> None:
        with insert_executions(mod) as calls:
            async with mod.SessionFactory() as session, session.begin():
                await mod.import_users(session, rows, chunk=chunk)
        assert calls == [True] * statements  # one executemany per chunk
        assert await user_count(mod) == 2500

    run(mod, scenario)


def test_upsert_updates_existing_rows_and_inserts_new_ones(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> dict[str, str]:
        async with mod.SessionFactory() as session, session.begin():
            await mod.import_users(session, [{"email": f"u{i}@x.org", "name": "old"} for i in range(5)])
        changes = [{"email": f"u{i}@x.org", "name": "new"} for i in range(3, 8)]
        async with mod.SessionFactory() as session, session.begin():
            await mod.upsert_users(session, changes, chunk=2)
        async with mod.SessionFactory() as session:
            rows = await session.execute(select(mod.User.email, mod.User.name))
            return dict(rows.all())

    names = run(mod, scenario)
    assert names == {
        **{f"u{i}@x.org": "old" for i in range(3)},
        **{f"u{i}@x.org": "new" for i in range(3, 8)},  # 2 updated, 3 inserted
    }


def make_migrations(tmp_path: Path, module_name: str) -> Config:
    """A script directory whose env.py delegates to the rule's env.py functions."""
    script_dir = tmp_path / "migrations"
    (script_dir / "versions").mkdir(parents=True)
    env_py = f"import asyncio\nimport sys\n\nasyncio.run(sys.modules[{module_name!r}].migrate_online())\n"
    (script_dir / "env.py").write_text(env_py, encoding="utf-8")
    (script_dir / "versions" / "0001_users.py").write_text(
        textwrap.dedent(
            """
            import sqlalchemy as sa
            from alembic import op

            revision = "0001"
            down_revision = None


            def upgrade() -> None:
                op.create_table(
                    "users",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("email", sa.String(255), nullable=False, unique=True),
                    sa.Column("name", sa.String(100), nullable=False),
                )
            """
        ),
        encoding="utf-8",
    )
    config = Config()
    config.set_main_option("script_location", str(script_dir))
    return config


def test_async_env_runs_migrations(load_rule, db_url: str, tmp_path: Path) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)
    config = make_migrations(tmp_path, mod.__name__)
    config.set_main_option("sqlalchemy.url", db_url)

    command.upgrade(config, "head")  # env.py: asyncio.run -> migrate_online -> run_sync
    command.check(config)  # autogenerate finds no difference between the models and the schema

    async def scenario() -> tuple[list[str], str, int]:
        async with mod.engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
            version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        return sorted(tables), version, await mod.sign_up("ada@example.com", "Ada")

    tables, version, user_id = run(mod, scenario, schema=False)
    assert tables == ["alembic_version", "users"]
    assert version == "0001"
    assert user_id == 1  # the migrated table accepts the model's INSERT
