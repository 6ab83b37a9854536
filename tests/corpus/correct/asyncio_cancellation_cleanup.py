"""A listener that cleans up when cancelled and lets the cancellation propagate."""

import asyncio
import logging

logger = logging.getLogger(__name__)


async def listen(conn, channel: str, handle) -> None:
    await conn.add_listener(channel, handle)
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        logger.info("listener on %s cancelled", channel)
        raise
    finally:
        await conn.remove_listener(channel, handle)


async def consume(queue: asyncio.Queue, handle) -> None:
    while True:
        job = await queue.get()
        try:
            await handle(job)
        except Exception:
            # CancelledError is a BaseException: it is not caught here and still stops the loop.
            logger.exception("job %r failed", job)
        finally:
            queue.task_done()


async def call_with_fallback(operation, fallback):
    try:
        return await operation()
    except BaseException as exc:
        if isinstance(exc, Exception):
            logger.warning("falling back after %r", exc)
            return fallback
        raise
