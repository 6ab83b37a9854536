"""A background task opens its own session: the request's session is gone by the time it runs."""

import os
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import BackgroundTasks, Depends, FastAPI
from sqlalchemy import String
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///./app.db")
engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="new")


async def get_session() -> AsyncIterator[AsyncSession]:
    async with async_session() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def mark_shipped(order_id: int) -> None:
    async with async_session() as session:
        order = await session.get(Order, order_id)
        if order is not None:
            order.status = "shipped"
            await session.commit()


app = FastAPI()


@app.post("/orders/{order_id}/ship", status_code=202)
async def ship(order_id: int, session: SessionDep, tasks: BackgroundTasks) -> dict[str, int]:
    order = await session.get(Order, order_id)
    tasks.add_task(mark_shipped, order_id)
    return {"accepted": order is not None}
