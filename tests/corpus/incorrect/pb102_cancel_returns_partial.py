import asyncio


async def collect(stream, limit: int) -> list:
    items = []
    try:
        async for item in stream:
            items.append(item)
            if len(items) == limit:
                break
    except asyncio.CancelledError:
        return items  # a timeout around collect() never fires
    return items
