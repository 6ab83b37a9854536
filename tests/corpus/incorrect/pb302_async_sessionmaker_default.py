"""The factory keeps the default expire_on_commit=True; reading `order.id` after commit does IO."""

import os

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from .models import Order

engine = create_async_engine(os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///./shop.db"), pool_pre_ping=True)
async_session = async_sessionmaker(engine)


async def place_order(customer_id: int, total_cents: int) -> int:
    async with async_session() as session:
        order = Order(customer_id=customer_id, total_cents=total_cents)
        session.add(order)
        await session.commit()
        return order.id
