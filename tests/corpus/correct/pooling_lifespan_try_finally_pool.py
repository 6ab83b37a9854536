"""asyncpg pool opened in the lifespan and closed in `finally`, even when startup fails later."""

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import asyncpg
from fastapi import Depends, FastAPI, Request

DSN = os.environ.get("DSN", "postgresql://app@localhost/app")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(DSN, min_size=2, max_size=10, command_timeout=5)
    try:
        yield
    finally:
        # close() waits for connections still in use; bound the wait so shutdown cannot hang.
        await asyncio.wait_for(app.state.pool.close(), timeout=10)


app = FastAPI(lifespan=lifespan)


async def get_connection(request: Request) -> AsyncIterator[asyncpg.Connection]:
    async with request.app.state.pool.acquire() as conn:
        yield conn


Connection = Annotated[asyncpg.Connection, Depends(get_connection)]


@app.get("/users/count")
async def count_users(conn: Connection) -> dict[str, int]:
    return {"users": await conn.fetchval("select count(*) from users")}
