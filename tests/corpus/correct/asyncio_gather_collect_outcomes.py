"""gather with return_exceptions=True collects every outcome, failures included."""

import asyncio


async def ping(host: str) -> str:
    reader, writer = await asyncio.open_connection(host, 80)
    writer.close()
    await writer.wait_closed()
    return host


async def reachable(hosts: list[str]) -> list[str]:
    results = await asyncio.gather(*(ping(h) for h in hosts), return_exceptions=True)
    return [r for r in results if isinstance(r, str)]
