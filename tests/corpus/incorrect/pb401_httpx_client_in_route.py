"""Currency conversion endpoint that opens a new HTTP connection pool for every request."""

import os

import httpx
from fastapi import FastAPI

RATES_API = os.environ.get("RATES_API", "https://rates.example.com")

app = FastAPI()


@app.get("/convert")
async def convert(amount: float, source: str, target: str) -> dict[str, float]:
    async with httpx.AsyncClient(base_url=RATES_API, timeout=5.0) as client:
        response = await client.get("/latest", params={"base": source, "symbols": target})
    response.raise_for_status()
    rate = response.json()["rates"][target]
    return {"amount": amount * rate}
