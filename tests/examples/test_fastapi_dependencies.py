"""rules/fastapi-dependencies.md: where the commit happens decides what the client is told."""

import asyncio
import hashlib
import types
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

import pytest
from fastapi import BackgroundTasks, Depends
from fastapi.exceptions import DependencyScopeError, FastAPIError
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

RULE = "fastapi-dependencies"
ADMIN_TOKEN = "admin-token"
USER_TOKEN = "user-token"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def example(load_rule: Callable[..., types.ModuleType], db_url: str) -> types.ModuleType:
    """The rule's app on a database with its tables, one admin and one ordinary user."""
    module = load_rule(RULE, DATABASE_URL=db_url)

    async def prepare() -> None:
        engine = create_async_engine(db_url, poolclass=NullPool)
        async with engine.begin() as conn:
            await conn.run_sync(module.Base.metadata.create_all)
        async with AsyncSession(engine) as session:
            for email, token, is_admin in [("admin@example.com", ADMIN_TOKEN, True), ("u@example.com", USER_TOKEN, False)]:
                digest = hashlib.sha256(token.encode()).hexdigest()
                session.add(module.User(email=email, token_sha256=digest, is_admin=is_admin))
            await session.commit()
        await engine.dispose()

    asyncio.run(prepare())
    module.db_url = db_url
    return module


def count_users(db_url: str, email: str) -> Callable[[], Awaitable[int]]:
    """Count committed rows through a separate connection (it cannot see uncommitted work)."""

    async def count() -> int:
        engine = create_async_engine(db_url, poolclass=NullPool)
        try:
            async with engine.connect() as conn:
                query = text("SELECT count(*) FROM users WHERE email = :email")
                return (await conn.execute(query, {"email": email})).scalar_one()
        finally:
            await engine.dispose()

    return count


def at_response_start(app: ASGIApp, probe: Callable[[], Awaitable[int]], seen: list[int]) -> ASGIApp:
    """Wrap an app: run `probe` at the moment the response starts, before the client gets anything."""

    async def wrapper(scope: Scope, receive: Receive, send: Send) -> None:
        async def probing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen.append(await probe())
            await send(message)

        await app(scope, receive, probing_send)

    return wrapper


def test_service_commits_before_the_response(example: types.ModuleType) -> None:
    seen: list[int] = []
    app = at_response_start(example.app, count_users(example.db_url, "new@example.com"), seen)
    with TestClient(app) as client:
        response = client.post("/users", params={"email": "new@example.com"}, headers=bearer(ADMIN_TOKEN))
    assert response.status_code == 201
    assert seen == [1]  # the row was committed when the response started


def test_failed_commit_in_service_is_a_5xx(example: types.ModuleType) -> None:
    with TestClient(example.app, raise_server_exceptions=False) as client:
        response = client.post("/users", params={"email": "u@example.com"}, headers=bearer(ADMIN_TOKEN))
    assert response.status_code == 500
    assert asyncio.run(count_users(example.db_url, "u@example.com")()) == 1


def test_function_scoped_transaction_commits_before_the_response(example: types.ModuleType) -> None:
    seen: list[int] = []
    app = at_response_start(example.app, count_users(example.db_url, "signup@example.com"), seen)
    with TestClient(app, raise_server_exceptions=False) as client:
        first = client.post("/signup", params={"email": "signup@example.com"})
        duplicate = client.post("/signup", params={"email": "signup@example.com"})
    assert first.status_code == 201
    assert duplicate.status_code == 500  # the failed commit reached the client
    assert seen == [1, 1]


def test_auth_chain(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        missing = client.post("/users", params={"email": "x@example.com"})
        unknown = client.post("/users", params={"email": "x@example.com"}, headers=bearer("nope"))
        not_admin = client.post("/users", params={"email": "x@example.com"}, headers=bearer(USER_TOKEN))
    assert missing.status_code == 401
    assert unknown.status_code == 401 and unknown.headers["www-authenticate"] == "Bearer"
    assert not_admin.status_code == 403


def test_auth_chain_and_endpoint_share_one_session(example: types.ModuleType) -> None:
    @example.app.get("/whoami")
    async def whoami(user: example.CurrentUser, session: example.SessionDep) -> dict[str, bool]:
        return {"same_session": user in session}

    with TestClient(example.app) as client:
        assert client.get("/whoami", headers=bearer(USER_TOKEN)).json() == {"same_session": True}


def test_exit_order(example: types.ModuleType) -> None:
    events: list[str] = []

    async def request_scoped() -> AsyncIterator[None]:
        yield
        events.append("request-scope exit")

    async def function_scoped() -> AsyncIterator[None]:
        yield
        events.append("function-scope exit")

    @example.app.get("/order")
    async def order(
        tasks: BackgroundTasks,
        _r: Annotated[None, Depends(request_scoped)],
        _f: Annotated[None, Depends(function_scoped, scope="function")],
    ) -> None:
        events.append("endpoint")
        tasks.add_task(events.append, "background task")

    async def mark_response() -> int:
        events.append("response")
        return 0

    with TestClient(at_response_start(example.app, mark_response, [])) as client:
        client.get("/order")
    assert events == ["endpoint", "function-scope exit", "response", "background task", "request-scope exit"]


def test_commit_after_yield_answers_200_when_the_commit_fails(example: types.ModuleType) -> None:
    """The Incorrect pattern, run for real: the client is told success, the row is not there."""

    async def get_session_committing_late() -> AsyncIterator[AsyncSession]:
        async with example.SessionFactory() as session:
            yield session
            await session.commit()

    @example.app.post("/late")
    async def late(email: str, session: Annotated[AsyncSession, Depends(get_session_committing_late)]) -> None:
        session.add(example.User(email=email))

    seen: list[int] = []
    app = at_response_start(example.app, count_users(example.db_url, "late@example.com"), seen)
    with TestClient(app, raise_server_exceptions=False) as client:
        first = client.post("/late", params={"email": "late@example.com"})
        duplicate = client.post("/late", params={"email": "late@example.com"})
    assert seen == [0, 1]  # not yet committed when the first response started
    assert first.status_code == 200
    assert duplicate.status_code == 200  # the failed commit is invisible to the client
    assert asyncio.run(count_users(example.db_url, "late@example.com")()) == 1


def test_yield_dependency_that_swallows_loses_the_error(example: types.ModuleType) -> None:
    async def swallowing() -> AsyncIterator[None]:
        try:
            yield
        except ValueError:
            pass

    @example.app.get("/swallow")
    async def swallow(_: Annotated[None, Depends(swallowing)]) -> None:
        raise ValueError("the real bug")

    with TestClient(example.app) as client, pytest.raises(FastAPIError, match="Response not awaited"):
        client.get("/swallow")
    with TestClient(example.app, raise_server_exceptions=False) as client:
        assert client.get("/swallow").status_code == 500


def test_request_scope_cannot_depend_on_function_scope(example: types.ModuleType) -> None:
    async def outer(session: example.TransactionDep) -> AsyncIterator[None]:
        yield

    with pytest.raises(DependencyScopeError):

        @example.app.get("/scopes")
        async def scopes(_: Annotated[None, Depends(outer)]) -> None:
            return None


def test_count_helper_sees_committed_rows_only(example: types.ModuleType) -> None:
    """Guards the probe used above: an uncommitted insert is not counted."""

    count = count_users(example.db_url, "pending@example.com")

    async def scenario() -> tuple[int, int]:
        engine = create_async_engine(example.db_url, poolclass=NullPool)
        try:
            async with AsyncSession(engine) as session:
                session.add(example.User(email="pending@example.com"))
                await session.flush()
                before_commit = await count()
                await session.commit()
            return before_commit, await count()
        finally:
            await engine.dispose()

    assert asyncio.run(scenario()) == (0, 1)
