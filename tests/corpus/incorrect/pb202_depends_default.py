from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .db import get_session
from .models import Invoice

app = FastAPI()


@app.get("/invoices")
async def list_invoices(session: AsyncSession = Depends(get_session)) -> list[int]:
    result = await session.scalars(select(Invoice.id))
    return list(result)
