"""A dashboard endpoint that runs two queries concurrently on the request's one session."""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from .db import get_session
from .models import Order, Ticket

router = APIRouter()
SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def count_open_orders(session: AsyncSession, customer_id: int) -> int:
    return await session.scalar(select(func.count()).where(Order.customer_id == customer_id, Order.open))


async def count_open_tickets(session: AsyncSession, customer_id: int) -> int:
    return await session.scalar(select(func.count()).where(Ticket.customer_id == customer_id, Ticket.open))


@router.get("/customers/{customer_id}/summary")
async def customer_summary(customer_id: int, session: SessionDep) -> dict[str, int]:
    orders, tickets = await asyncio.gather(
        count_open_orders(session, customer_id),
        count_open_tickets(session, customer_id),
        return_exceptions=False,
    )
    return {"open_orders": orders, "open_tickets": tickets}
