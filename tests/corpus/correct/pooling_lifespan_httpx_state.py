"""One HTTPX client for the whole application, shared through the lifespan state."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import httpx
from fastapi import FastAPI, Request


class State(TypedDict):
    http: httpx.AsyncClient


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=10)
    async with httpx.AsyncClient(base_url="https://rates.example.com", timeout=5.0, limits=limits) as client:
        yield {"http": client}


app = FastAPI(lifespan=lifespan)


@app.get("/convert")
async def convert(amount: float, source: str, target: str, request: Request) -> dict[str, float]:
    response = await request.state.http.get("/latest", params={"base": source, "symbols": target})
    response.raise_for_status()
    return {"amount": amount * response.json()["rates"][target]}
