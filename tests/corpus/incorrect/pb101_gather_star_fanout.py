import asyncio

import httpx


async def fetch_status(client: httpx.AsyncClient, url: str) -> int:
    response = await client.get(url)
    return response.status_code


async def check_all(client: httpx.AsyncClient, urls: list[str]) -> list[int]:
    return await asyncio.gather(*(fetch_status(client, url) for url in urls))
