"""Checkout service that calls the payment provider while its transaction holds a connection."""

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
    charge_id: Mapped[str | None] = mapped_column(String(64))


async def checkout(session: AsyncSession, payments: httpx.AsyncClient, order: Order) -> Order:
    async with session.begin():
        session.add(order)
        await session.flush()
        charge = await payments.post("/charges", json={"order": order.id, "amount": str(order.total)})
        order.charge_id = charge.json()["id"]
    return order
