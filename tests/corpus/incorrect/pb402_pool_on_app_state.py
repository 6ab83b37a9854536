"""Lifespan that opens an asyncpg pool and never closes it."""

import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, Request

DSN = os.environ.get("DSN", "postgresql://app@localhost/app")


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(DSN, min_size=2, max_size=10)
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/stats")
async def stats(request: Request) -> dict[str, int]:
    return {"users": await request.app.state.pool.fetchval("select count(*) from users")}
