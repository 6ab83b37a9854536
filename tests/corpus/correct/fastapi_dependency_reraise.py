"""A yield dependency that rolls back on error and raises the exception again."""

import logging
import os
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

logger = logging.getLogger(__name__)

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@localhost/app")
engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
SessionFactory = async_sessionmaker(engine, expire_on_commit=False)


async def get_session() -> AsyncIterator[AsyncSession]:
    async with SessionFactory() as session:
        try:
            yield session
        except SQLAlchemyError:
            logger.exception("database error, rolling back")
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(get_session)]

app = FastAPI()


@app.get("/health/db")
async def database_health(session: SessionDep) -> dict[str, bool]:
    await session.execute(text("SELECT 1"))
    return {"ok": True}
