import time

import httpx


async def wait_until_ready(client: httpx.AsyncClient, url: str, attempts: int = 10) -> bool:
    for attempt in range(attempts):
        response = await client.get(url)
        if response.is_success:
            return True
        time.sleep(0.5 * attempt)
    return False
