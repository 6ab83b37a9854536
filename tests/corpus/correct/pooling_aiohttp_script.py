"""Command-line crawler: one session for the run, an explicit timeout, bounded concurrency."""

import asyncio
import sys

import aiohttp


async def fetch_status(session: aiohttp.ClientSession, limit: asyncio.Semaphore, url: str) -> tuple[str, int]:
    async with limit:
        async with session.get(url) as response:
            return url, response.status


async def main(urls: list[str]) -> None:
    timeout = aiohttp.ClientTimeout(total=30, connect=5)
    limit = asyncio.Semaphore(10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(fetch_status(session, limit, url)) for url in urls]
    for task in tasks:
        print(*task.result())


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
