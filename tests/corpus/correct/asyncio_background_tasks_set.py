"""Long-lived background tasks kept in a set, as the asyncio docs recommend."""

import asyncio

background_tasks: set[asyncio.Task] = set()


async def send_receipt(order_id: int) -> None:
    await asyncio.sleep(0.1)


def schedule_receipt(order_id: int) -> asyncio.Task:
    task = asyncio.create_task(send_receipt(order_id))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    return task


async def place_order(order_id: int) -> None:
    schedule_receipt(order_id)
    background_tasks.add(asyncio.create_task(send_receipt(order_id + 1)))


async def shutdown() -> None:
    for task in background_tasks:
        task.cancel()
    await asyncio.gather(*background_tasks, return_exceptions=True)
