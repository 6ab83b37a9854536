"""A search endpoint that splices the user's query into SQL text."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from .db import get_session

router = APIRouter()


@router.get("/products/search")
async def search_products(
    q: Annotated[str, Query(min_length=2)],
    session: Annotated[AsyncSession, Depends(get_session)],
) -> list[dict[str, str]]:
    result = await session.execute(text(f"SELECT sku, name FROM products WHERE name ILIKE '%{q}%' LIMIT 50"))
    return [{"sku": sku, "name": name} for sku, name in result]
