"""Webhook delivery service: each delivery, run per request, builds its own aiohttp session."""

import aiohttp
from fastapi import BackgroundTasks, FastAPI
from pydantic import BaseModel

TIMEOUT = aiohttp.ClientTimeout(total=10, connect=2)

app = FastAPI()


class Event(BaseModel):
    kind: str
    payload: dict[str, str]


async def deliver(url: str, event: Event) -> int:
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with session.post(url, json=event.model_dump()) as response:
            return response.status


async def fan_out(event: Event, subscribers: list[str]) -> None:
    for url in subscribers:
        await deliver(url, event)


@app.post("/events", status_code=202)
async def publish(event: Event, background: BackgroundTasks) -> dict[str, str]:
    background.add_task(fan_out, event, ["https://hooks.example.com/a", "https://hooks.example.com/b"])
    return {"status": "queued"}
