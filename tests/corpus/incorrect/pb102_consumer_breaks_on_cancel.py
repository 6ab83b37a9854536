import asyncio
import logging

logger = logging.getLogger(__name__)


async def consume(queue: asyncio.Queue, handle) -> None:
    while True:
        job = await queue.get()
        try:
            await handle(job)
        except asyncio.CancelledError:
            logger.info("consumer stopping, job %s left unfinished", job)
            break
        finally:
            queue.task_done()
