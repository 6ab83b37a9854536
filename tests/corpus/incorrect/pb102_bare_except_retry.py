import asyncio


async def publish_with_retry(broker, message, attempts: int = 5) -> bool:
    for attempt in range(attempts):
        try:
            await broker.publish(message)
            return True
        except:  # retries through cancellation too
            await asyncio.sleep(2**attempt)
            continue
    return False
