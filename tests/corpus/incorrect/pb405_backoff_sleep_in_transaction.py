"""Retry loop that sleeps between attempts without releasing the transaction."""

import asyncio

from sqlalchemy import update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from .tables import accounts


async def debit(engine: AsyncEngine, account_id: int, amount: int) -> None:
    async with engine.begin() as conn:
        for attempt in range(3):
            try:
                await conn.execute(
                    update(accounts).where(accounts.c.id == account_id).values(balance=accounts.c.balance - amount)
                )
                return
            except DBAPIError:
                await asyncio.sleep(0.5 * 2**attempt)
        raise RuntimeError("debit failed")
