"""Models whose relationships never load implicitly, and queries that load what they need."""

from sqlalchemy import ForeignKey, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    WriteOnlyMapped,
    joinedload,
    mapped_column,
    relationship,
    selectinload,
)


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    orders: Mapped[list["Order"]] = relationship(back_populates="customer", lazy="raise")
    events: WriteOnlyMapped["Event"] = relationship()


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer: Mapped[Customer] = relationship(back_populates="orders", lazy="raise_on_sql")
    lines: Mapped[list["OrderLine"]] = relationship(lazy="selectin", cascade="save-update, merge, delete")


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    sku: Mapped[str]


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str]


async def customer_with_orders(session: AsyncSession, customer_id: int) -> Customer | None:
    stmt = select(Customer).where(Customer.id == customer_id).options(selectinload(Customer.orders))
    return await session.scalar(stmt)


async def order_with_customer(session: AsyncSession, order_id: int) -> Order | None:
    return await session.scalar(select(Order).where(Order.id == order_id).options(joinedload(Order.customer)))


async def recent_events(session: AsyncSession, customer: Customer) -> list[Event]:
    return list(await session.scalars(customer.events.select().order_by(Event.id.desc()).limit(20)))
