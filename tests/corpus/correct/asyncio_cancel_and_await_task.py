"""Cancelling a task and waiting for it to finish, as in the Task.cancel() documentation."""

import asyncio


async def cancel_me() -> None:
    print("cancel_me(): before sleep")
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        print("cancel_me(): cancel sleep")
        raise
    finally:
        print("cancel_me(): after sleep")


async def main() -> None:
    task = asyncio.create_task(cancel_me())
    await asyncio.sleep(1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main(): cancel_me is cancelled now")


if __name__ == "__main__":
    asyncio.run(main())
