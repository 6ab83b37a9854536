"""A session dependency that builds a whole engine (and its pool) on every request."""

import os
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@localhost/app")

app = FastAPI()


async def get_session() -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    async with sessions() as session:
        yield session
    await engine.dispose()


SessionDep = Annotated[AsyncSession, Depends(get_session)]


@app.get("/health/db")
async def database_health(session: SessionDep) -> dict[str, bool]:
    return {"ok": await session.scalar(text("select true"))}
