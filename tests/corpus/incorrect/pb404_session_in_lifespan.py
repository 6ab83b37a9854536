"""Shared aiohttp session created in the lifespan with aiohttp's five-minute default timeout."""

from contextlib import asynccontextmanager

import aiohttp
from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI):
    async with aiohttp.ClientSession(base_url="https://inventory.example.com") as session:
        yield {"inventory": session}


app = FastAPI(lifespan=lifespan)


@app.get("/stock/{sku}")
async def stock(sku: str, request: Request) -> dict[str, int]:
    async with request.state.inventory.get(f"/items/{sku}") as response:
        body = await response.json()
    return {"available": body["available"]}
