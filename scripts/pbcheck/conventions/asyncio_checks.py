"""Convention checks: asyncio (PB1xx)."""

from __future__ import annotations

import ast

from ..registry import define
from .engine import Context, is_constant, kwarg, on

ASYNCIO_TASK_GROUPS = ("asyncio task groups", "https://docs.python.org/3/library/asyncio-task.html#task-groups")

GATHER = define(
    "PB101", "gather-instead-of-task-group",
    "`asyncio.gather()` leaves sibling tasks running when one fails; use `asyncio.TaskGroup`",
    what="Reports `asyncio.gather(...)` calls that do not pass `return_exceptions=True`.",
    why="When one awaitable raises, `gather` propagates the first exception but does not cancel the "
    "others: they keep running unobserved, holding connections, and their errors are lost. "
    "`asyncio.TaskGroup` (Python 3.11+) cancels the remaining tasks and raises every error in an "
    "`ExceptionGroup`. `gather(..., return_exceptions=True)` is not reported: it is the tool for "
    "collecting every outcome, failures included.",
    example="""
async def load_dashboard(user_id):
    profile, orders = await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))
    return profile, orders
""",
    use_instead="""
async def load_dashboard(user_id):
    async with asyncio.TaskGroup() as tg:
        profile = tg.create_task(fetch_profile(user_id))
        orders = tg.create_task(fetch_orders(user_id))
    return profile.result(), orders.result()
""",
    references=(ASYNCIO_TASK_GROUPS, ("asyncio.gather", "https://docs.python.org/3/library/asyncio-task.html#asyncio.gather")),
)


@on(ast.Call)
def _gather(node: ast.Call, ctx: Context) -> None:
    if ctx.call_matches(node, "asyncio.gather") and not is_constant(kwarg(node, "return_exceptions"), True):
        ctx.report(GATHER, node)
