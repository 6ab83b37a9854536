"""Claims of rules/asyncio-structured-concurrency.md, checked by running its Correct examples."""

from __future__ import annotations

import asyncio
import functools
import sys

import pytest

RULE = "asyncio-structured-concurrency"


async def hang(log: list[str], name: str) -> None:
    """Wait forever; record whether the wait ended by cancellation."""
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise


def test_task_group_returns_every_result(load_rule):
    rule = load_rule(RULE)

    assert asyncio.run(rule.load_dashboard(7)) == ({"id": 7}, [70, 71])


def test_failing_child_cancels_its_sibling_and_raises_an_exception_group(load_rule, monkeypatch):
    rule = load_rule(RULE)
    log: list[str] = []

    async def broken_profile(user_id: int) -> dict[str, int]:
        await asyncio.sleep(0)
        raise ConnectionError("profile service down")

    monkeypatch.setattr(rule, "fetch_profile", broken_profile)
    monkeypatch.setattr(rule, "fetch_orders", lambda user_id: hang(log, "orders"))

    with pytest.raises(ExceptionGroup) as caught:
        asyncio.run(rule.load_dashboard(7))

    assert [type(e) for e in caught.value.exceptions] == [ConnectionError]
    assert log == ["orders cancelled"]


def test_gather_leaves_the_sibling_running_after_the_first_error():
    """The contrast the rule draws: gather raises, but does not cancel the other awaitable."""
    log: list[str] = []

    async def main() -> bool:
        async def broken() -> None:
            await asyncio.sleep(0)
            raise ConnectionError

        sibling = asyncio.ensure_future(hang(log, "sibling"))
        with pytest.raises(ConnectionError):
            await asyncio.gather(broken(), sibling)
        still_running = not sibling.done()
        sibling.cancel()
        await asyncio.wait([sibling])
        return still_running

    assert asyncio.run(main()) is True
    assert log == ["sibling cancelled"]  # only by the explicit cleanup above


def test_timeout_raises_the_builtin_timeout_error(load_rule, monkeypatch):
    rule = load_rule(RULE)
    log: list[str] = []
    monkeypatch.setattr(rule, "fetch_orders", lambda user_id: hang(log, "orders"))

    with pytest.raises(TimeoutError) as caught:
        asyncio.run(rule.load_dashboard(7, deadline=0.01))

    assert type(caught.value) is TimeoutError
    assert asyncio.TimeoutError is TimeoutError
    assert log == ["orders cancelled"]


def test_except_star_handles_a_group_and_a_bare_timeout(load_rule, monkeypatch):
    rule = load_rule(RULE)

    async def broken_profile(user_id: int) -> dict[str, int]:
        raise ConnectionError

    with monkeypatch.context() as patch:
        patch.setattr(rule, "fetch_profile", broken_profile)
        assert asyncio.run(rule.load_dashboard_or_none(7)) is None

    monkeypatch.setattr(rule, "fetch_orders", lambda user_id: hang([], "orders"))
    monkeypatch.setattr(rule, "load_dashboard", functools.partial(rule.load_dashboard, deadline=0.01))
    assert asyncio.run(rule.load_dashboard_or_none(7)) is None


def test_gather_with_return_exceptions_collects_every_outcome(load_rule):
    rule = load_rule(RULE)
    finished: list[str] = []

    async def healthy() -> str:
        await asyncio.sleep(0)
        finished.append("db")
        return "pong"

    async def down() -> str:
        raise ConnectionError("refused")

    async def slow() -> str:
        for _ in range(5):
            await asyncio.sleep(0)
        finished.append("queue")
        return "pong"

    probes = {"db": healthy, "cache": down, "queue": slow}
    report = asyncio.run(rule.check_backends(probes))

    assert report == {"db": "ok", "cache": "error: ConnectionError('refused')", "queue": "ok"}
    assert sorted(finished) == ["db", "queue"]  # the failure cancelled nobody


def test_reschedule_extends_the_deadline_while_items_keep_arriving(load_rule):
    rule = load_rule(RULE)
    idle = 0.25

    async def main() -> list[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()

        async def produce() -> None:
            # 15 items 0.02 s apart: longer in total than `idle`, every gap far shorter than it.
            for i in range(15):
                await queue.put(f"item-{i}")
                await asyncio.sleep(0.02)

        async with asyncio.TaskGroup() as tg:
            tg.create_task(produce())
            items = await rule.collect_until_idle(queue, idle)
        return items

    assert asyncio.run(main()) == [f"item-{i}" for i in range(15)]


def test_private_exception_stops_the_group_at_the_first_answer(load_rule):
    rule = load_rule(RULE)
    log: list[str] = []

    async def fast() -> str:
        await asyncio.sleep(0)
        return "from fast replica"

    async def main() -> tuple[str, set[asyncio.Task[object]]]:
        answer = await rule.first_answer(
            [lambda: hang(log, "a"), fast, lambda: hang(log, "b")]
        )
        return answer, asyncio.all_tasks() - {asyncio.current_task()}

    answer, leftover = asyncio.run(main())

    assert answer == "from fast replica"
    assert sorted(log) == ["a cancelled", "b cancelled"]
    assert leftover == set()


def test_task_group_cancel_only_exists_from_python_3_15():
    assert hasattr(asyncio.TaskGroup, "cancel") is (sys.version_info >= (3, 15))


def test_poll_events_yields_every_event_outside_the_deadline(load_rule):
    rule = load_rule(RULE)
    batches = [["a", "b"], ["c"], []]

    async def fetch() -> list[str]:
        await asyncio.sleep(0)
        return batches.pop(0)

    async def main() -> list[str]:
        return [event async for event in rule.poll_events(fetch, per_fetch=1.0)]

    assert asyncio.run(main()) == ["a", "b", "c"]


def test_poll_events_deadline_reaches_the_consumer_as_timeout_error(load_rule):
    rule = load_rule(RULE)

    async def main() -> list[str]:
        return [event async for event in rule.poll_events(lambda: hang([], "fetch"), per_fetch=0.01)]

    with pytest.raises(TimeoutError):
        asyncio.run(main())


def test_yield_inside_a_timeout_cancels_the_consumer_instead():
    """The Incorrect pattern: the consumer gets a CancelledError, never the TimeoutError."""

    async def stream_events():
        async with asyncio.timeout(0.01):
            for event in ("a", "b"):
                yield event

    async def consume() -> str:
        try:
            async for _ in stream_events():
                await asyncio.Event().wait()  # consumer work outlasting the generator's deadline
        except TimeoutError:
            return "TimeoutError"
        return "finished"

    async def main() -> str:
        task = asyncio.create_task(consume())
        try:
            return await task
        except asyncio.CancelledError:
            return "consumer cancelled"

    assert asyncio.run(main()) == "consumer cancelled"
