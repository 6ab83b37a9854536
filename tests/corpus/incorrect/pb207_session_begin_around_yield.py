from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from .db import SessionFactory
from .models import AuditEntry

app = FastAPI()


async def get_transaction():
    async with SessionFactory() as session, session.begin():
        yield session


@app.post("/audit", status_code=201)
async def record(message: str, session: Annotated[AsyncSession, Depends(get_transaction)]) -> dict[str, str]:
    session.add(AuditEntry(message=message))
    return {"status": "recorded"}
