"""Claims of rules/sqlalchemy-loading.md, checked on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import types
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import joinedload, lazyload

RULE = "sqlalchemy-loading"
BOOKS_PER_AUTHOR = 3


def run(mod: types.ModuleType, authors: int, scenario: Callable[[], Awaitable[object]]) -> object:
    """Create and fill the schema, run the scenario, dispose the engine: one event loop."""

    async def main() -> object:
        try:
            async with mod.engine.begin() as conn:
                await conn.run_sync(mod.Base.metadata.create_all)
            async with mod.SessionFactory() as session, session.begin():
                for a in range(authors):
                    books = [mod.Book(title=f"b{a}-{b}") for b in range(BOOKS_PER_AUTHOR)]
                    session.add(mod.Author(name=f"a{a}", books=books))
            return await scenario()
        finally:
            await mod.engine.dispose()

    return asyncio.run(main())


def test_unloaded_collection_raises_instead_of_querying(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        async with mod.SessionFactory() as session:
            author = await session.get(mod.Author, 1)
            with mod.count_statements(mod.engine) as sql:
                with pytest.raises(InvalidRequestError, match="lazy='raise'"):
                    _ = author.books
            assert sql == []  # refused before any SQL was sent

    run(mod, 2, scenario)


def test_raise_on_sql_many_to_one_uses_the_identity_map(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        async with mod.SessionFactory() as session:
            book = await session.get(mod.Book, 1)
            with pytest.raises(InvalidRequestError, match="lazy='raise_on_sql'"):
                _ = book.author  # would need a SELECT
            author = await session.get(mod.Author, book.author_id)
            with mod.count_statements(mod.engine) as sql:
                assert book.author is author  # already in the session: no SQL needed
            assert sql == []

    run(mod, 2, scenario)


@pytest.mark.parametrize("authors", [10, 100])
def test_selectinload_sends_two_statements_for_any_row_count(load_rule, db_url: str, authors: int) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        async with mod.SessionFactory() as session:
            with mod.count_statements(mod.engine) as sql:
                loaded = await mod.authors_with_books(session)
            assert len(loaded) == authors
            assert all(len(a.books) == BOOKS_PER_AUTHOR for a in loaded)  # no further SQL
            assert len(sql) == 2

    run(mod, authors, scenario)


def test_lazy_loading_each_collection_is_n_plus_one(load_rule, db_url: str) -> None:
    """The counter sees the N+1 pattern the rule warns about."""
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        async with mod.SessionFactory() as session:
            with mod.count_statements(mod.engine) as sql:
                stmt = select(mod.Author).options(lazyload(mod.Author.books))
                for author in await session.scalars(stmt):
                    await author.awaitable_attrs.books
            assert len(sql) == 1 + 10

    run(mod, 10, scenario)


def test_joinedload_many_to_one_is_one_statement(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        async with mod.SessionFactory() as session:
            with mod.count_statements(mod.engine) as sql:
                books = await mod.books_with_author(session)
            assert len(books) == 5 * BOOKS_PER_AUTHOR
            assert {b.author.name for b in books} == {f"a{i}" for i in range(5)}
            assert len(sql) == 1

    run(mod, 5, scenario)


def test_joined_collection_needs_unique(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        async with mod.SessionFactory() as session:
            stmt = select(mod.Author).options(joinedload(mod.Author.books))
            with pytest.raises(InvalidRequestError, match=r"unique\(\) method must be invoked"):
                (await session.scalars(stmt)).all()
            authors = await mod.authors_joined(session)
            assert [a.name for a in authors] == [f"a{i}" for i in range(4)]
            assert all(len(a.books) == BOOKS_PER_AUTHOR for a in authors)

    run(mod, 4, scenario)


def test_awaitable_attrs_loads_on_demand(load_rule, db_url: str) -> None:
    mod = load_rule(RULE, DATABASE_URL=db_url)

    async def scenario() -> None:
        async with mod.SessionFactory() as session:
            titles = await mod.titles_on_demand(session, 2)
            assert sorted(titles) == [f"b1-{b}" for b in range(BOOKS_PER_AUTHOR)]
            author = await session.get(mod.Author, 1)
            with pytest.raises(InvalidRequestError, match="lazy='raise'"):
                await author.awaitable_attrs.books  # does not override lazy="raise"
            await session.refresh(author, ["books"])  # does
            assert len(author.books) == BOOKS_PER_AUTHOR

    run(mod, 2, scenario)
