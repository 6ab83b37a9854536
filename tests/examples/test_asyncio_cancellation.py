"""Claims of rules/asyncio-cancellation.md, checked by running its Correct examples."""

from __future__ import annotations

import asyncio
import logging
import sys

import pytest

RULE = "asyncio-cancellation"


def other_tasks() -> set[asyncio.Task[object]]:
    return asyncio.all_tasks() - {asyncio.current_task()}


def test_cancelled_error_is_not_an_exception():
    assert issubclass(asyncio.CancelledError, BaseException)
    assert not issubclass(asyncio.CancelledError, Exception)


def test_process_all_handles_every_job_and_leaves_no_task_behind(load_rule, caplog):
    rule = load_rule(RULE)
    handled: list[str] = []

    async def handle(job: str) -> None:
        await asyncio.sleep(0)
        if job == "bad":
            raise ValueError(job)
        handled.append(job)

    async def main() -> tuple[list[str], set[asyncio.Task[object]]]:
        failed = await rule.process_all(["a", "bad", "b", "c", "d"], handle, concurrency=2)
        return failed, other_tasks()

    with caplog.at_level(logging.ERROR):
        failed, leftover = asyncio.run(main())

    assert failed == ["bad"]
    assert sorted(handled) == ["a", "b", "c", "d"]
    assert leftover == set()
    assert any(r.getMessage() == "job bad failed" for r in caplog.records)


def test_cancelling_process_all_reraises_and_stops_every_worker(load_rule):
    rule = load_rule(RULE)
    started: list[str] = []
    cleaned_up: list[str] = []

    async def handle(job: str) -> None:
        started.append(job)
        try:
            await asyncio.Event().wait()
        finally:
            cleaned_up.append(job)

    async def main() -> tuple[bool, set[asyncio.Task[object]]]:
        run = asyncio.create_task(rule.process_all(["a", "b", "c"], handle, concurrency=2))
        while len(started) < 2:
            await asyncio.sleep(0)
        run.cancel()
        await asyncio.wait([run])
        return run.cancelled(), other_tasks()

    was_cancelled, leftover = asyncio.run(main())

    assert was_cancelled
    assert sorted(cleaned_up) == ["a", "b"]
    assert leftover == set()


def test_a_timeout_around_the_workers_still_raises_timeout_error(load_rule):
    rule = load_rule(RULE)

    async def handle(job: str) -> None:
        await asyncio.Event().wait()

    async def main() -> set[asyncio.Task[object]]:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.01):
                await rule.process_all(["a", "b"], handle, concurrency=2)
        return other_tasks()

    assert asyncio.run(main()) == set()


def test_swallowing_the_cancellation_silently_disables_a_timeout():
    """The Incorrect pattern: no TimeoutError, the block simply runs past its deadline."""

    async def main() -> str:
        try:
            async with asyncio.timeout(0.01):
                try:
                    await asyncio.Event().wait()
                except asyncio.CancelledError:
                    pass
        except TimeoutError:
            return "TimeoutError"
        return "no TimeoutError"

    assert asyncio.run(main()) == "no TimeoutError"


def test_running_workers_cancels_and_awaits_its_workers(load_rule):
    rule = load_rule(RULE)
    handled: list[str] = []

    async def handle(job: str) -> None:
        await asyncio.sleep(0)
        handled.append(job)

    async def main() -> tuple[set[asyncio.Task[object]], set[asyncio.Task[object]]]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        async with rule.running_workers(queue, handle, count=3):
            for job in ("a", "b", "c", "d"):
                queue.put_nowait(job)
            await queue.join()
            during = other_tasks()
        return during, other_tasks()

    during, after = asyncio.run(main())

    assert sorted(handled) == ["a", "b", "c", "d"]
    assert len(during) == 3
    assert after == set()


def test_skip_cancels_the_step_but_not_the_task(load_rule):
    rule = load_rule(RULE)

    async def main() -> tuple[bool, int, str]:
        step = rule.SkippableStep()
        asyncio.get_running_loop().call_soon(step.skip)
        finished = await step.run(asyncio.Event().wait())
        await asyncio.sleep(0)  # the task is still usable: no CancelledError pending
        return finished, asyncio.current_task().cancelling(), "still running"

    assert asyncio.run(main()) == (False, 0, "still running")


def test_skippable_step_reraises_a_cancellation_it_did_not_request(load_rule):
    rule = load_rule(RULE)

    async def main() -> bool:
        step = rule.SkippableStep()
        task = asyncio.create_task(step.run(asyncio.Event().wait()))
        await asyncio.sleep(0)
        task.cancel()
        await asyncio.wait([task])
        return task.cancelled()

    assert asyncio.run(main()) is True


def test_skippable_step_lets_a_timeout_through(load_rule):
    rule = load_rule(RULE)

    async def main() -> None:
        async with asyncio.timeout(0.01):
            await rule.SkippableStep().run(asyncio.Event().wait())

    with pytest.raises(TimeoutError):
        asyncio.run(main())


def test_skipped_step_leaves_a_later_task_group_working(load_rule):
    rule = load_rule(RULE)

    async def fail() -> None:
        await asyncio.sleep(0)
        raise ValueError

    async def main() -> str:
        step = rule.SkippableStep()
        asyncio.get_running_loop().call_soon(step.skip)
        await step.run(asyncio.Event().wait())
        outcome = "no error"
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(fail())
        except* ValueError:
            outcome = "ExceptionGroup handled"
        await asyncio.sleep(0)
        return outcome

    assert asyncio.run(main()) == "ExceptionGroup handled"


def test_absorbing_without_uncancel_breaks_a_later_task_group_on_3_13():
    """The version note: 3.13+ re-cancels the task; 3.11/3.12 let the handled error through."""

    async def fail() -> None:
        await asyncio.sleep(0)
        raise ValueError

    async def absorbs_then_uses_a_task_group() -> str:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            pass  # absorbed without uncancel(): cancelling() stays at 1
        outcome = "no error"
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(fail())
        except* ValueError:
            outcome = "ExceptionGroup handled"
        return outcome

    async def main() -> str:
        task = asyncio.create_task(absorbs_then_uses_a_task_group())
        await asyncio.sleep(0)
        task.cancel()
        await asyncio.wait([task])
        return "task cancelled" if task.cancelled() else task.result()

    expected = "task cancelled" if sys.version_info >= (3, 13) else "ExceptionGroup handled"
    assert asyncio.run(main()) == expected


def test_uncancel_withdraws_an_undelivered_cancel_from_3_13():
    async def main() -> bool:
        task = asyncio.create_task(asyncio.sleep(0))
        task.cancel()  # not delivered yet: the task has not started
        task.uncancel()
        await asyncio.wait([task])
        return task.cancelled()

    assert asyncio.run(main()) is (sys.version_info < (3, 13))
