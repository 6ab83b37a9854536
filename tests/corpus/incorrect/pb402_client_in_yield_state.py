"""Lifespan state holding a client that nothing can close after the yield."""

from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield {"search": httpx.AsyncClient(base_url="https://search.example.com", timeout=5.0)}


app = FastAPI(lifespan=lifespan)


@app.get("/search")
async def search(q: str, request: Request) -> list[dict[str, str]]:
    response = await request.state.search.get("/query", params={"q": q})
    return response.json()["hits"]
