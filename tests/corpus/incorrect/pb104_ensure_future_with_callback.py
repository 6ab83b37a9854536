import asyncio
import logging

logger = logging.getLogger(__name__)


def log_outcome(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("audit write failed", exc_info=task.exception())


async def record_audit(store, event: dict) -> None:
    await store.write(event)


async def handle(store, event: dict) -> None:
    asyncio.ensure_future(record_audit(store, event)).add_done_callback(log_outcome)
