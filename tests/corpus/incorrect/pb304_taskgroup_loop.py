"""Price refresh fanned out over a TaskGroup, every task writing through the same session."""

import asyncio

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .models import Product
from .pricing import fetch_price


async def refresh_one(session: AsyncSession, sku: str) -> None:
    price = await fetch_price(sku)
    await session.execute(update(Product).where(Product.sku == sku).values(price_cents=price))


async def refresh_all(factory: async_sessionmaker[AsyncSession], skus: list[str]) -> None:
    async with factory() as session:
        async with asyncio.TaskGroup() as tg:
            for sku in skus:
                tg.create_task(refresh_one(session, sku))
        await session.commit()
