"""PB2xx FastAPI conventions: flagged cases (exact code and line) and clean near-misses."""

from __future__ import annotations

import pytest
from pbcheck.registry import load_all

from .helpers import codes, flagged

FASTAPI_CODES = ("PB201", "PB202", "PB203", "PB204", "PB205", "PB206", "PB207")

# The near-miss the issue names: a yield dependency wrapping `async with factory() as session`.
SESSION_DEPENDENCY = """\
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://app@db/app", pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)
app = FastAPI()


async def get_session():
    async with async_session() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


@app.get("/users/{user_id}")
async def read_user(user_id: int, session: SessionDep):
    return await session.get(User, user_id)
"""


def test_session_dependency_near_miss_is_clean() -> None:
    found = {code for code, _ in codes(SESSION_DEPENDENCY)}
    assert found.isdisjoint({"PB105", "PB203", "PB204", "PB207"})


@pytest.mark.parametrize("code", FASTAPI_CODES)
def test_doc_examples(code: str) -> None:
    check = load_all()[code]
    assert flagged(check.example, code)
    assert flagged(check.use_instead, code) == []


# -- PB201 startup-shutdown-event-handler ------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ('app = FastAPI()\n\n@app.on_event("startup")\nasync def connect():\n    ...\n', [3]),
        ('@router.on_event(event_type="shutdown")\ndef close():\n    ...\n', [1]),
        (
            "import fastapi as fa\napp = fa.FastAPI(\n    on_startup=[connect],\n    on_shutdown=[disconnect],\n)\n",
            [3, 4],
        ),
        ("from fastapi import APIRouter\nrouter = APIRouter(on_shutdown=[close])\n", [2]),
        ('app.router.add_event_handler("shutdown", close_pool)\n', [1]),
        ("from starlette.applications import Starlette\napp = Starlette(on_startup=[connect])\n", [2]),
        ('app.on_event("startup")(connect)\n', [1]),
    ],
)
def test_event_handler_flagged(source: str, lines: list[int]) -> None:
    assert flagged(source, "PB201") == lines


@pytest.mark.parametrize(
    "source",
    [
        "app = FastAPI(lifespan=lifespan)\n",
        "@bus.on_event(handler)\ndef received(message):\n    ...\n",  # not a literal startup/shutdown
        '@bus.on_event("message")\ndef received(message):\n    ...\n',
        "from litestar import Litestar\napp = Litestar(on_startup=[connect])\n",  # Litestar's supported API
        "app = FastAPI(on_startup=None)\n",
        '@app.on_event("startup")  # noqa: PB201\nasync def connect():\n    ...\n',
    ],
)
def test_event_handler_near_misses(source: str) -> None:
    assert flagged(source, "PB201") == []


# -- PB202 dependency-default-without-annotated ------------------------------------------------
@pytest.mark.parametrize(
    ("source", "lines"),
    [
        (
            '@app.get("/items/")\nasync def read(db: AsyncSession = Depends(get_db)):\n    ...\n',
            [2],
        ),
        ("def current_user(*, token: str = Security(oauth2, scopes=['me'])):\n    ...\n", [1]),
        (
            "from fastapi import Query as Q\n\ndef search(\n    text: str,\n    q: str | None = Q(None),\n"
            "    limit: int = Q(10, le=100),\n):\n    ...\n",
            [5, 6],
        ),
        ("import fastapi\n\ndef agent(ua: str = fastapi.Header(None)):\n    ...\n", [3]),
        ('@router.get("/files/{name}")\ndef read_file(name: str = Path(...)):\n    ...\n', [2]),
        ("from fastapi import Path\n\ndef item(item_id: int = Path(ge=1)):\n    ...\n", [3]),
        (
            "from fastapi import Body, Cookie, File, Form\n\nasync def upload(\n    data=File(...), note=Form(''),\n"
            "    session=Cookie(None), extra=Body(None),\n):\n    ...\n",
            [4, 4, 5, 5],
        ),
    ],
)
def test_param_default_flagged(source: str, lines: list[int]) -> None:
    assert flagged(source, "PB202") == lines


@pytest.mark.parametrize(
    "source",
    [
        "async def read(db: Annotated[AsyncSession, Depends(get_db)], q: Annotated[str, Query()] = 'x'):\n    ...\n",
        '@app.get("/", dependencies=[Depends(verify_token)])\nasync def index():\n    ...\n',
        'router = APIRouter(dependencies=[Depends(verify_token)])\n',
        'from pathlib import Path\n\ndef load(path: Path = Path("config.toml")):\n    ...\n',
        'def load(path=Path("config.toml")):\n    ...\n',  # import-less: pathlib's Path outside FastAPI code
        "from mylib.di import Depends\n\ndef handler(repo=Depends(Repository)):\n    ...\n",
        "class Query:\n    ...\n\ndef run(q=Query()):\n    ...\n",
        "async def read(db: AsyncSession = Depends(get_db)):  # noqa: PB202\n    ...\n",
        "SessionDep = Annotated[AsyncSession, Depends(get_session)]\nx = Depends(get_session)\n",
    ],
)
def test_param_default_near_misses(source: str) -> None:
    assert flagged(source, "PB202") == []


# -- PB203 session-created-in-route-handler ----------------------------------------------------
@pytest.mark.parametrize(
    ("source", "line"),
    [
        (
            '@app.get("/users/{user_id}")\nasync def read_user(user_id: int):\n'
            "    async with async_session() as session:\n        return await session.get(User, user_id)\n",
            3,
        ),
        (
            "from sqlalchemy.ext.asyncio import AsyncSession as AS\n\n@router.post('/orders')\n"
            "async def create(order: Order):\n    session = AS(engine)\n    session.add(order)\n",
            5,
        ),
        (
            "from sqlalchemy.orm import Session\n\n@app.get('/heroes')\ndef heroes():\n"
            "    with Session(engine) as session:\n        return session.scalars(select(Hero)).all()\n",
            5,
        ),
        (
            "Maker = async_sessionmaker(engine, expire_on_commit=False)\n\n@app.delete('/items/{i}')\n"
            "async def delete(i: int):\n    async with Maker() as s:\n        await s.delete(await s.get(Item, i))\n",
            5,
        ),
        (
            "@app.get('/stats')\nasync def stats(request: Request):\n"
            "    async with request.app.state.session_factory() as s:\n        return await count(s)\n",
            3,
        ),
        ("@app.get('/legacy')\ndef legacy():\n    db = SessionLocal()\n    return db.query(Item).all()\n", 3),
        (
            "@app.post('/transfers')\nasync def transfer(t: Transfer):\n"
            "    async with async_session.begin() as session:\n        session.add(t.to_row())\n",
            3,
        ),
    ],
)
def test_session_in_route_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB203") == [line]


@pytest.mark.parametrize(
    "source",
    [
        SESSION_DEPENDENCY,
        "async def nightly_cleanup():\n    async with async_session() as session:\n        await purge(session)\n",
        (
            "@app.post('/reports')\nasync def report(tasks: BackgroundTasks):\n    def build():\n"
            "        with SessionLocal() as s:\n            render(s)\n    tasks.add_task(build)\n"
        ),
        (
            "import requests\n\n@app.get('/proxy')\ndef proxy():\n    with requests.Session() as s:\n"
            "        return s.get(URL).json()\n"
        ),
        "from requests import Session\n\n@app.get('/proxy')\ndef proxy():\n    return Session().get(URL).json()\n",
        "@app.get('/items')\nasync def items(session: SessionDep):\n    return await session.scalars(select(Item))\n",
        "@app.post('/pay')\nasync def pay(session: SessionDep):\n    async with session.begin():\n        ...\n",
        "@app.get('/x')\nasync def x():\n    async with async_session() as s:  # noqa: PB203\n        ...\n",
        (
            "@app.websocket('/ws')\nasync def feed(ws: WebSocket):\n    await ws.accept()\n    while True:\n"
            "        message = await ws.receive_json()\n        async with async_session() as s:\n"
            "            await store(s, message)\n"
        ),
    ],
)
def test_session_in_route_near_misses(source: str) -> None:
    assert flagged(source, "PB203") == []


# -- PB204 yield-dependency-swallows-exception -------------------------------------------------
@pytest.mark.parametrize(
    ("source", "lines"),
    [
        (
            'def get_username():\n    try:\n        yield "Rick"\n    except InternalError:\n'
            '        print("Oops, we didn\'t raise again")\n',
            [4],
        ),
        (
            "from fastapi import Depends as D\n\nasync def session_dep():\n    async with factory() as session:\n"
            "        try:\n            yield session\n        except Exception:\n            await session.rollback()\n"
            "\nasync def route(s=D(session_dep)):\n    ...\n",
            [7],
        ),
        (
            "def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    except Exception as exc:\n"
            "        if isinstance(exc, OperationalError):\n            raise\n        log.warning('ignored')\n"
            "    finally:\n        db.close()\n",
            [5],
        ),
        ("def get_client():\n    try:\n        yield Client()\n    except:\n        return\n", [4]),
        (
            "def get_conn():\n    try:\n        with pool.connection() as conn:\n            yield conn\n"
            "    except TimeoutError:\n        raise\n    except ValueError:\n        pass\n",
            [7],
        ),
    ],
)
def test_swallowing_dependency_flagged(source: str, lines: list[int]) -> None:
    assert flagged(source, "PB204") == lines


@pytest.mark.parametrize(
    "source",
    [
        SESSION_DEPENDENCY,
        (
            "async def get_session():\n    async with factory() as session:\n        try:\n            yield session\n"
            "        except Exception:\n            await session.rollback()\n            raise\n"
        ),
        (
            "def get_user():\n    try:\n        yield load()\n    except KeyError as exc:\n"
            "        raise HTTPException(status_code=404) from exc\n"
        ),
        "def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\n",
        (
            "from contextlib import contextmanager\n\n@contextmanager\ndef ignoring():\n    try:\n        yield\n"
            "    except KeyError:\n        pass\n"
        ),
        (
            "def get_rows():\n    try:\n        yield read()\n    except OSError:\n        pass\n\n"
            "for row in get_rows():\n    print(row)\n"
        ),
        (
            "def get_token_user(token: str):\n    try:\n        user = decode(token)\n    except ValueError:\n"
            "        user = None\n    yield user\n"
        ),
        (
            "def get_db():\n    try:\n        yield db\n    except A:\n        if retry:\n            raise Retry()\n"
            "        else:\n            raise\n"
        ),
        "def get_db():\n    try:\n        yield db\n    except A:  # noqa: PB204\n        pass\n",
        "def get_db():\n    try:\n        yield db\n    except GeneratorExit:\n        db.close()\n",
    ],
)
def test_swallowing_dependency_near_misses(source: str) -> None:
    assert flagged(source, "PB204") == []


# -- PB205 cors-wildcard-with-credentials ------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "line"),
    [
        (
            "app.add_middleware(\n    CORSMiddleware,\n    allow_origins=['*'],\n    allow_credentials=True,\n)\n",
            1,
        ),
        (
            "from starlette.middleware import Middleware\nfrom starlette.middleware.cors import CORSMiddleware\n\n"
            "middleware = [\n    Middleware(CORSMiddleware, allow_origins=('*',), allow_credentials=True),\n]\n"
            "app = FastAPI(middleware=middleware)\n",
            5,
        ),
        ("app.add_middleware(CORSMiddleware, allow_origin_regex='.*', allow_credentials=True)\n", 1),
        (
            "origins = ['*']\n\napp.add_middleware(CORSMiddleware, allow_origins=origins, allow_credentials=True)\n",
            3,
        ),
        ("app = CORSMiddleware(app, allow_origins='*', allow_credentials=True)\n", 1),
        ("app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://.*', allow_credentials=True)\n", 1),
    ],
)
def test_cors_wildcard_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB205") == [line]


@pytest.mark.parametrize(
    "source",
    [
        (
            "app.add_middleware(\n    CORSMiddleware,\n    allow_origins=['https://app.example.com'],\n"
            "    allow_credentials=True,\n)\n"
        ),
        "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_methods=['GET'])\n",
        "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=False)\n",
        (
            "app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://.*\\.example\\.com', "
            "allow_credentials=True)\n"
        ),
        "app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True)\n",
        "app.add_middleware(AuditMiddleware, allow_origins=['*'], allow_credentials=True)\n",
        "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)  # noqa: PB205\n",
    ],
)
def test_cors_wildcard_near_misses(source: str) -> None:
    assert flagged(source, "PB205") == []


# -- PB206 deprecated-json-response-class ------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ("from fastapi.responses import ORJSONResponse\n\n__all__ = ['ORJSONResponse']\n", [1]),
        (
            "from fastapi.responses import ORJSONResponse\n\n@app.get('/items', response_class=ORJSONResponse)\n"
            "async def items():\n    return ORJSONResponse([1, 2])\n",
            [3, 5],
        ),
        ("import fastapi\n\napp = fastapi.FastAPI(default_response_class=fastapi.responses.UJSONResponse)\n", [3]),
        (
            "from fastapi.responses import ORJSONResponse as Fast\n\nasync def items():\n    return Fast(content=data)\n",
            [4],
        ),
        ("async def items():\n    return ORJSONResponse(data)\n", [2]),
        ("from fastapi.responses import JSONResponse, UJSONResponse\n", [1]),
    ],
)
def test_deprecated_response_flagged(source: str, lines: list[int]) -> None:
    assert flagged(source, "PB206") == lines


@pytest.mark.parametrize(
    "source",
    [
        "from fastapi.responses import JSONResponse\n\nasync def items():\n    return JSONResponse([1])\n",
        (
            "import orjson\nfrom fastapi.responses import JSONResponse\n\nclass ORJSONResponse(JSONResponse):\n"
            "    def render(self, content):\n        return orjson.dumps(content)\n\n"
            "app = FastAPI(default_response_class=ORJSONResponse)\n"
        ),
        "from myapp.responses import ORJSONResponse\n\napp = FastAPI(default_response_class=ORJSONResponse)\n",
        "from fastapi.responses import ORJSONResponse  # noqa: PB206\n",
        "@app.get('/items')\nasync def items() -> list[Item]:\n    return await load_items()\n",
    ],
)
def test_deprecated_response_near_misses(source: str) -> None:
    assert flagged(source, "PB206") == []


# -- PB207 commit-after-response ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "lines"),
    [
        (
            "async def get_session():\n    async with async_session() as session:\n        yield session\n"
            "        await session.commit()\n\nSessionDep = Annotated[AsyncSession, Depends(get_session)]\n",
            [4],
        ),
        (
            "async def get_session():\n    async with async_session() as session:\n        try:\n"
            "            yield session\n        except Exception:\n            await session.rollback()\n"
            "            raise\n        else:\n            await session.commit()\n\n"
            "async def route(s=Depends(get_session, scope='request')):\n    ...\n",
            [9],
        ),
        (
            "def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n"
            "        db.commit()\n        db.close()\n",
            [6],
        ),
        (
            "async def get_session():\n    async with async_session() as session, session.begin():\n"
            "        yield session\n\nSessionDep = Annotated[AsyncSession, Depends(get_session)]\n",
            [2],
        ),
        (
            "def get_db():\n    with Session(engine) as db:\n        yield db\n        if db.dirty or db.new:\n"
            "            db.commit()\n",
            [5],
        ),
    ],
)
def test_commit_after_response_flagged(source: str, lines: list[int]) -> None:
    assert flagged(source, "PB207") == lines


@pytest.mark.parametrize(
    "source",
    [
        SESSION_DEPENDENCY,
        (
            "async def get_session():\n    async with async_session() as session:\n        yield session\n"
            "        await session.commit()\n\n"
            "SessionDep = Annotated[AsyncSession, Depends(get_session, scope='function')]\n"
        ),
        (
            "async def get_session():\n    async with async_session() as session:\n        try:\n"
            "            yield session\n        finally:\n            await session.rollback()\n"
        ),
        (
            "async def get_session():\n    async with async_session() as session:\n        await session.commit()\n"
            "        yield session\n"
        ),
        (
            "from contextlib import asynccontextmanager\n\n@asynccontextmanager\nasync def transaction():\n"
            "    async with async_session() as session:\n        yield session\n        await session.commit()\n"
        ),
        (
            "def get_session():\n    with Session(engine) as session:\n        yield session\n        session.commit()\n\n"
            "session_scope = contextmanager(get_session)\n"
        ),
        (
            "@app.post('/users')\nasync def create_user(user: UserIn, session: SessionDep):\n"
            "    session.add(User(**user.model_dump()))\n    await session.commit()\n"
        ),
        (
            "async def get_session():\n    async with async_session() as session:\n        yield session\n"
            "        await session.commit()  # noqa: PB207\n"
        ),
    ],
)
def test_commit_after_response_near_misses(source: str) -> None:
    assert flagged(source, "PB207") == []
