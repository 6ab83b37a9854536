"""Claims of rules/asyncio-bounded-concurrency.md, checked by running its Correct examples."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import os
import weakref

import anyio
import anyio.to_thread
import httpx
import pytest

RULE = "asyncio-bounded-concurrency"


async def wait_forever() -> None:
    # The future is referenced only by this coroutine's frame: nothing outside keeps the task alive.
    await asyncio.get_running_loop().create_future()


def test_get_rate_retries_with_a_non_blocking_backoff(load_rule):
    rule = load_rule(RULE)
    statuses = [503, 200]

    def respond(request: httpx.Request) -> httpx.Response:
        status = statuses.pop(0)
        return httpx.Response(status, json={"rate": "1.25"} if status == 200 else {})

    async def main() -> float:
        async with httpx.AsyncClient(transport=httpx.MockTransport(respond)) as client:
            return await rule.get_rate(client, "EUR")

    assert asyncio.run(main()) == 1.25
    assert statuses == []


def test_fetch_bounded_never_exceeds_the_limit_and_keeps_order(load_rule):
    rule = load_rule(RULE)
    running = 0
    peak = 0

    async def fetch_one(item_id: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        for _ in range(3):
            await asyncio.sleep(0)
        running -= 1
        return item_id * 2

    result = asyncio.run(rule.fetch_bounded(range(20), fetch_one, limit=3))

    assert result == [i * 2 for i in range(20)]
    assert peak == 3


def test_to_thread_keeps_the_loop_running_while_hashing(load_rule):
    rule = load_rule(RULE)
    salt = b"0123456789abcdef"

    async def ticks_during(work) -> int:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0)
        ticks = 0
        result = await work()
        ticker.cancel()
        await asyncio.wait([ticker])
        assert result == hashlib.scrypt(b"s3cret", salt=salt, n=2**14, r=8, p=1)
        return ticks

    async def in_thread() -> bytes:
        return await rule.hash_password("s3cret", salt)

    async def on_the_loop() -> bytes:
        return rule._scrypt(b"s3cret", salt)  # what a direct call inside async def does

    assert asyncio.run(ticks_during(in_thread)) > 10
    assert asyncio.run(ticks_during(on_the_loop)) == 0


def test_a_bare_task_can_be_garbage_collected_before_it_finishes():
    async def main() -> bool:
        ref = weakref.ref(asyncio.create_task(wait_forever()))
        await asyncio.sleep(0)
        gc.collect()
        return ref() is None

    assert asyncio.run(main()) is True


def test_background_jobs_keep_tasks_alive_and_cancel_them_on_close(load_rule):
    rule = load_rule(RULE)

    async def main() -> tuple[bool, bool, set[asyncio.Task[object]]]:
        jobs = rule.BackgroundJobs()
        ref = weakref.ref(jobs.spawn(wait_forever()))
        await asyncio.sleep(0)
        gc.collect()
        alive = ref() is not None
        await jobs.aclose()
        cancelled = ref() is None or ref().cancelled()
        return alive, cancelled, asyncio.all_tasks() - {asyncio.current_task()}

    alive, cancelled, leftover = asyncio.run(main())

    assert alive
    assert cancelled
    assert leftover == set()


def test_background_jobs_log_a_failed_job(load_rule, caplog):
    rule = load_rule(RULE)

    async def send_email() -> None:
        raise ConnectionError("smtp down")

    async def main() -> None:
        jobs = rule.BackgroundJobs()
        task = jobs.spawn(send_email())
        await asyncio.wait([task])
        await asyncio.sleep(0)  # let the done callback run
        await jobs.aclose()

    with caplog.at_level(logging.ERROR):
        asyncio.run(main())

    [record] = [r for r in caplog.records if r.getMessage() == "background job failed"]
    assert isinstance(record.exc_info[1], ConnectionError)


def test_default_executor_size_is_min_32_cpu_plus_4():
    async def main() -> int:
        await asyncio.to_thread(int)
        return asyncio.get_running_loop()._default_executor._max_workers

    cpus = getattr(os, "process_cpu_count", os.cpu_count)() or 1
    assert asyncio.run(main()) == min(32, cpus + 4)


def test_fastapi_sync_endpoints_share_anyio_40_thread_limiter():
    async def main() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert anyio.run(main) == 40


def test_a_semaphore_binds_to_the_first_loop_that_waits_on_it():
    semaphore = asyncio.Semaphore(1)

    async def contend() -> None:
        async def hold() -> None:
            async with semaphore:
                await asyncio.sleep(0)

        await asyncio.gather(hold(), hold())

    asyncio.run(contend())
    with pytest.raises(RuntimeError, match="bound to a different event loop"):
        asyncio.run(contend())
