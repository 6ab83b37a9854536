"""Deadlines with asyncio.timeout: TimeoutError is the builtin one since Python 3.11."""

import asyncio
import logging

logger = logging.getLogger(__name__)


async def fetch_with_deadline(client, url: str, seconds: float = 2.0):
    try:
        async with asyncio.timeout(seconds):
            response = await client.get(url)
    except TimeoutError:
        logger.warning("%s took longer than %ss", url, seconds)
        return None
    return response.json()


async def drain(queue: asyncio.Queue, budget: float) -> list:
    items = []
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout_at(loop.time() + budget):
            while True:
                items.append(await queue.get())
    except TimeoutError:
        pass
    return items
