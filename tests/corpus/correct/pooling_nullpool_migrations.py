"""Migration runner in the style of Alembic's async template: no pool, the engine disposed at the end."""

import asyncio
import os

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

metadata = MetaData()


async def run_migrations(url: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(run_migrations(os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@localhost/app")))
