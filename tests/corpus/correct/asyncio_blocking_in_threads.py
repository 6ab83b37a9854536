"""Blocking work moved off the event loop with asyncio.to_thread and run_in_executor."""

import asyncio
import hashlib
import time
from pathlib import Path


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


async def digest_all(paths: list[Path]) -> dict[Path, str]:
    async with asyncio.TaskGroup() as tg:
        tasks = {path: tg.create_task(asyncio.to_thread(file_digest, path)) for path in paths}
    return {path: task.result() for path, task in tasks.items()}


async def throttled_legacy_call(legacy_client, payload: dict) -> dict:
    def call_and_pause() -> dict:
        result = legacy_client.submit(payload)
        time.sleep(0.2)  # the legacy API allows five calls a second; this runs in a worker thread
        return result

    return await asyncio.to_thread(call_and_pause)


async def pause_in_executor(seconds: float) -> None:
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, time.sleep, seconds)
