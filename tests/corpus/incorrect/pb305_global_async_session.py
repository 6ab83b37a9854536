"""One AsyncSession created at import time and used by every request."""

import os

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from .models import Article

engine = create_async_engine(os.environ.get("DATABASE_URL", "postgresql+asyncpg://blog@localhost/blog"), pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)
session = async_session()


async def latest_articles(limit: int = 10) -> list[Article]:
    result = await session.scalars(select(Article).order_by(Article.published_at.desc()).limit(limit))
    return list(result)
