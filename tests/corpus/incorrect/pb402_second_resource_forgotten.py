"""Lifespan that closes its HTTP session but leaks the engine it created beside it."""

import os
from collections.abc import AsyncIterator

import aiohttp
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@localhost/app")


async def app_lifespan(app: FastAPI) -> AsyncIterator[dict[str, object]]:
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10, connect=2))
    engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
    try:
        yield {"http": http, "engine": engine}
    finally:
        await http.close()


app = FastAPI(lifespan=app_lifespan)
