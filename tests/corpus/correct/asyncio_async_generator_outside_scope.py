"""An async generator that bounds each fetch with a timeout and yields outside it."""

import asyncio


async def pages(client, url: str, per_request: float = 5.0):
    next_url = url
    while next_url:
        async with asyncio.timeout(per_request):
            response = await client.get(next_url)
        body = response.json()
        for item in body["items"]:
            yield item
        next_url = body.get("next")
