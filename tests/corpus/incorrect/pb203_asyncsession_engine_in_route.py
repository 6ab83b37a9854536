from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession

from .db import engine
from .models import Order
from .schemas import OrderIn

router = APIRouter()


@router.post("/orders", status_code=201)
async def create_order(order: OrderIn) -> dict[str, int]:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        db_order = Order(**order.model_dump())
        session.add(db_order)
        await session.commit()
        return {"id": db_order.id}
