"""PB3xx SQLAlchemy conventions: flagged cases (exact line), clean near-misses."""

from __future__ import annotations

import pytest
from pbcheck.registry import load_all

from .helpers import findings, flagged

SQLALCHEMY_CODES = [f"PB30{n}" for n in range(1, 9)]


# -- every check's own documentation -------------------------------------------------------------
@pytest.mark.parametrize("code", SQLALCHEMY_CODES)
def test_doc_example_is_flagged_and_use_instead_is_clean(code: str) -> None:
    check = load_all()[code]
    assert flagged(check.example, code), f"{code}: its Incorrect example is not flagged"
    assert [f.code for f in findings(check.use_instead) if f.code.startswith("PB3")] == []


@pytest.mark.parametrize("code", SQLALCHEMY_CODES)
def test_noqa_silences_only_the_named_code(code: str) -> None:
    example = load_all()[code].example
    lines = flagged(example, code)
    rows = example.strip("\n").split("\n")
    rows[lines[0] - 2] += f"  # noqa: {code}"  # example starts with a newline: line n is rows[n - 2]
    assert lines[0] not in flagged("\n" + "\n".join(rows) + "\n", code)


# -- PB301 sync-session-in-async-function --------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ("async def f():\n    with Session(engine) as s:\n        s.execute(q)\n", [2]),
        (
            "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n"
            "async def startup():\n    engine = create_engine(URL)\n    return sessionmaker(engine)\n",
            [4, 5],
        ),
        ("import sqlalchemy.orm as orm\nasync def f():\n    s = orm.Session(bind=engine)\n", [3]),
        ("import sqlalchemy as sa\nasync def f():\n    e = sa.create_engine(URL)\n", [3]),
        ("SessionLocal = sessionmaker(engine)\nasync def f():\n    with SessionLocal() as s:\n        pass\n", [3]),
        ("class Repo:\n    async def get(self):\n        return Session(self.engine)\n", [3]),
    ],
)
def test_sync_session_in_async_flagged(source: str, lines: list[int]) -> None:
    assert flagged(source, "PB301") == lines


@pytest.mark.parametrize(
    "source",
    [
        # A sync def endpoint with a sync Session runs in FastAPI's threadpool.
        "@app.get('/users')\ndef list_users():\n    with Session(engine) as session:\n"
        "        return session.scalars(select(User)).all()\n",
        # A sync function handed to run_sync / to_thread, nested in the coroutine.
        "async def f(session):\n    def work(sync_session):\n        return Session(bind=sync_session.bind)\n"
        "    return await session.run_sync(work)\n",
        "async def f():\n    return await asyncio.to_thread(create_engine, URL)\n",
        "async def f():\n    await session.run_sync(lambda s: Session(s.bind))\n",
        # Async counterparts and the documented sessionmaker(class_=AsyncSession).
        "async def f():\n    e = create_async_engine(URL)\n    m = async_sessionmaker(e, expire_on_commit=False)\n"
        "    s = AsyncSession(e, expire_on_commit=False)\n",
        "from sqlalchemy.ext.asyncio import AsyncSession\nfrom sqlalchemy.orm import sessionmaker\n"
        "async def f():\n    m = sessionmaker(e, class_=AsyncSession, expire_on_commit=False)\n",
        # Other libraries' Session classes.
        "import aiohttp\nasync def f():\n    async with aiohttp.ClientSession() as session:\n        pass\n",
        "from requests import Session\nasync def f():\n    Session()\n",
        "import boto3\nasync def f():\n    boto3.Session()\n",
        "from sqlalchemy.ext.asyncio import AsyncSession as Session\nasync def f():\n"
        "    async with Session(e, expire_on_commit=False) as s:\n        pass\n",
        # A model of the same name: a login session table.
        "class Session(Base):\n    __tablename__ = 'sessions'\nasync def login(db, user):\n"
        "    db.add(Session(user_id=user.id))\n",
        "from .models import Session\nasync def login(db, user):\n    db.add(Session(user_id=user.id))\n",
        "Session = async_sessionmaker(engine, expire_on_commit=False)\nasync def f():\n"
        "    async with Session() as session:\n        pass\n",
        # Module level: not inside async def.
        "engine = create_engine(URL)\nSessionLocal = sessionmaker(engine)\n",
        "async_session = async_sessionmaker(e, expire_on_commit=False)\nasync def f():\n    async with async_session() as s:\n"
        "        pass\n",
    ],
)
def test_sync_session_in_async_near_misses(source: str) -> None:
    assert flagged(source, "PB301") == []


# -- PB302 session-factory-expires-on-commit ------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("async_session = async_sessionmaker(engine)\n", 1),
        ("x = 1\nfactory = async_sessionmaker(engine, expire_on_commit=True)\n", 2),
        ("async def f():\n    async with AsyncSession(engine) as session:\n        pass\n", 2),
        (
            "from sqlalchemy.ext.asyncio import AsyncSession as AS\nfrom sqlalchemy.orm import sessionmaker as sm\n"
            "Factory = sm(engine, class_=AS)\n",
            3,
        ),
        ("import sqlalchemy.ext.asyncio as sa_async\nf = sa_async.async_sessionmaker(bind=engine, autoflush=False)\n", 2),
    ],
)
def test_expire_on_commit_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB302") == [line]


@pytest.mark.parametrize(
    "source",
    [
        "async_session = async_sessionmaker(engine, expire_on_commit=False)\n",
        "s = AsyncSession(engine, expire_on_commit=False)\n",
        "m = sessionmaker(engine, expire_on_commit=False, class_=AsyncSession)\n",
        "SessionLocal = sessionmaker(engine)\n",  # sync sessions may expire: they reload without error
        "f = async_sessionmaker(engine, **settings.session_options)\n",  # unknown keywords: stay silent
        "f = async_sessionmaker(engine, expire_on_commit=settings.expire)\n",  # computed: stay silent
        "from myapp.sessions import async_sessionmaker\nf = async_sessionmaker(engine)\n",  # not SQLAlchemy's
    ],
)
def test_expire_on_commit_near_misses(source: str) -> None:
    assert flagged(source, "PB302") == []


# -- PB303 relationship-without-safe-lazy ---------------------------------------------------------
MODEL = "class Author(Base):\n    __tablename__ = 'author'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"


@pytest.mark.parametrize(
    ("field", "message_part"),
    [
        ("    books: Mapped[list['Book']] = relationship(back_populates='author')\n", "without `lazy=`"),
        ("    books: Mapped[list['Book']] = relationship(lazy='select')\n", 'lazy="select"'),
        ("    books: Mapped[list['Book']] = relationship(lazy=True)\n", "lazy=True"),
        ("    books: DynamicMapped['Book'] = relationship(lazy='dynamic')\n", 'lazy="dynamic"'),
        ("    books = relationship('Book', viewonly=True)\n", "without `lazy=`"),
    ],
)
def test_relationship_lazy_flagged(field: str, message_part: str) -> None:
    found = [f for f in findings(MODEL + field) if f.code == "PB303"]
    assert [(f.code, f.line) for f in found] == [("PB303", 4)]
    assert message_part in found[0].message


def test_relationship_flagged_through_imports_and_outside_classes() -> None:
    source = (
        "from sqlalchemy import orm\nimport sqlalchemy.orm as o\n"
        "Author.books = orm.relationship('Book')\n"
        "mapper_registry.map_imperatively(Author, t, properties={'books': o.relationship(Book)})\n"
    )
    assert flagged(source, "PB303") == [3, 4]


@pytest.mark.parametrize(
    "field",
    [
        "    books: Mapped[list['Book']] = relationship(back_populates='author', lazy='raise')\n",
        "    books: Mapped[list['Book']] = relationship(lazy='raise_on_sql')\n",
        "    books: Mapped[list['Book']] = relationship(lazy='selectin')\n",
        "    publisher: Mapped['Publisher'] = relationship(lazy='joined')\n",
        "    books: Mapped[list['Book']] = relationship(lazy='immediate')\n",
        "    books: Mapped[list['Book']] = relationship(lazy=False)\n",
        "    books: WriteOnlyMapped['Book'] = relationship()\n",  # write-only by its annotation
        "    books: Mapped[list['Book']] = relationship(lazy=LAZY_STRATEGY)\n",  # computed: stay silent
        "    books: Mapped[list['Book']] = relationship(**options)\n",
        "    books: Mapped[list['Book']] = Relationship(back_populates='author')\n",  # SQLModel's, not relationship()
    ],
)
def test_relationship_lazy_near_misses(field: str) -> None:
    assert flagged(MODEL + field, "PB303") == []


def test_relationship_on_async_attrs_models_is_not_flagged() -> None:
    # The SQLAlchemy asyncio example: AsyncAttrs models load lazy attributes with `await obj.awaitable_attrs.x`.
    source = (
        "from sqlalchemy.ext.asyncio import AsyncAttrs\nfrom sqlalchemy.orm import DeclarativeBase, relationship\n"
        "class Base(AsyncAttrs, DeclarativeBase):\n    pass\n"
        "class Mixin(Base):\n    __abstract__ = True\n"
        "class A(Mixin):\n    bs = relationship('B')\n"
    )
    assert flagged(source, "PB303") == []


def test_relationship_in_a_plain_model_next_to_async_attrs_models_is_flagged() -> None:
    source = (
        "class Base(AsyncAttrs, DeclarativeBase):\n    pass\n"
        "class Plain(DeclarativeBase):\n    pass\n"
        "class A(Plain):\n    bs = relationship('B')\n"
    )
    assert flagged(source, "PB303") == [6]


# -- PB304 session-shared-across-tasks -----------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "lines"),
    [
        (  # in a loop inside a TaskGroup
            "async def f(session, ids):\n    async with asyncio.TaskGroup() as tg:\n        for i in ids:\n"
            "            tg.create_task(load(session, i))\n",
            [4],
        ),
        (  # twice in one TaskGroup, the session injected by FastAPI
            "SessionDep = Annotated[AsyncSession, Depends(get_session)]\n"
            "@app.get('/dash')\nasync def dash(s: SessionDep):\n    async with asyncio.TaskGroup() as tg:\n"
            "        a = tg.create_task(load_user(s))\n        b = tg.create_task(load_orders(s))\n",
            [6],
        ),
        (  # gather of two calls using one session, as receiver and as argument
            "async def f(db):\n    await asyncio.gather(db.execute(q1), count_rows(db), return_exceptions=True)\n",
            [2],
        ),
        (  # gather over a comprehension
            "async def f(session, ids):\n    return await asyncio.gather(*(load(session, i) for i in ids))\n",
            [2],
        ),
        (  # asyncio.create_task in a loop, session from the factory
            "async_session = async_sessionmaker(engine, expire_on_commit=False)\nasync def f(ids):\n"
            "    async with async_session() as s:\n        tasks = [asyncio.create_task(load(s, i)) for i in ids]\n",
            [4],
        ),
        (  # asyncio.create_task twice
            "async def f(session: AsyncSession):\n    t1 = asyncio.create_task(a(session))\n"
            "    t2 = asyncio.create_task(b(session=session))\n    await t1\n    await t2\n",
            [3],
        ),
        (  # anyio task group with start_soon, the session bound in the function
            "import anyio\nasync def f(ids):\n    async with async_session() as sess:\n"
            "        async with anyio.create_task_group() as tg:\n            for i in ids:\n"
            "                tg.start_soon(load, sess, i)\n",
            [6],
        ),
        (  # the session wrapped in a repository
            "async def f(session, ids):\n    async with asyncio.TaskGroup() as tg:\n        for i in ids:\n"
            "            tg.create_task(UserRepo(session).refresh(i))\n",
            [4],
        ),
    ],
)
def test_shared_session_flagged(source: str, lines: list[int]) -> None:
    assert flagged(source, "PB304") == lines


@pytest.mark.parametrize(
    "source",
    [
        # One session per task: each task opens its own from the factory.
        "async def worker(i):\n    async with async_session() as session:\n        await session.get(User, i)\n"
        "async def f(ids):\n    async with asyncio.TaskGroup() as tg:\n        for i in ids:\n"
        "            tg.create_task(worker(i))\n",
        # The factory is passed, not a session.
        "async_session = async_sessionmaker(engine, expire_on_commit=False)\n"
        "async def f(ids):\n    async with asyncio.TaskGroup() as tg:\n        for i in ids:\n"
        "            tg.create_task(worker(async_session, i))\n",
        "async def f(factory: async_sessionmaker[AsyncSession], ids):\n    async with asyncio.TaskGroup() as tg:\n"
        "        for i in ids:\n            tg.create_task(worker(factory, i))\n",
        # A fresh session each iteration.
        "async def f(ids):\n    async with asyncio.TaskGroup() as tg:\n        for i in ids:\n"
        "            session = async_session()\n            tg.create_task(work(session, i))\n",
        "async def f(sessions):\n    async with asyncio.TaskGroup() as tg:\n        for session in sessions:\n"
        "            tg.create_task(work(session))\n",
        # One task per session; two sessions.
        "async def f(session):\n    async with asyncio.TaskGroup() as tg:\n        tg.create_task(work(session))\n"
        "        tg.create_task(other())\n",
        "async def f():\n    async with asyncio.TaskGroup() as tg:\n        async with async_session() as session:\n"
        "            tg.create_task(a(session))\n        async with async_session() as session:\n"
        "            tg.create_task(b(session))\n",
        # Sequential: each task is awaited at once.
        "async def f(session, ids):\n    for i in ids:\n        await asyncio.create_task(load(session, i))\n",
        "async def f(session):\n    a = await load(session, 1)\n    b = await load(session, 2)\n",
        # An aiohttp session is meant to be shared by concurrent requests.
        "import aiohttp\nasync def crawl(session, urls):\n    async with asyncio.TaskGroup() as tg:\n"
        "        for url in urls:\n            tg.create_task(fetch(session, url))\n",
        "async def crawl(urls):\n    async with ClientSession() as session:\n        async with asyncio.TaskGroup() as tg:\n"
        "            for url in urls:\n                tg.create_task(fetch(session, url))\n",
        "async def crawl(session: aiohttp.ClientSession, urls):\n"
        "    await asyncio.gather(*(fetch(session, u) for u in urls), return_exceptions=True)\n",
        # Not a session by name, binding or annotation.
        "async def f(client, ids):\n    await asyncio.gather(*(client.get(i) for i in ids))\n",
        # The session's attribute, not the session.
        "async def f(session):\n    await asyncio.gather(a(session.info), b(session.info))\n",
    ],
)
def test_shared_session_near_misses(source: str) -> None:
    assert flagged(source, "PB304") == []


# -- PB305 module-level-session ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("async_session = async_sessionmaker(engine, expire_on_commit=False)\nsession = async_session()\n", 2),
        ("from sqlalchemy.orm import Session\nengine = create_engine(URL)\nsession = Session(engine)\n", 3),
        ("db: AsyncSession = AsyncSession(engine, expire_on_commit=False)\n", 1),
        ("from app.db import SessionLocal\ndb = SessionLocal()\n", 2),
        ("class UserRepo:\n    session = async_session()\n", 2),
    ],
)
def test_module_level_session_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB305") == [line]


@pytest.mark.parametrize(
    "source",
    [
        "engine = create_async_engine(URL, pool_pre_ping=True)\n"
        "async_session = async_sessionmaker(engine, expire_on_commit=False)\n",
        "SessionLocal = sessionmaker(bind=engine)\n",
        "Session = scoped_session(sessionmaker(bind=engine))\n",  # a registry, the documented sync global
        "async def get_session():\n    async with async_session() as session:\n        yield session\n",
        "def handler():\n    session = SessionLocal()\n    return session\n",
        "if __name__ == '__main__':\n    session = Session(engine)\n    session.close()\n",
        "with Session(engine) as session:\n    session.execute(q)\n",  # a script's block, closed at its end
        "http = aiohttp.ClientSession\n",
    ],
)
def test_module_level_session_near_misses(source: str) -> None:
    assert flagged(source, "PB305") == []


# -- PB306 sql-text-from-string-formatting -------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "how"),
    [
        ("q = text(f'SELECT * FROM users WHERE id = {user_id}')\n", "an f-string"),
        ("q = text('SELECT * FROM users WHERE name = \\'%s\\'' % name)\n", "`%` formatting"),
        ("q = text('SELECT * FROM users WHERE name = ' + name)\n", "string concatenation"),
        ("q = text('SELECT * FROM {} WHERE id = 1'.format(table))\n", "`str.format()`"),
        ("import sqlalchemy as sa\nq = sa.text('DELETE FROM t WHERE ' + cond + ' AND 1=1')\n", "string concatenation"),
        ("from sqlalchemy import text as sql\nq = sql(text=f'SELECT {col} FROM t')\n", "an f-string"),
    ],
)
def test_text_formatting_flagged(source: str, how: str) -> None:
    found = [f for f in findings(source) if f.code == "PB306"]
    assert [f.line for f in found] == [source.count("\n")]
    assert how in found[0].message


@pytest.mark.parametrize(
    ("source", "line"),
    [
        # A caller's value concatenated with literal SQL.
        ("def f(name):\n    return text(\"SELECT id FROM users WHERE name = '\" + name + \"'\")\n", 2),
        # A parameter extended with literals is still the caller's text.
        ("def f(sql):\n    sql += ' LIMIT 10'\n    return text(sql + ' OFFSET :o')\n", 3),
        # A fragment that was itself formatted.
        ("def f(col):\n    order = f' ORDER BY {col}'\n    return text('SELECT id FROM users' + order)\n", 3),
    ],
)
def test_text_concatenating_values_is_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB306") == [line]


def test_text_from_a_variable_built_earlier_is_flagged() -> None:
    source = (
        "async def search(session, name, order):\n"
        "    sql = f\"SELECT id FROM users WHERE name = '{name}'\"\n"
        "    await session.execute(text(sql))\n"
        "    query = 'SELECT id FROM users WHERE active'\n"
        "    query += f' ORDER BY {order}'\n"
        "    await session.execute(text(query))\n"
    )
    assert flagged(source, "PB306") == [3, 6]


@pytest.mark.parametrize(
    "source",
    [
        # Bound parameters.
        "stmt = text('SELECT * FROM users WHERE id = :id').bindparams(id=user_id)\n",
        "async def f(session, email):\n    await session.execute(text('SELECT id FROM users WHERE email = :e'), {'e': email})\n",
        "stmt = text('SELECT * FROM users WHERE id IN :ids').bindparams(bindparam('ids', expanding=True))\n",
        # Fixed text.
        "q = text(f'SELECT 1')\n",
        "q = text('SELECT * FROM users ' + 'WHERE id = :id')\n",
        "q = text('SELECT * FROM users' + (' WHERE active' if only_active else ''))\n",
        "q = text('SELECT 100 %% 7')\n",
        # A variable built from literals; reassigned from literals after a formatted value.
        "def f(active):\n    sql = 'SELECT id FROM users'\n    sql += ' WHERE active = :active'\n"
        "    return text(sql).bindparams(active=active)\n",
        "def f(x):\n    sql = f'SELECT {x}'\n    sql = 'SELECT 1'\n    return text(sql)\n",
        # Fragments that are themselves fixed SQL, in the function or at module level.
        "BASE = 'SELECT id FROM users'\ndef f(only_active):\n    where = ' WHERE active' if only_active else ''\n"
        "    return text(BASE + where + ' LIMIT :limit')\n",
        # Not SQLAlchemy's text().
        "label = widget.text(f'Hello {name}')\n",
        "from rich.text import Text\nt = Text(f'{x}')\n",
    ],
)
def test_text_formatting_near_misses(source: str) -> None:
    assert flagged(source, "PB306") == []


# -- PB307 commit-or-flush-in-loop ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "line"),
    [
        (
            "async def f(session, rows):\n    for row in rows:\n        session.add(User(**row))\n"
            "        await session.commit()\n",
            4,
        ),
        (
            "async def f(db, rows):\n    for row in rows:\n        obj = Item(**row)\n        db.add(obj)\n"
            "        await db.flush()\n        ids.append(obj.id)\n",
            5,
        ),
        ("def f(session, rows):\n    i = 0\n    while i < len(rows):\n        session.add(User(**rows[i]))\n"
         "        session.commit()\n        i += 1\n", 5),
        (
            "class Importer:\n    async def run(self, rows):\n        async for row in rows:\n"
            "            self.session.add(Row(row))\n            try:\n                await self.session.commit()\n"
            "            except IntegrityError:\n                await self.session.rollback()\n",
            6,
        ),
        ("async def f(rows):\n    async with async_session() as s:\n        for row in rows:\n"
         "            s.add(User(**row))\n            await s.commit()\n", 5),
    ],
)
def test_commit_in_loop_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB307") == [line]


@pytest.mark.parametrize(
    "source",
    [
        # Commit once after the loop.
        "async def f(session, rows):\n    for row in rows:\n        session.add(User(**row))\n    await session.commit()\n",
        # Chunks: add_all per chunk, commit per chunk.
        "async def f(session, chunks):\n    for chunk in chunks:\n        session.add_all([User(**r) for r in chunk])\n"
        "        await session.commit()\n",
        "async def f(session, chunks):\n    for chunk in chunks:\n        for row in chunk:\n"
        "            session.add(User(**row))\n        await session.commit()\n",
        # Commit every N rows.
        "async def f(session, rows):\n    for i, row in enumerate(rows):\n        session.add(User(**row))\n"
        "        if i % 1000 == 999:\n            await session.commit()\n    await session.commit()\n",
        # A consumer: one message, one unit of work.
        "async def consume(session, queue):\n    while True:\n        msg = await queue.get()\n"
        "        session.add(Event(msg))\n        await session.commit()\n",
        "async def consume(session, ws):\n    async for msg in ws.iter_text():\n        reply = await ws.send_text(msg)\n"
        "        session.add(Event(msg))\n        await session.commit()\n",
        # A commit per row without adding (e.g. updates) is another matter; other receivers.
        "async def f(session, ids):\n    for i in ids:\n        await session.execute(update(U).where(U.id == i))\n"
        "        await session.commit()\n",
        "def f(repo, paths):\n    for p in paths:\n        repo.index.add([p])\n        repo.index.commit('x')\n",
        "async def f(session, other, rows):\n    for row in rows:\n        other.add(row)\n        await session.commit()\n",
    ],
)
def test_commit_in_loop_near_misses(source: str) -> None:
    assert flagged(source, "PB307") == []


# -- PB308 async-engine-without-async-driver -----------------------------------------------------
@pytest.mark.parametrize(
    ("source", "message_part"),
    [
        ("engine = create_async_engine('postgresql://app@db/app')\n", "names no driver"),
        ("engine = create_async_engine('postgres://app@db/app')\n", "not a SQLAlchemy dialect name"),
        ("engine = create_async_engine('sqlite:///./app.db')\n", "names no driver"),
        ("engine = create_async_engine(url='mysql://u@h/d', pool_pre_ping=True)\n", "names no driver"),
        ("engine = create_async_engine(f'postgresql+psycopg2://{user}@{host}/app')\n", "`psycopg2`, a synchronous driver"),
        (
            "from sqlalchemy.ext.asyncio import create_async_engine as mk\nengine = mk('sqlite://')\n",
            "names no driver",
        ),
    ],
)
def test_async_engine_driver_flagged(source: str, message_part: str) -> None:
    found = [f for f in findings(source) if f.code == "PB308"]
    assert [f.line for f in found] == [source.count("\n")]
    assert message_part in found[0].message


@pytest.mark.parametrize(
    "source",
    [
        "e = create_async_engine('postgresql+asyncpg://app@db/app', pool_pre_ping=True)\n",
        "e = create_async_engine('postgresql+psycopg://app@db/app')\n",
        "e = create_async_engine('postgresql+psycopg_async://app@db/app')\n",
        "e = create_async_engine('sqlite+aiosqlite:///./app.db')\n",
        "e = create_async_engine('mysql+aiomysql://u@h/d')\n",
        "e = create_async_engine('mariadb+asyncmy://u@h/d')\n",
        "e = create_async_engine(f'postgresql+asyncpg://{user}:{password}@{host}/app')\n",
        "e = create_async_engine(settings.database_url)\n",  # not a literal: unknown
        "e = create_async_engine(f'{DIALECT}://{host}/app')\n",
        "e = create_engine('postgresql://app@db/app')\n",  # a sync engine may use a sync driver
    ],
)
def test_async_engine_driver_near_misses(source: str) -> None:
    assert flagged(source, "PB308") == []
