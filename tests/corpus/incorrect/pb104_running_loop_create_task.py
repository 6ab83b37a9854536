import asyncio


async def refresh_token(client) -> None:
    await client.post("/oauth/refresh")


async def on_expiring(client) -> None:
    asyncio.get_running_loop().create_task(refresh_token(client))
