"""Bulk INSERT in one call, and a chunked import that commits once per chunk."""

import itertools
from collections.abc import Iterable

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

CHUNK = 1000


class Base(DeclarativeBase):
    pass


class Reading(Base):
    __tablename__ = "readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    sensor: Mapped[str]
    value: Mapped[float]


async def insert_readings(session: AsyncSession, rows: list[dict[str, object]]) -> None:
    await session.execute(insert(Reading), rows)
    await session.commit()


async def import_in_chunks(session: AsyncSession, rows: Iterable[dict[str, object]]) -> int:
    imported = 0
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        session.add_all([Reading(**row) for row in chunk])
        await session.commit()
        imported += len(chunk)
    return imported


async def add_then_commit_once(session: AsyncSession, values: dict[str, float]) -> None:
    for sensor, value in values.items():
        session.add(Reading(sensor=sensor, value=value))
    await session.commit()
