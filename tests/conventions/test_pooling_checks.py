"""PB4xx pooling conventions: flagged cases (exact line), clean near-misses."""

from __future__ import annotations

import textwrap

import pytest
from pbcheck.registry import load_all

from .helpers import codes, flagged

POOLING_CODES = ("PB401", "PB402", "PB403", "PB404", "PB405")


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# -- PB401 pool-created-per-request ------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(src("""
            @app.get("/weather")
            async def weather(city: str):
                async with httpx.AsyncClient(timeout=5.0) as client:
                    return (await client.get(city)).json()
            """), 3, id="httpx-client-in-route"),
        pytest.param(src("""
            from sqlalchemy.ext.asyncio import create_async_engine as make_engine

            @router.post("/reports")
            async def report():
                engine = make_engine("postgresql+asyncpg://db/app", pool_pre_ping=True)
                async with engine.connect() as conn:
                    return await conn.scalar(query)
            """), 5, id="aliased-engine-in-route"),
        pytest.param(src("""
            import aiohttp

            async def get_http():
                async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                    yield session

            @app.get("/")
            async def index(http: Annotated[aiohttp.ClientSession, Depends(get_http)]):
                return await fetch(http)
            """), 4, id="yield-dependency"),
        pytest.param(src("""
            import asyncpg

            async def load_user(user_id):
                pool = await asyncpg.create_pool(DSN)
                return await pool.fetchrow("select * from users where id = $1", user_id)

            @app.get("/users/{user_id}")
            async def read_user(user_id: int):
                return await load_user(user_id)
            """), 4, id="helper-called-from-route"),
        pytest.param(src("""
            from httpx import AsyncClient

            async def post_json(url, body):
                async with AsyncClient() as client:
                    await client.post(url, json=body)

            async def notify(user):
                await post_json(HOOK, {"user": user.id})

            @app.post("/signup")
            async def signup(user: User, tasks: BackgroundTasks):
                tasks.add_task(notify, user)
            """), 4, id="helper-reached-transitively-by-reference"),
        pytest.param(src("""
            @app.get("/sync")
            def sync_route():
                with httpx2.Client() as client:
                    return client.get(URL).json()
            """), 3, id="sync-httpx2-client-in-sync-route"),
    ],
)
def test_pool_created_per_request_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB401") == [line]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                async with httpx.AsyncClient(timeout=5.0) as client:
                    yield {"http": client}
            """), id="lifespan"),
        pytest.param(src("""
            async def setup(app):
                app.state.http = httpx.AsyncClient()
                yield
                await app.state.http.aclose()

            app = FastAPI(lifespan=setup)
            """), id="lifespan-by-keyword-any-name"),
        pytest.param(src("""
            async def main():
                async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                    await crawl(session)
            """), id="script-main"),
        pytest.param(src("""
            async def crawl(urls):
                async with httpx.AsyncClient() as client:
                    for url in urls:
                        await client.get(url)
            """), id="function-no-route-reaches"),
        pytest.param(src("""
            def new_client() -> httpx.AsyncClient:
                return httpx.AsyncClient(base_url=API)

            @app.get("/")
            async def index():
                return await use(new_client)
            """), id="factory-returns-the-client"),
        pytest.param(src("""
            from functools import lru_cache

            @lru_cache
            def get_engine():
                return create_async_engine(URL, pool_pre_ping=True)

            async def get_session(engine: Annotated[AsyncEngine, Depends(get_engine)]):
                yield engine
            """), id="cached-dependency"),
        pytest.param(src("""
            _client = None

            def get_client():
                global _client
                if _client is None:
                    _client = httpx.AsyncClient()
                return _client

            @app.get("/")
            async def index(client: Annotated[httpx.AsyncClient, Depends(get_client)]):
                return await client.get(URL)
            """), id="lazy-module-singleton"),
        pytest.param(src("""
            class Gateway:
                def __init__(self):
                    self.client = httpx.AsyncClient()

            @app.get("/")
            async def index(request: Request):
                return await request.state.http.get(URL)
            """), id="stored-on-self"),
        pytest.param(src("""
            @app.get("/")
            async def index():
                def later():
                    return httpx.AsyncClient()
                return later
            """), id="nested-def-in-route"),
        pytest.param(src("""
            @app.get("/")
            async def index():
                conn = await asyncpg.connect(DSN)
                try:
                    return await conn.fetchval("select 1")
                finally:
                    await conn.close()
            """), id="asyncpg-connect-is-not-a-pool"),
        pytest.param(src("""
            @app.get("/")
            async def index():
                async with httpx.AsyncClient() as client:  # noqa: PB401
                    return await client.get(URL)
            """), id="noqa"),
        pytest.param(src("""
            @app.get("/")
            async def index(request: Request):
                client = request.app.state.http
                return await client.get(URL)
            """), id="uses-shared-client"),
    ],
)
def test_pool_created_per_request_near_misses(source: str) -> None:
    assert flagged(source, "PB401") == []


# -- PB402 lifespan-resource-not-closed --------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                app.state.pool = await asyncpg.create_pool(DSN)
                yield
            """), 3, id="pool-on-app-state"),
        pytest.param(src("""
            from contextlib import asynccontextmanager as acm
            from sqlalchemy.ext import asyncio as sa

            @acm
            async def app_lifespan(app):
                engine = sa.create_async_engine(URL, pool_pre_ping=True)
                app.state.sessions = async_sessionmaker(engine, expire_on_commit=False)
                yield
                await app.state.http.aclose()
            """), 6, id="engine-never-disposed-aliased"),
        pytest.param(src("""
            async def startup(app):
                yield {"http": httpx.AsyncClient()}

            app = FastAPI(lifespan=startup)
            """), 2, id="created-inside-yielded-state"),
        pytest.param(src("""
            import aiohttp

            @asynccontextmanager
            async def lifespan(app):
                session = aiohttp.ClientSession(timeout=TIMEOUT)
                app.state.http = session
                yield
                await other.close()
            """), 5, id="closes-something-else"),
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app):
                client = httpx.AsyncClient()
                yield {
                    "http": client,
                }
                app.state.http = None
            """), 3, id="multiline-yield-is-not-shutdown-code"),
    ],
)
def test_lifespan_resource_not_closed_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB402") == [line]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                pool = await asyncpg.create_pool(DSN)
                try:
                    yield {"pool": pool}
                finally:
                    await pool.close()
            """), id="try-finally-close"),
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                async with asyncpg.create_pool(DSN) as pool:
                    yield {"pool": pool}
            """), id="async-with-pool"),
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                client = httpx.AsyncClient()
                async with client:
                    yield {"http": client}
            """), id="async-with-on-name"),
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                engine = create_async_engine(URL, pool_pre_ping=True)
                app.state.engine = engine
                yield
                await app.state.engine.dispose()
            """), id="disposed-through-alias"),
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                async with AsyncExitStack() as stack:
                    http = await stack.enter_async_context(aiohttp.ClientSession(timeout=T))
                    engine = create_async_engine(URL, pool_pre_ping=True)
                    stack.push_async_callback(engine.dispose)
                    yield {"http": http, "engine": engine}
            """), id="exit-stack"),
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                app.state.http = httpx.AsyncClient()
                yield
                await shutdown_client(app.state.http)
            """), id="handed-to-shutdown-helper"),
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                app.state.search = httpx.AsyncClient()
                app.state.billing = httpx.AsyncClient()
                yield
                for client in (app.state.search, app.state.billing):
                    await client.aclose()
            """), id="closed-in-a-loop-after-yield"),
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                engine = create_async_engine(URL, pool_pre_ping=True)
                async with engine.begin() as conn:
                    await conn.run_sync(Base.metadata.create_all)
                await engine.dispose()
                yield
            """), id="disposed-before-yield"),
        pytest.param(src("""
            @asynccontextmanager
            async def lifespan(app: FastAPI):
                app.state.repo = Repository(httpx.AsyncClient())
                yield
                await app.state.repo.aclose()
            """), id="owned-by-another-object"),
        pytest.param(src("""
            async def get_http():
                client = httpx.AsyncClient()
                yield client
            """), id="not-a-lifespan"),
    ],
)
def test_lifespan_resource_not_closed_near_misses(source: str) -> None:
    assert flagged(source, "PB402") == []


# -- PB403 engine-without-pool-pre-ping --------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param('engine = create_async_engine("postgresql+asyncpg://db/app")\n', 1, id="bare"),
        pytest.param(src("""
            from sqlalchemy.ext.asyncio import create_async_engine as make

            engine = make(
                settings.database_url,
                pool_size=10,
            )
            """), 3, id="aliased-multiline"),
        pytest.param(src("""
            import sqlalchemy.ext.asyncio as sa_asyncio

            engine = sa_asyncio.create_async_engine(URL, pool_pre_ping=False)
            """), 3, id="explicit-false"),
        pytest.param(
            'engine = create_async_engine(URL, poolclass=AsyncAdaptedQueuePool)\n', 1, id="other-poolclass",
        ),
    ],
)
def test_engine_without_pre_ping_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB403") == [line]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param('engine = create_async_engine("postgresql+asyncpg://db/app", pool_pre_ping=True)\n', id="pre-ping"),
        pytest.param(src("""
            from sqlalchemy.pool import NullPool

            engine = create_async_engine(URL, poolclass=NullPool)
            """), id="null-pool"),
        pytest.param('engine = create_async_engine(URL, pool_recycle=1800)\n', id="recycle-chosen"),
        pytest.param('engine = create_async_engine("sqlite+aiosqlite:///./app.db")\n', id="sqlite-literal"),
        pytest.param('engine = create_async_engine(URL, pool_pre_ping=settings.pre_ping)\n', id="computed"),
        pytest.param('engine = create_async_engine(URL, **engine_options)\n', id="kwargs"),
        pytest.param('engine = create_engine("postgresql+psycopg://db/app")\n', id="sync-engine"),
        pytest.param('engine = create_async_engine(URL)  # noqa: PB403\n', id="noqa"),
    ],
)
def test_engine_without_pre_ping_near_misses(source: str) -> None:
    assert flagged(source, "PB403") == []


# -- PB404 aiohttp-session-without-timeout -----------------------------------------------------

@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(src("""
            async def main():
                async with aiohttp.ClientSession() as session:
                    await session.get(URL)
            """), 2, id="no-timeout"),
        pytest.param(src("""
            from aiohttp import ClientSession as Session

            async def lifespan(app):
                async with Session(base_url=API, timeout=None) as session:
                    yield {"http": session}
            """), 4, id="aliased-timeout-none"),
        pytest.param(src("""
            import aiohttp as ah

            async def main():
                session = ah.ClientSession(timeout=ah.ClientTimeout())
                await session.close()
            """), 4, id="empty-client-timeout"),
    ],
)
def test_aiohttp_session_without_timeout_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB404") == [line]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(src("""
            async def main():
                timeout = aiohttp.ClientTimeout(total=10, connect=2)
                async with aiohttp.ClientSession(timeout=timeout) as session:
                    await session.get(URL)
            """), id="timeout"),
        pytest.param(src("""
            async def main():
                async with aiohttp.ClientSession(**session_options) as session:
                    await session.get(URL)
            """), id="kwargs"),
        pytest.param(src("""
            async def main():
                async with ClientSession() as session:
                    await session.get(URL)
            """), id="unknown-client-session"),
        pytest.param(src("""
            async def main():
                async with httpx.AsyncClient() as client:
                    await client.get(URL)
            """), id="httpx-has-a-default-timeout"),
        pytest.param(src("""
            async def main():
                async with aiohttp.ClientSession() as session:  # noqa: PB404
                    await session.get(URL)
            """), id="noqa"),
    ],
)
def test_aiohttp_session_without_timeout_near_misses(source: str) -> None:
    assert flagged(source, "PB404") == []


# -- PB405 connection-held-during-external-call ------------------------------------------------

@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(src("""
            async def place_order(session: AsyncSession, http: httpx.AsyncClient, order):
                async with session.begin():
                    session.add(order)
                    await http.post(PAYMENTS, json=order.payload())
            """), 4, id="session-begin-annotated-client"),
        pytest.param(src("""
            async def sync_user(pool, user_id):
                async with pool.acquire() as conn:
                    async with conn.transaction():
                        row = await conn.fetchrow(QUERY, user_id)
                        await app.state.http_client.put(f"{CRM}/{user_id}", json=dict(row))
            """), 5, id="asyncpg-acquire-transaction"),
        pytest.param(src("""
            async def refresh(engine, urls):
                async with aiohttp.ClientSession(timeout=T) as session:
                    async with engine.begin() as conn:
                        async with session.get(urls[0]) as response:
                            await conn.execute(insert(t).values(body=await response.text()))
            """), 4, id="aiohttp-session-named-session"),
        pytest.param(src("""
            async def retry(session):
                async with session.begin():
                    await session.execute(stmt)
                    await asyncio.sleep(5)
            """), 4, id="sleep-in-transaction"),
        pytest.param(src("""
            import asyncio as aio

            async def poll(engine, client):
                async with engine.connect() as conn:
                    await aio.wait_for(client.get(URL), timeout=3)
            """), 5, id="wait-for-wrapped"),
    ],
)
def test_connection_held_during_external_call_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB405") == [line]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(src("""
            async def place_order(session, http, order):
                charge = await http.post(PAYMENTS, json=order.payload())
                async with session.begin():
                    order.charge_id = charge.json()["id"]
                    session.add(order)
            """), id="http-before-transaction"),
        pytest.param(src("""
            async def rename(session, user_id, name):
                async with session.begin():
                    user = await session.get(User, user_id)
                    user.name = name
                    await session.execute(stmt)
            """), id="sqlalchemy-session-get"),
        pytest.param(src("""
            async def rename(db: AsyncSession, client: AsyncSession, user_id):
                async with db.begin():
                    await client.get(User, user_id)
            """), id="client-annotated-as-db-session"),
        pytest.param(src("""
            async def cached(redis_client, session, key):
                async with session.begin():
                    await redis_client.get(key)
            """), id="cache-client"),
        pytest.param(src("""
            async def work(session, http):
                async with session.begin():
                    await session.execute(stmt)
                    await asyncio.sleep(0)
                await http.post(URL)
            """), id="sleep-zero-and-call-after"),
        pytest.param(src("""
            async def handler(session, http):
                async with session.begin():
                    async def later():
                        await http.post(URL)
                    session.info["after"] = later
            """), id="nested-def"),
        pytest.param(src("""
            async def consume(lock, http):
                async with lock.acquire():
                    await http.get(URL)
            """), id="lock-is-not-a-pool"),
        pytest.param(src("""
            async def ws(websockets_client, http):
                async with websockets_client.connect(URI) as sock:
                    await http.get(URL)
            """), id="connect-on-non-engine"),
        pytest.param(src("""
            async def work(session, http):
                async with session.begin():
                    await http.post(URL)  # noqa: PB405
            """), id="noqa"),
    ],
)
def test_connection_held_during_external_call_near_misses(source: str) -> None:
    assert flagged(source, "PB405") == []


# -- the docs -----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", POOLING_CODES)
def test_doc_examples(code: str) -> None:
    check = load_all()[code]
    assert code in {c for c, _ in codes(check.example)}
    assert codes(check.use_instead) == []
