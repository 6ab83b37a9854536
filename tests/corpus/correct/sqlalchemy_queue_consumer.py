"""A worker that takes one message at a time and commits each: one unit of work per message."""

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Delivery(Base):
    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook: Mapped[str]
    status: Mapped[int]


async def record_deliveries(factory: async_sessionmaker[AsyncSession], queue: asyncio.Queue[tuple[str, int]]) -> None:
    async with factory() as session:
        while True:
            webhook, status = await queue.get()
            session.add(Delivery(webhook=webhook, status=status))
            await session.commit()
            queue.task_done()
