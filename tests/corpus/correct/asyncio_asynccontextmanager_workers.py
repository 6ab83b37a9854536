"""A TaskGroup held open by an async context manager: the yield is the documented pattern here."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


async def heartbeat(interval: float) -> None:
    while True:
        await asyncio.sleep(interval)


@asynccontextmanager
async def running_heartbeat(interval: float) -> AsyncIterator[asyncio.Task]:
    async with asyncio.TaskGroup() as tg:
        task = tg.create_task(heartbeat(interval))
        try:
            yield task
        finally:
            task.cancel()


@asynccontextmanager
async def deadline(seconds: float) -> AsyncIterator[None]:
    async with asyncio.timeout(seconds):
        yield


async def main() -> None:
    async with running_heartbeat(0.05):
        async with deadline(1.0):
            await asyncio.sleep(0.1)


if __name__ == "__main__":
    asyncio.run(main())
