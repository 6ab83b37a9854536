import asyncio


async def merged(*sources):
    queue: asyncio.Queue = asyncio.Queue()

    async def pump(source):
        async for item in source:
            await queue.put(item)

    async with asyncio.TaskGroup() as tg:
        for source in sources:
            tg.create_task(pump(source))
        while True:
            yield await queue.get()
