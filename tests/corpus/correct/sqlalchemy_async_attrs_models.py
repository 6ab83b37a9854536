"""The SQLAlchemy asyncio example's style: AsyncAttrs models, lazy attributes awaited explicitly."""

import asyncio

from sqlalchemy import ForeignKey, select
from sqlalchemy.ext.asyncio import AsyncAttrs, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(AsyncAttrs, DeclarativeBase):
    pass


class A(Base):
    __tablename__ = "a"

    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[str | None]
    bs: Mapped[list["B"]] = relationship()


class B(Base):
    __tablename__ = "b"

    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("a.id"))
    data: Mapped[str | None]


async def async_main() -> None:
    engine = create_async_engine("sqlite+aiosqlite://", pool_pre_ping=True)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async_session = async_sessionmaker(engine, expire_on_commit=False)
    async with async_session() as session, session.begin():
        session.add_all([A(bs=[B(data="b1"), B(data="b2")], data="a1")])
    async with async_session() as session:
        for a in await session.scalars(select(A)):
            for b in await a.awaitable_attrs.bs:
                print(a.data, b.data)
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(async_main())
