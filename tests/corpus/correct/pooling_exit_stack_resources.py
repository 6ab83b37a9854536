"""Several pooled resources registered on one AsyncExitStack, closed in reverse order."""

import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import aiohttp
import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@localhost/app")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, object]]:
    async with AsyncExitStack() as stack:
        engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
        stack.push_async_callback(engine.dispose)
        timeout = aiohttp.ClientTimeout(total=10, connect=2)
        inventory = await stack.enter_async_context(aiohttp.ClientSession(timeout=timeout))
        search = await stack.enter_async_context(httpx.AsyncClient(timeout=httpx.Timeout(5.0, connect=2.0)))
        yield {
            "sessions": async_sessionmaker(engine, expire_on_commit=False),
            "inventory": inventory,
            "search": search,
        }


app = FastAPI(lifespan=lifespan)
