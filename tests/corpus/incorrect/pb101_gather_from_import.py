from asyncio import gather


async def warm_caches(caches):
    # One cache that fails to warm leaves the rest warming in the background.
    await gather(*[cache.warm() for cache in caches], return_exceptions=False)
