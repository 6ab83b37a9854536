"""aiohttp session created once in the lifespan, closed in `finally`, handed out by a dependency."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import aiohttp
from fastapi import Depends, FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.http = aiohttp.ClientSession(
        base_url="https://inventory.example.com",
        timeout=aiohttp.ClientTimeout(total=10, connect=2),
    )
    try:
        yield
    finally:
        await app.state.http.close()


app = FastAPI(lifespan=lifespan)


def get_http(request: Request) -> aiohttp.ClientSession:
    return request.app.state.http


Http = Annotated[aiohttp.ClientSession, Depends(get_http)]


@app.get("/stock/{sku}")
async def stock(sku: str, http: Http) -> dict[str, int]:
    async with http.get(f"/items/{sku}") as response:
        response.raise_for_status()
        body = await response.json()
    return {"available": body["available"]}
