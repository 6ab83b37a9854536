"""Startup and shutdown in one lifespan; resources reach requests through its state."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import httpx
from fastapi import FastAPI, Request
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@localhost/app")


class State(TypedDict):
    engine: AsyncEngine
    http: httpx.AsyncClient


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
    async with httpx.AsyncClient(base_url="https://rates.example.com", timeout=5.0) as http:
        yield {"engine": engine, "http": http}
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.get("/ready")
async def ready(request: Request) -> dict[str, bool]:
    async with request.state.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    return {"ready": True}


@app.get("/rates/{currency}")
async def rate(currency: str, request: Request) -> dict[str, float]:
    response = await request.state.http.get(f"/latest/{currency}")
    response.raise_for_status()
    return response.json()
