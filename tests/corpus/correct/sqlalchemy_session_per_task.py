"""Concurrent database work in a TaskGroup: each task opens its own session from the factory."""

import asyncio
import os

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///./catalog.db")
engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"

    sku: Mapped[str] = mapped_column(primary_key=True)
    price_cents: Mapped[int]


async def reprice(factory: async_sessionmaker[AsyncSession], sku: str, percent: int) -> None:
    async with factory() as session, session.begin():
        await session.execute(
            update(Product).where(Product.sku == sku).values(price_cents=Product.price_cents * (100 + percent) / 100)
        )


async def reprice_all(percent: int) -> None:
    async with async_session() as session:
        skus = list(await session.scalars(select(Product.sku)))
    async with asyncio.TaskGroup() as tg:
        for sku in skus:
            tg.create_task(reprice(async_session, sku, percent))


async def load_prices(skus: list[str]) -> dict[str, int]:
    async def price_of(sku: str) -> int:
        async with async_session() as session:
            return (await session.get_one(Product, sku)).price_cents

    async with asyncio.TaskGroup() as tg:
        tasks = {sku: tg.create_task(price_of(sku)) for sku in skus}
    return {sku: task.result() for sku, task in tasks.items()}


async def main() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    await reprice_all(5)
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
