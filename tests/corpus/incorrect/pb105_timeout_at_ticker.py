import asyncio


async def ticks(interval: float, until: float):
    loop = asyncio.get_running_loop()
    async with asyncio.timeout_at(until):
        while True:
            await asyncio.sleep(interval)
            yield loop.time()
