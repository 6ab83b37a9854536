"""The pool's own `async with` closes it when the application shuts down."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, Request

DSN = os.environ.get("DSN", "postgresql://app@localhost/app")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, asyncpg.Pool]]:
    async with asyncpg.create_pool(DSN, min_size=1, max_size=10) as pool:
        yield {"pool": pool}


app = FastAPI(lifespan=lifespan)


@app.get("/articles/{slug}")
async def read_article(slug: str, request: Request) -> dict[str, str | None]:
    row = await request.state.pool.fetchrow("select title, body from articles where slug = $1", slug)
    return {"title": row["title"] if row else None, "body": row["body"] if row else None}
