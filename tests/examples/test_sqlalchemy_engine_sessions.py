"""Claims of rules/sqlalchemy-engine-sessions.md, checked on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import types
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError, InvalidRequestError, MissingGreenlet
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

RULE = "sqlalchemy-engine-sessions"


def run(mod: types.ModuleType, scenario: Callable[[], Awaitable[object]]) -> object:
    """Create the schema, run the scenario and dispose the engine, all on one event loop."""

    async def main() -> object:
        try:
            async with mod.engine.begin() as conn:
                await conn.run_sync(mod.Base.metadata.create_all)
            return await scenario()
        finally:
            await mod.engine.dispose()

    return asyncio.run(main())


def test_attributes_stay_readable_after_commit(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)
    user = run(mod, lambda: mod.register("ada@example.com"))
    # The session is closed and committed; the attributes were not expired.
    assert user.email == "ada@example.com"
    assert isinstance(user.id, int)


# The refused refresh leaves the driver's connect/cursor coroutine un-awaited: that is the failure.
@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
def test_default_factory_expires_attributes_on_commit(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        # NullPool: the refused refresh then leaves no half-opened aiosqlite connection behind.
        engine = create_async_engine(db_url, poolclass=NullPool)
        expiring = async_sessionmaker(engine)  # expire_on_commit=True, the default
        try:
            async with expiring() as session:
                user = mod.User(email="bob@example.com")
                session.add(user)
                await session.commit()
                assert "email" in inspect(user).expired_attributes
                with pytest.raises(MissingGreenlet):
                    _ = user.email  # the refresh would need IO outside an await
        finally:
            await engine.dispose()

    run(mod, scenario)


def test_transaction_block_rolls_back_on_error(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> int:
        with pytest.raises(RuntimeError):
            async with mod.SessionFactory() as session, session.begin():
                session.add(mod.User(email="gone@example.com"))
                await session.flush()
                raise RuntimeError("abort")
        async with mod.SessionFactory() as session:
            return await session.scalar(select(func.count()).select_from(mod.User))

    assert run(mod, scenario) == 0


def test_get_session_yields_a_session_per_call_and_closes_it(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        first, second = mod.get_session(), mod.get_session()
        s1, s2 = await anext(first), await anext(second)
        assert s1 is not s2
        await s1.execute(text("SELECT 1"))
        assert s1.in_transaction()
        await first.aclose()  # what FastAPI does after the response
        assert not s1.in_transaction()
        await second.aclose()

    run(mod, scenario)


def test_one_session_per_task_updates_every_row(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> list[bool]:
        ids = [(await mod.register(f"u{i}@example.com")).id for i in range(8)]
        await mod.deactivate_all(ids)
        async with mod.SessionFactory() as session:
            return list(await session.scalars(select(mod.User.active)))

    assert run(mod, scenario) == [False] * 8


def test_shared_session_loses_a_write_without_any_error(load_rule, db_url: str) -> None:
    """The rule's claim that sharing a session is often silent: no exception, a lost row."""
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> int:
        async with mod.SessionFactory() as shared:
            await shared.execute(text("SELECT 1"))  # the session now holds a connection
            async with asyncio.TaskGroup() as tg:  # concurrent statements: no error either
                reads = [tg.create_task(shared.scalar(text("SELECT 2"))) for _ in range(5)]
            assert [r.result() for r in reads] == [2] * 5
            flushed, rolled_back = asyncio.Event(), asyncio.Event()

            async def writer() -> None:
                shared.add(mod.User(email="lost@example.com"))
                await shared.flush()
                flushed.set()
                await rolled_back.wait()  # another task runs between our flush and commit
                await shared.commit()

            async def other_task_cleans_up() -> None:
                await flushed.wait()
                await shared.rollback()
                rolled_back.set()

            async with asyncio.TaskGroup() as tg:  # completes without an exception
                tg.create_task(writer())
                tg.create_task(other_task_cleans_up())
        async with mod.SessionFactory() as session:
            return await session.scalar(select(func.count()).select_from(mod.User))

    assert run(mod, scenario) == 0


def test_shared_session_racing_for_first_connection_raises(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        await mod.engine.dispose()  # empty pool: the first checkout has to connect
        async with mod.SessionFactory() as shared:
            statements = [shared.execute(text("SELECT 1")) for _ in range(3)]
            outcomes = await asyncio.gather(*statements, return_exceptions=True)
        errors = [o for o in outcomes if isinstance(o, BaseException)]
        assert len(errors) == 2  # the first task connects; the other two are refused
        for error in errors:
            assert isinstance(error, InvalidRequestError)
            assert "provisioning a new connection" in str(error)

    run(mod, scenario)


def test_duplicate_is_reported_with_driver_details(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> IntegrityError:
        await mod.register_unique("dup@example.com")
        with pytest.raises(mod.EmailTaken) as caught:
            await mod.register_unique("dup@example.com")
        return caught.value.__cause__

    exc = run(mod, scenario)
    assert isinstance(exc, IntegrityError)
    if db_url.startswith("postgresql"):
        import asyncpg

        assert mod.error_code(exc) == "23505"
        assert exc.orig.pgcode == "23505"
        assert isinstance(exc.driver_exception, asyncpg.UniqueViolationError)
        assert not isinstance(exc.orig, asyncpg.UniqueViolationError)  # 2.1 wraps it
    else:
        import sqlite3

        assert mod.error_code(exc) == "SQLITE_CONSTRAINT_UNIQUE"
        assert isinstance(exc.driver_exception, sqlite3.IntegrityError)
        assert exc.driver_exception is exc.orig
