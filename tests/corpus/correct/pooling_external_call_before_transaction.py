"""Checkout: charge first, then write in a short transaction; `session.get` inside it is a database read."""

from decimal import Decimal

import httpx
from sqlalchemy import Numeric, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    status: Mapped[str] = mapped_column(String(16), default="new")
    charge_id: Mapped[str | None] = mapped_column(String(64))


async def checkout(session: AsyncSession, payments: httpx.AsyncClient, order_id: int, total: Decimal) -> None:
    charge = await payments.post("/charges", json={"order": order_id, "amount": str(total)})
    charge.raise_for_status()
    async with session.begin():
        order = await session.get(Order, order_id, with_for_update=True)
        if order is None:
            raise LookupError(order_id)
        order.status = "paid"
        order.charge_id = charge.json()["id"]
    await payments.post("/receipts", json={"order": order_id})
