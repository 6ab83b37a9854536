"""Claims of rules/pooling-monitoring.md, run against SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging

import asyncpg
import httpx2
import pytest
from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Gauge
from sqlalchemy import event, exc, text
from sqlalchemy.ext.asyncio import create_async_engine

RULE = "pooling-monitoring"


def app_client(app: FastAPI) -> httpx2.AsyncClient:
    """Requests to the app in the test's own event loop, so the test can hold pool connections."""
    return httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://app")


def test_gauge_and_histogram_follow_checkouts(load_rule, db_url):
    rule = load_rule(RULE, DATABASE_URL=db_url)

    def sample(name: str) -> float | None:
        return rule.registry.get_sample_value(name)

    async def scenario() -> None:
        assert sample("db_pool_checked_out") == 0
        async with rule.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            assert sample("db_pool_checked_out") == 1
            assert "Checked out connections: 1" in rule.engine.pool.status()
        assert sample("db_pool_checked_out") == 0
        assert sample("db_connection_hold_seconds_count") == 1
        assert sample("db_connection_hold_seconds_sum") > 0
        await rule.engine.dispose()

    asyncio.run(scenario())


def test_metrics_endpoint_serves_the_pool_gauge(load_rule, db_url):
    rule = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> str:
        async with app_client(rule.app) as client:
            assert (await client.get("/health/db")).json() == {"ok": 1}
            response = await client.get("/metrics/")
        await rule.engine.dispose()
        return response.text

    body = asyncio.run(scenario())
    assert "db_pool_checked_out 0.0" in body
    assert "db_connection_hold_seconds_count 1.0" in body


def test_exhausted_pool_is_answered_with_503(load_rule, db_url, caplog):
    rule = load_rule(RULE, DATABASE_URL=db_url, DB_POOL_SIZE="1", DB_MAX_OVERFLOW="0", POOL_WAIT_BUDGET="0.05")

    async def scenario() -> tuple[httpx2.Response, httpx2.Response]:
        async with app_client(rule.app) as client:
            async with rule.engine.connect():  # takes the only connection
                busy = await client.get("/health/db")
            served = await client.get("/health/db")
        await rule.engine.dispose()
        return busy, served

    with caplog.at_level(logging.WARNING):
        busy, served = asyncio.run(scenario())
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "1"
    assert served.json() == {"ok": 1}
    assert "Pool size: 1" in caplog.text and "Checked out connections: 1" in caplog.text


def test_lifespan_disposes_the_engine(load_rule, db_url):
    rule = load_rule(RULE, DATABASE_URL=db_url)
    closed: list[object] = []
    event.listen(rule.engine.sync_engine, "close", lambda conn, record: closed.append(conn))

    async def scenario() -> None:
        async with rule.lifespan(rule.app):
            async with rule.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            assert rule.engine.pool.checkedin() == 1
            assert closed == []

    asyncio.run(scenario())
    assert len(closed) == 1


def test_charge_order_releases_its_connection_during_the_call(load_rule, db_url):
    rule = load_rule(RULE, DATABASE_URL=db_url)
    in_use_during_call: list[int] = []
    payments = FastAPI()

    @payments.post("/charges")
    async def charge(body: dict[str, int]) -> dict[str, str]:
        in_use_during_call.append(rule.engine.pool.checkedout())
        return {"status": "charged" if body["amount"] == 250 else "declined"}

    async def scenario() -> tuple[str, str | None]:
        async with rule.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE orders (id INTEGER PRIMARY KEY, amount INTEGER, status TEXT)"))
            await conn.execute(text("INSERT INTO orders (id, amount, status) VALUES (1, 250, 'new')"))
        transport = httpx2.ASGITransport(app=payments)
        async with httpx2.AsyncClient(transport=transport, base_url="http://payments") as client:
            status = await rule.charge_order(1, client)
        async with rule.engine.connect() as conn:
            stored = await conn.scalar(text("SELECT status FROM orders WHERE id = 1"))
        await rule.engine.dispose()
        return status, stored

    assert asyncio.run(scenario()) == ("charged", "charged")
    assert in_use_during_call == [0]  # no connection held while the service answered


def test_postgres_timeouts_are_set_on_every_connection(load_rule, postgres_url):
    rule = load_rule(RULE, DATABASE_URL=postgres_url)

    async def scenario() -> tuple[str, str, exc.DBAPIError]:
        try:
            async with rule.engine.connect() as conn:
                statement = await conn.scalar(text("SHOW statement_timeout"))
                idle = await conn.scalar(text("SHOW idle_in_transaction_session_timeout"))
                await conn.execute(text("SET LOCAL statement_timeout = '1ms'"))
                with pytest.raises(exc.DBAPIError) as caught:
                    await conn.execute(text("SELECT pg_sleep(1)"))
            return statement, idle, caught.value
        finally:
            await rule.engine.dispose()

    statement, idle, error = asyncio.run(scenario())
    assert (statement, idle) == ("5s", "15s")
    assert isinstance(error.driver_exception, asyncpg.QueryCanceledError)
    assert error.orig.sqlstate == "57014"


def test_asyncpg_command_timeout_raises_builtin_timeout_error(postgres_url):
    async def scenario() -> None:
        engine = create_async_engine(postgres_url, pool_pre_ping=True, connect_args={"command_timeout": 0.05})
        try:
            async with engine.connect() as conn:
                with pytest.raises(TimeoutError):
                    await conn.execute(text("SELECT pg_sleep(1)"))
        finally:
            await engine.dispose()

    asyncio.run(scenario())


def test_asyncpg_pool_sizes_exported_with_set_function(postgres_url):
    dsn = postgres_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    registry = CollectorRegistry()

    async def scenario() -> list[tuple[float | None, float | None]]:
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=3)
        Gauge("asyncpg_pool_size", "Open", registry=registry).set_function(pool.get_size)
        Gauge("asyncpg_pool_idle", "Idle", registry=registry).set_function(pool.get_idle_size)

        def read() -> tuple[float | None, float | None]:
            return (
                registry.get_sample_value("asyncpg_pool_size"),
                registry.get_sample_value("asyncpg_pool_idle"),
            )

        seen = [read()]
        async with pool.acquire(), pool.acquire():
            seen.append(read())
        seen.append(read())
        await pool.close()
        return seen

    assert asyncio.run(scenario()) == [(1, 1), (2, 0), (2, 2)]


def test_pool_events_cannot_go_on_the_async_engine(sqlite_url):
    engine = create_async_engine(sqlite_url, pool_pre_ping=True)
    with pytest.raises(NotImplementedError):
        event.listen(engine, "checkout", lambda *args: None)
