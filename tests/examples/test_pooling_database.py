"""Claims of rules/pooling-database.md, run against SQLite and PostgreSQL."""

import asyncio
import os
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import asyncpg
import pytest
from fastapi import BackgroundTasks, Depends, FastAPI
from fastapi.testclient import TestClient
from pbcheck import markdown
from sqlalchemy import event, exc, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

RULE = "pooling-database"
ROOT = Path(__file__).resolve().parents[2]


def plain_dsn(sqlalchemy_url: str) -> str:
    """asyncpg wants the URL without SQLAlchemy's ``+asyncpg`` driver suffix."""
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


def test_route_sees_its_connection_checked_out(load_rule, db_url):
    rule = load_rule(RULE, DATABASE_URL=db_url)
    with TestClient(rule.app) as client:
        first = client.get("/pool")
        second = client.get("/pool")
    assert first.status_code == 200
    assert first.json() == {"checked_out": 1}
    assert second.json() == {"checked_out": 1}  # the first request's connection went back


def test_lifespan_disposes_every_pooled_connection(load_rule, db_url):
    rule = load_rule(RULE, DATABASE_URL=db_url)
    opened: list[object] = []
    closed: list[object] = []

    async def scenario() -> None:
        async with rule.lifespan(rule.app) as state:
            engine = state["engine"]
            event.listen(engine.sync_engine, "connect", lambda conn, record: opened.append(conn))
            event.listen(engine.sync_engine, "close", lambda conn, record: closed.append(conn))
            async with engine.connect() as a, engine.connect() as b:
                await a.execute(text("SELECT 1"))
                await b.execute(text("SELECT 1"))
            assert engine.pool.checkedin() == 2  # returned, still open
            assert closed == []

    asyncio.run(scenario())
    assert len(opened) == 2
    assert {id(c) for c in closed} == {id(c) for c in opened}  # dispose() closed both


def test_make_engine_capacity_is_pool_size_plus_overflow(load_rule, db_url):
    rule = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> str:
        engine = rule.make_engine(db_url)
        held = [await engine.connect() for _ in range(10)]
        try:
            assert engine.pool.checkedout() == 10
            assert engine.pool.overflow() == 5  # 5 pooled + 5 overflow
            return engine.pool.status()
        finally:
            for conn in held:
                await conn.close()
            await engine.dispose()

    status = asyncio.run(scenario())
    assert "Current Checked out connections: 10" in status


def test_async_engine_defaults_match_the_rule(db_url):
    engine = create_async_engine(db_url, pool_pre_ping=True)
    pool = engine.pool
    assert isinstance(pool, AsyncAdaptedQueuePool)
    assert (pool.size(), pool._max_overflow, pool.timeout(), pool._recycle) == (5, 10, 30.0, -1)
    assert pool.checkedout() == 0 and pool.checkedin() == 0  # nothing opened up front
    asyncio.run(engine.dispose())


def test_exhausted_pool_raises_sqlalchemy_timeout_error(db_url):
    async def scenario() -> exc.TimeoutError:
        engine = create_async_engine(db_url, pool_size=1, max_overflow=0, pool_timeout=0.05, pool_pre_ping=True)
        try:
            async with engine.connect():
                with pytest.raises(exc.TimeoutError) as caught:
                    await engine.connect().start()
            return caught.value
        finally:
            await engine.dispose()

    error = asyncio.run(scenario())
    assert "QueuePool limit of size 1 overflow 0 reached" in str(error)
    assert error.code == "3o7r"
    assert not isinstance(error, TimeoutError)  # the builtin does not catch it


def test_pre_ping_costs_three_statements_per_reused_checkout(load_rule, postgres_url):
    rule = load_rule(RULE, DATABASE_URL=postgres_url)
    statements: list[str] = []

    async def scenario() -> list[list[str]]:
        engine = rule.make_engine(postgres_url)

        @event.listens_for(engine.sync_engine, "connect")
        def log_queries(dbapi_connection, record) -> None:
            dbapi_connection.driver_connection.add_query_logger(lambda record: statements.append(record.query))

        seen = []
        for _ in range(2):
            async with engine.connect():
                pass
            seen.append(statements.copy())
            statements.clear()
        await engine.dispose()
        return seen

    fresh, reused = asyncio.run(scenario())
    assert ";" not in fresh  # a new connection is not pinged
    assert reused[:3] == ["BEGIN;", ";", "ROLLBACK;"]


def test_pre_ping_replaces_a_connection_the_server_killed(load_rule, postgres_url):
    rule = load_rule(RULE, DATABASE_URL=postgres_url)

    async def scenario() -> tuple[int, int]:
        engine = rule.make_engine(postgres_url)
        try:
            async with engine.connect() as conn:
                before = await conn.scalar(text("SELECT pg_backend_pid()"))
            admin = await asyncpg.connect(plain_dsn(postgres_url))
            try:
                await admin.execute("SELECT pg_terminate_backend($1)", before)
            finally:
                await admin.close()
            async with engine.connect() as conn:  # no error: the ping noticed and reconnected
                after = await conn.scalar(text("SELECT pg_backend_pid()"))
            return before, after
        finally:
            await engine.dispose()

    before, after = asyncio.run(scenario())
    assert before != after


def test_asyncpg_pool_sizes_and_shutdown(load_rule, postgres_url):
    rule = load_rule(RULE, DATABASE_URL=postgres_url, POSTGRES_DSN=plain_dsn(postgres_url))

    async def scenario() -> asyncpg.Pool:
        async with rule.asyncpg_lifespan(rule.app) as state:
            pool = state["pool"]
            assert (pool.get_init_size(), pool.get_min_size(), pool.get_max_size()) == (2, 2, 10)
            assert pool.get_size() == 2  # opened at startup
            held = [await pool.acquire() for _ in range(10)]
            assert (pool.get_size(), pool.get_idle_size()) == (10, 0)
            for conn in held:
                await pool.release(conn)
            assert pool.get_idle_size() == 10
        return pool

    pool = asyncio.run(scenario())
    assert pool.is_closing()  # closed by the lifespan


def test_asyncpg_close_waits_for_acquired_connections(postgres_url):
    async def scenario() -> None:
        pool = await asyncpg.create_pool(plain_dsn(postgres_url), min_size=1, max_size=2)
        conn = await pool.acquire()
        closing = asyncio.create_task(pool.close())
        done, _ = await asyncio.wait({closing}, timeout=0.2)
        assert not done  # still waiting for the held connection
        await pool.release(conn)
        await closing
        assert pool.is_closing()

    asyncio.run(scenario())


def test_asyncpg_default_pool_opens_ten_connections(postgres_url):
    async def scenario() -> tuple[int, int]:
        pool = await asyncpg.create_pool(plain_dsn(postgres_url))
        try:
            return pool.get_size(), pool.get_max_size()
        finally:
            pool.terminate()

    assert asyncio.run(scenario()) == (10, 10)


def sizing_module() -> dict[str, object]:
    text_ = (ROOT / "references" / "pool-sizing.md").read_text(encoding="utf-8")
    code = "\n".join(block.code for block in markdown.parse(text_).blocks if block.is_python and block.label == "correct")
    namespace: dict[str, object] = {}
    exec(compile(code, "references/pool-sizing.md", "exec"), namespace)
    return namespace


def test_reference_worked_examples_fit_max_connections():
    sizing = sizing_module()
    plan = sizing["plan_pools"]
    for workers, row in sizing["WORKED_EXAMPLES"].items():
        result = plan(workers=workers, max_connections=100, reserved=10, hold_seconds=0.02)
        assert result == row
        assert workers * (result.pool_size + result.max_overflow) <= 100 - 10


def test_reference_demand_check():
    sizing = sizing_module()
    assert sizing["connections_needed"](1800, 0.025) == 45
    six = sizing["plan_pools"](workers=6, max_connections=100, reserved=10, hold_seconds=0.025)
    assert (six.pool_size, six.max_overflow) == (8, 7)
    assert 6 * six.pool_size >= 45  # steady pools cover the peak demand
    with pytest.raises(ValueError):
        sizing["plan_pools"](workers=100, max_connections=100, reserved=10, hold_seconds=0.02)


def test_yield_dependency_holds_its_connection_past_the_response(load_rule, db_url):
    rule = load_rule(RULE, DATABASE_URL=db_url)
    engine = rule.make_engine(db_url)
    seen_by_background_task: list[int] = []

    async def get_connection() -> AsyncIterator[AsyncConnection]:
        async with engine.connect() as conn:
            yield conn

    app = FastAPI()

    @app.get("/")
    async def endpoint(conn: Annotated[AsyncConnection, Depends(get_connection)], tasks: BackgroundTasks) -> dict[str, int]:
        tasks.add_task(lambda: seen_by_background_task.append(engine.pool.checkedout()))
        return {"value": await conn.scalar(text("SELECT 1"))}

    with TestClient(app) as client:
        assert client.get("/").json() == {"value": 1}
    asyncio.run(engine.dispose())
    assert seen_by_background_task == [1]  # still checked out after the response was sent


# --- PgBouncer in transaction mode (runs when the pgbouncer binary is installed) ---------------

PGBOUNCER = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin")


@dataclass
class Bouncer:
    url: str  # SQLAlchemy asyncpg URL through PgBouncer
    version: tuple[int, int]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _wait_until_listening(dsn: str) -> None:
    for _ in range(100):
        try:
            conn = await asyncpg.connect(dsn, timeout=1)
        except (OSError, asyncpg.PostgresError):
            await asyncio.sleep(0.05)
        else:
            await conn.close()
            return
    raise RuntimeError("pgbouncer did not start")


@pytest.fixture
def pgbouncer(postgres_url: str) -> Iterator[Bouncer]:
    if PGBOUNCER is None:
        pytest.skip("pgbouncer is not installed")
    out = subprocess.run([PGBOUNCER, "--version"], capture_output=True, text=True, check=True)
    major, minor = map(int, re.search(r"(\d+)\.(\d+)", out.stdout).groups())
    server = urlsplit(postgres_url)
    database = server.path.lstrip("/")
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    workdir.chmod(0o755)
    (workdir / "users.txt").write_text(f'"{server.username}" ""\n')
    (workdir / "pgbouncer.ini").write_text(
        f"[databases]\n{database} = host={server.hostname} port={server.port or 5432}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {workdir / 'users.txt'}\npool_mode = transaction\n"
        "default_pool_size = 2\nserver_round_robin = 1\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    # pgbouncer refuses to run as root; run it as the PostgreSQL service account then.
    user = "postgres" if os.geteuid() == 0 else None
    if user:
        shutil.chown(workdir, user)
    process = subprocess.Popen([PGBOUNCER, str(workdir / "pgbouncer.ini")], user=user, stdout=subprocess.DEVNULL)
    try:
        plain = f"postgresql://{server.username}@127.0.0.1:{port}/{database}"
        asyncio.run(_wait_until_listening(plain))
        yield Bouncer(plain.replace("postgresql://", "postgresql+asyncpg://", 1), (major, minor))
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


async def _open_both_server_connections(dsn: str) -> None:
    """Two simultaneous transactions make PgBouncer open both of its server connections."""
    first = await asyncpg.connect(dsn, statement_cache_size=0)
    second = await asyncpg.connect(dsn, statement_cache_size=0)
    async with first.transaction(), second.transaction():
        await first.fetchval("SELECT 1")
        await second.fetchval("SELECT 1")
    await first.close()
    await second.close()


async def _three_transactions(engine, dsn: str) -> list[str]:
    """One checkout, three transactions; round-robin moves each to the other server connection."""
    await _open_both_server_connections(dsn)
    errors: list[str] = []
    async with engine.connect() as conn:
        for _ in range(3):
            try:
                await conn.execute(text("SELECT 2 + :n"), {"n": 1})
                await conn.commit()
            except exc.DBAPIError as error:
                errors.append(str(error.orig))
                await conn.rollback()
    await engine.dispose()
    return errors


async def _concurrent_checkouts(engine) -> list[str]:
    """Eight tasks share two server connections; each checkout runs two transactions."""
    errors: list[str] = []

    async def worker(n: int) -> None:
        for _ in range(6):
            try:
                async with engine.connect() as conn:
                    for _ in range(2):
                        await conn.execute(text("SELECT 2 + :n"), {"n": n})
                        await conn.commit()
            except exc.DBAPIError as error:
                errors.append(str(error.orig))

    async with asyncio.TaskGroup() as group:
        for n in range(8):
            group.create_task(worker(n))
    await engine.dispose()
    return errors


def test_pgbouncer_transaction_mode_engine(load_rule, pgbouncer):
    rule = load_rule(RULE, DATABASE_URL=pgbouncer.url)
    dsn = plain_dsn(pgbouncer.url)
    engine = rule.make_pgbouncer_engine(pgbouncer.url)
    assert asyncio.run(_three_transactions(engine, dsn)) == []
    assert asyncio.run(_concurrent_checkouts(rule.make_pgbouncer_engine(pgbouncer.url))) == []
    if pgbouncer.version < (1, 21):  # no prepared-statement tracking: the defaults break
        default = create_async_engine(pgbouncer.url, pool_pre_ping=True)
        errors = asyncio.run(_three_transactions(default, dsn))
        assert any("prepared statement" in error for error in errors)


def test_pgbouncer_plain_asyncpg_without_statement_cache(pgbouncer):
    dsn = plain_dsn(pgbouncer.url)

    async def three_queries(**options: int) -> list[str]:
        await _open_both_server_connections(dsn)
        errors: list[str] = []
        conn = await asyncpg.connect(dsn, **options)
        for _ in range(3):
            try:
                await conn.fetchval("SELECT 2 + $1::int", 1)
            except asyncpg.PostgresError as error:
                errors.append(str(error))
        await conn.close()
        return errors

    assert asyncio.run(three_queries(statement_cache_size=0)) == []
    if pgbouncer.version < (1, 21):
        assert any("prepared statement" in error for error in asyncio.run(three_queries()))
