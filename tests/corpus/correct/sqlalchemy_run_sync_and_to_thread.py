"""Sync SQLAlchemy code run from async code the documented ways: run_sync and asyncio.to_thread."""

import asyncio
import os

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


def table_names(sync_conn: Connection) -> list[str]:
    return inspect(sync_conn).get_table_names()


def legacy_report(url: str) -> int:
    engine = create_engine(url)
    try:
        with sessionmaker(engine)() as session:
            return len(session.execute(Base.metadata.tables["reports"].select()).all())
    finally:
        engine.dispose()


async def describe(url: str) -> list[str]:
    engine = create_async_engine(url, pool_pre_ping=True)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(table_names)
    finally:
        await engine.dispose()


async def count_rows_sync_style(session: AsyncSession) -> int:
    def count(sync_session: Session) -> int:
        return len(sync_session.execute(Base.metadata.tables["reports"].select()).all())

    return await session.run_sync(count)


async def report_in_thread() -> int:
    return await asyncio.to_thread(legacy_report, os.environ.get("REPORTS_URL", "sqlite:///./reports.db"))
