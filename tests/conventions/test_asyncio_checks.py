"""PB1xx asyncio conventions: flagged cases, clean near-misses."""

from __future__ import annotations

import pytest

from .helpers import flagged


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("async def f():\n    a, b = await asyncio.gather(x(), y())\n", 2),
        ("import asyncio as aio\nasync def f():\n    await aio.gather(x(), y())\n", 3),
        ("from asyncio import gather as g\nasync def f():\n    await g(x(), return_exceptions=False)\n", 3),
    ],
)
def test_gather_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB101") == [line]


@pytest.mark.parametrize(
    "source",
    [
        "async def f():\n    await asyncio.gather(x(), y(), return_exceptions=True)\n",
        "async def f():\n    await gather(x(), y())\n",  # unknown origin: not asyncio's
        "import trio\nasync def f():\n    await trio.gather(x())\n",
        "async def f():\n    await asyncio.gather(x())  # noqa: PB101\n",
    ],
)
def test_gather_near_misses(source: str) -> None:
    assert flagged(source, "PB101") == []


def test_bare_noqa_does_not_silence() -> None:
    assert flagged("async def f():\n    await asyncio.gather(x())  # noqa\n", "PB101") == [2]
