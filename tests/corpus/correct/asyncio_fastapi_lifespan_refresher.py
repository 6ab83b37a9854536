"""A FastAPI lifespan that runs a refresher task in a TaskGroup for the app's lifetime."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

rates: dict[str, float] = {}


async def refresh_rates(interval: float) -> None:
    while True:
        rates["EUR"] = 1.0
        await asyncio.sleep(interval)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with asyncio.TaskGroup() as tg:
        refresher = tg.create_task(refresh_rates(60))
        yield
        refresher.cancel()


app = FastAPI(lifespan=lifespan)


@app.get("/rates")
async def read_rates() -> dict[str, float]:
    return rates
