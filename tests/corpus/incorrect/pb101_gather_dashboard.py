"""Dashboard endpoint that fans out with gather: a failing call leaves the others running."""

import asyncio

from fastapi import FastAPI

app = FastAPI()


async def fetch_profile(user_id: int) -> dict:
    await asyncio.sleep(0.01)
    return {"id": user_id}


async def fetch_orders(user_id: int) -> list[dict]:
    await asyncio.sleep(0.01)
    return []


@app.get("/users/{user_id}/dashboard")
async def dashboard(user_id: int) -> dict:
    profile, orders = await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))
    return {"profile": profile, "orders": orders}
