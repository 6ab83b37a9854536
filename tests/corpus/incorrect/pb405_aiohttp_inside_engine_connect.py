"""Price refresher that streams rows and fetches prices with a connection checked out."""

import aiohttp
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from .tables import products

TIMEOUT = aiohttp.ClientTimeout(total=10, connect=2)


async def refresh_prices(engine: AsyncEngine) -> None:
    async with aiohttp.ClientSession(base_url="https://prices.example.com", timeout=TIMEOUT) as session:
        async with engine.connect() as conn:
            skus = (await conn.scalars(select(products.c.sku))).all()
            for sku in skus:
                async with session.get(f"/v1/{sku}") as response:
                    price = (await response.json())["price"]
                await conn.execute(update(products).where(products.c.sku == sku).values(price=price))
            await conn.commit()
