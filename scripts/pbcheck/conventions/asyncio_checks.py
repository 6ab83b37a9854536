"""Convention checks: asyncio (PB1xx)."""

from __future__ import annotations

import ast

from ..registry import define
from .engine import Context, dotted, is_constant, kwarg, on, per_module
from .flow import RAISE, Exits

ASYNCIO_TASKS = "https://docs.python.org/3/library/asyncio-task.html"
ASYNCIO_TASK_GROUPS = ("asyncio task groups", f"{ASYNCIO_TASKS}#task-groups")

# -- PB101 --------------------------------------------------------------------------------------

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
    references=(ASYNCIO_TASK_GROUPS, ("asyncio.gather", f"{ASYNCIO_TASKS}#asyncio.gather")),
)


@on(ast.Call)
def _gather(node: ast.Call, ctx: Context) -> None:
    if ctx.call_matches(node, "asyncio.gather") and not is_constant(kwarg(node, "return_exceptions"), True):
        ctx.report(GATHER, node)


# -- PB102 --------------------------------------------------------------------------------------

CANCELLATION_SWALLOWED = define(
    "PB102", "cancellation-swallowed",
    "`{clause}` in `async def {function}` swallows cancellation: a path leaves the handler without "
    "`raise`; re-raise after clean-up",
    what="Reports, inside an `async def`, an `except asyncio.CancelledError` (alone or in a tuple), "
    "`except BaseException` or bare `except:` handler with a path that leaves it without `raise`: "
    "falling off the end, `return`, `break` or `continue`.\n\n"
    "Not reported: a handler whose `try` body cannot suspend (no `await`, `async for` or `async with`: "
    "the task's own cancellation is only delivered at those points); a handler after an "
    "`except asyncio.CancelledError` of the same `try` (that one takes the cancellation); a handler "
    "that calls `.uncancel()` (the documented way to absorb a cancellation on purpose); a handler "
    "whose `try` body only awaits an existing task (`await task` after `task.cancel()`, the pattern of "
    "the `Task.cancel()` docs); a branch guarded by `isinstance(exc, Exception)` or its negation, which "
    "a `CancelledError` never takes; handlers in a sync `def` nested in an `async def`.\n\n"
    "A `raise` of another exception (`raise TimeoutError from exc`) counts as re-raising: the task "
    "still ends with an error, and converting a cancellation the code requested itself is how "
    "`asyncio.wait_for` implements timeouts. It does lose `Task.cancelled()`, so convert only "
    "cancellations your own code asked for.",
    why="`asyncio.CancelledError` is how a task is told to stop. `asyncio.TaskGroup` and "
    "`asyncio.timeout()` cancel tasks and expect the `CancelledError` to come back to them; a coroutine "
    "that swallows it keeps running after a timeout fired or after a sibling failed, the timeout never "
    "becomes `TimeoutError`, and shutdown waits on a task that refuses to end. `CancelledError` derives "
    "from `BaseException`, so `except Exception` does not catch it and is not reported.",
    example="""
async def consume(queue):
    while True:
        item = await queue.get()
        try:
            await handle(item)
        except asyncio.CancelledError:
            log.info("consumer stopped")
            break
""",
    use_instead="""
async def consume(queue):
    while True:
        item = await queue.get()
        try:
            await handle(item)
        except asyncio.CancelledError:
            log.info("consumer stopped")
            raise
""",
    references=(
        ("asyncio task cancellation", f"{ASYNCIO_TASKS}#task-cancellation"),
        ("asyncio.Task.uncancel", f"{ASYNCIO_TASKS}#asyncio.Task.uncancel"),
    ),
)

CANCELLED_ERRORS = ("asyncio.CancelledError", "asyncio.exceptions.CancelledError")


def _is_cancellation_class(ctx: Context, expr: ast.AST) -> bool:
    """Whether a `CancelledError` is an instance of the class `expr` names."""
    # An unresolved bare `CancelledError` (import-less snippet) means asyncio's.
    return ctx.qualname(expr) in ("BaseException", "builtins.BaseException", "CancelledError") or ctx.matches(
        expr, *CANCELLED_ERRORS
    )


def _handler_classes(handler: ast.ExceptHandler) -> list[ast.expr]:
    if handler.type is None:
        return []
    return handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]


def _catches_cancellation(ctx: Context, handler: ast.ExceptHandler) -> bool:
    return handler.type is None or any(_is_cancellation_class(ctx, c) for c in _handler_classes(handler))


def _names_cancelled_error(ctx: Context, handler: ast.ExceptHandler) -> bool:
    """``except asyncio.CancelledError`` itself, not a base class that also catches it."""
    return any(
        ctx.qualname(c) == "CancelledError" or ctx.matches(c, *CANCELLED_ERRORS) for c in _handler_classes(handler)
    )


def _isinstance_test(ctx: Context, exc_name: str | None, test: ast.expr) -> bool | None:
    """The value of ``isinstance(<caught exception>, ...)`` (or its negation) for a `CancelledError`."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _isinstance_test(ctx, exc_name, test.operand)
        return None if inner is None else not inner
    if not (
        exc_name
        and isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "isinstance"
        and len(test.args) == 2
        and isinstance(test.args[0], ast.Name)
        and test.args[0].id == exc_name
    ):
        return None
    classes = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
    return any(_is_cancellation_class(ctx, c) for c in classes)




def _calls_uncancel(handler: ast.ExceptHandler) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "uncancel"
        for stmt in handler.body
        for n in ast.walk(stmt)
    )


def _suspends(stmts: list[ast.stmt]) -> bool:
    """Whether the statements can suspend the task (the only places a cancellation is delivered)."""
    pending: list[ast.AST] = list(stmts)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Await, ast.AsyncFor, ast.AsyncWith)) or getattr(node, "is_async", 0):
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))
    return False


def _only_awaits_existing_task(body: list[ast.stmt]) -> bool:
    """``try: await task`` — the CancelledError comes from a task this code cancelled."""

    def awaits_reference(value: ast.expr | None) -> bool:
        return isinstance(value, ast.Await) and isinstance(value.value, (ast.Name, ast.Attribute))

    return all(isinstance(s, (ast.Expr, ast.Assign, ast.AnnAssign)) and awaits_reference(s.value) for s in body)


@on(ast.ExceptHandler)
def _cancellation_swallowed(node: ast.ExceptHandler, ctx: Context) -> None:
    if not ctx.in_async or not _catches_cancellation(ctx, node) or _calls_uncancel(node):
        return
    parent = ctx.parents[-1] if ctx.parents else None
    if isinstance(parent, (ast.Try, ast.TryStar)):
        earlier = parent.handlers[: parent.handlers.index(node)]
        if (
            not _suspends(parent.body)  # e.g. `task.result()` of a cancelled task: not this task's cancellation
            or _only_awaits_existing_task(parent.body)  # a cancellation this code requested
            or any(_names_cancelled_error(ctx, h) for h in earlier)  # an earlier handler takes it
        ):
            return
    if Exits(ctx, lambda test: _isinstance_test(ctx, node.name, test)).block(node.body) - {RAISE}:
        clause = "except:" if node.type is None else f"except {ast.unparse(node.type)}"
        ctx.report(CANCELLATION_SWALLOWED, node, clause=clause, function=ctx.frame.name)


# -- PB103 --------------------------------------------------------------------------------------

BLOCKING_CALL = define(
    "PB103", "blocking-call-in-async-function",
    "`{call}()` blocks the event loop inside `async def {function}`; use {alternative}",
    what="Reports blocking calls made directly in an `async def` body: `time.sleep`, the `requests` "
    "functions and `requests.Session` methods, `urllib.request.urlopen`, `subprocess.run`/`call`/"
    "`check_call`/`check_output`/`Popen`, `os.system`, the `httpx`/`httpx2` module functions and sync "
    "`Client` methods, and `input()`.\n\n"
    "Calls in a nested sync `def` or `lambda` are not reported (they run wherever they are called), nor "
    "is a function passed by reference, as in `await asyncio.to_thread(time.sleep, 1)` or "
    "`loop.run_in_executor(None, requests.get, url)`. A client method call that is awaited is taken to "
    "be an async client's and is not reported.",
    why="A coroutine runs on the event loop's only thread. A blocking call stops every other task of "
    "the process for its whole duration: requests queue up, timeouts fire late, and health checks fail "
    "under load even though CPU use is low. Use the async equivalent, or move the call to a worker "
    "thread with `asyncio.to_thread()`.",
    example="""
async def wait_for_service(url):
    for _ in range(10):
        if requests.get(url, timeout=5).ok:
            return
        time.sleep(1)
""",
    use_instead="""
async def wait_for_service(client, url):
    for _ in range(10):
        if (await client.get(url)).is_success:
            return
        await asyncio.sleep(1)
""",
    references=(
        ("Developing with asyncio: running blocking code",
         "https://docs.python.org/3/library/asyncio-dev.html#running-blocking-code"),
        ("asyncio.to_thread", f"{ASYNCIO_TASKS}#asyncio.to_thread"),
        ("asyncio subprocesses", "https://docs.python.org/3/library/asyncio-subprocess.html"),
        ("HTTPX: async support", "https://www.python-httpx.org/async/"),
    ),
)

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
REQUESTS_ALTERNATIVE = "an async client (`httpx.AsyncClient`, `aiohttp.ClientSession`) or `asyncio.to_thread()`"
BLOCKING_FUNCTIONS: dict[str, str] = {
    "time.sleep": "`await asyncio.sleep(...)`",
    "urllib.request.urlopen": REQUESTS_ALTERNATIVE,
    "os.system": "`await asyncio.create_subprocess_shell(...)`",
    **{f"subprocess.{f}": "`await asyncio.create_subprocess_exec(...)`"
       for f in ("run", "call", "check_call", "check_output", "Popen")},
    **{f"requests.{verb}": REQUESTS_ALTERNATIVE for verb in HTTP_VERBS},
    **{f"{lib}.{verb}": f"`{lib}.AsyncClient`" for lib in ("httpx", "httpx2") for verb in (*HTTP_VERBS, "stream")},
}
# Sync client classes whose instances' HTTP methods block, and what to use instead.
SYNC_CLIENTS: dict[str, str] = {
    "requests.Session": REQUESTS_ALTERNATIVE,
    "requests.session": REQUESTS_ALTERNATIVE,
    "httpx.Client": "`httpx.AsyncClient`",
    "httpx2.Client": "`httpx2.AsyncClient`",
}
CLIENT_METHODS = frozenset({*HTTP_VERBS, "send", "stream"})
LOOP_GETTERS = ("asyncio.get_running_loop", "asyncio.get_event_loop", "asyncio.new_event_loop")
LOOP = "event loop"


def _factory_kind(ctx: Context, value: ast.AST | None) -> str | None:
    """What a call creates when it is a sync HTTP client (its class name) or an event loop."""
    if not isinstance(value, ast.Call):
        return None
    if ctx.call_matches(value, *LOOP_GETTERS):
        return LOOP
    return next((cls for cls in SYNC_CLIENTS if ctx.call_matches(value, cls)), None)


@per_module
def _bindings(ctx: Context) -> dict[ast.AST | None, dict[str, str]]:
    """Names bound to a sync HTTP client or an event loop, per scope.

    Keys are function nodes (locals), the module (globals), and None for attributes such as
    ``self.client``, which any method of the module may read.
    """
    found: dict[ast.AST | None, dict[str, str]] = {}

    def bind(scope: ast.AST, target: ast.AST | None, value: ast.AST | None) -> None:
        kind = _factory_kind(ctx, value)
        name = dotted(target) if target is not None else None
        if kind and name:
            found.setdefault(scope if isinstance(target, ast.Name) else None, {})[name] = kind

    def scan(node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Assign):
                for target in child.targets:
                    bind(scope, target, child.value)
            elif isinstance(child, ast.AnnAssign):
                bind(scope, child.target, child.value)
            elif isinstance(child, ast.withitem):
                bind(scope, child.optional_vars, child.context_expr)
            is_function = isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            scan(child, child if is_function else scope)

    scan(ctx.tree, ctx.tree)
    return found


def _bound_kind(ctx: Context, expr: ast.AST) -> str | None:
    """What `expr` holds, when it is a direct factory call or a name bound to one."""
    kind = _factory_kind(ctx, expr)
    name = dotted(expr)
    if kind or name is None:
        return kind
    scopes = _bindings(ctx)
    if not isinstance(expr, ast.Name):
        return scopes.get(None, {}).get(name)
    local = scopes.get(ctx.frame.node, {}).get(name)
    return local or scopes.get(ctx.tree, {}).get(name)


def _blocking_alternative(node: ast.Call, ctx: Context) -> str | None:
    func = node.func
    # Exact names: `self.requests.get(...)` is some attribute, not the requests module.
    name = ctx.qualname(func)
    if name in BLOCKING_FUNCTIONS:
        return BLOCKING_FUNCTIONS[name]
    if isinstance(func, ast.Name) and name == "input":
        return "`await asyncio.to_thread(input, prompt)`"
    if isinstance(func, ast.Attribute) and func.attr in CLIENT_METHODS:
        kind = _bound_kind(ctx, func.value)
        if kind in SYNC_CLIENTS:
            return f"{SYNC_CLIENTS[kind]} instead of a sync `{kind}`"
    return None


@on(ast.Call)
def _blocking_call(node: ast.Call, ctx: Context) -> None:
    if not ctx.in_async or (ctx.parents and isinstance(ctx.parents[-1], ast.Await)):
        return
    alternative = _blocking_alternative(node, ctx)
    if alternative:
        call = dotted(node.func) or ast.unparse(node.func)
        ctx.report(BLOCKING_CALL, node, call=call, function=ctx.frame.name, alternative=alternative)


# -- PB104 --------------------------------------------------------------------------------------

FIRE_AND_FORGET = define(
    "PB104", "fire-and-forget-task",
    "the task from `{call}(...)` is dropped: it can be garbage-collected before it finishes and its "
    "exception is never seen; {advice}",
    what="Reports `asyncio.create_task(...)`, `asyncio.ensure_future(...)` and `loop.create_task(...)` "
    "(a receiver named like `loop`, `asyncio.get_running_loop()`, or a name bound to it) used as a bare "
    "statement, so the returned task is not kept anywhere. Chaining `.add_done_callback(...)` onto the "
    "call does not keep it either.\n\n"
    "Not reported: `tg.create_task(...)` on a task group (the group owns its tasks), and any task kept "
    "in a variable, attribute or collection (`background.add(asyncio.create_task(...))`).",
    why="The event loop keeps only weak references to tasks. A task nobody references may be "
    "garbage-collected while it waits, and when it fails, its exception is only logged as \"Task "
    "exception was never retrieved\", if at all. Nothing waits for it at shutdown either. "
    "`asyncio.TaskGroup` owns its tasks, waits for them and raises their errors; for long-lived "
    "background work, keep the task in a set and discard it when done, as the asyncio docs show.",
    example="""
async def place_order(order):
    await save(order)
    asyncio.create_task(send_confirmation(order))
""",
    use_instead="""
background_tasks = set()


async def place_order(order):
    await save(order)
    task = asyncio.create_task(send_confirmation(order))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
""",
    references=(("asyncio.create_task", f"{ASYNCIO_TASKS}#asyncio.create_task"), ASYNCIO_TASK_GROUPS),
)

TASK_SPAWNERS = ("asyncio.create_task", "asyncio.ensure_future")


def _spawns_task(call: ast.Call, ctx: Context) -> bool:
    if ctx.call_matches(call, *TASK_SPAWNERS):
        return True
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "create_task"):
        return False
    receiver = call.func.value
    name = dotted(receiver)
    if name is not None and ctx.in_task_group(name):
        return False
    named_like_loop = name is not None and name.rsplit(".", 1)[-1].lower().endswith("loop")
    return named_like_loop or _bound_kind(ctx, receiver) == LOOP


@on(ast.Expr)
def _fire_and_forget(node: ast.Expr, ctx: Context) -> None:
    call = node.value
    if not isinstance(call, ast.Call):
        return
    if isinstance(call.func, ast.Attribute) and call.func.attr == "add_done_callback":
        call = call.func.value
    if not isinstance(call, ast.Call) or not _spawns_task(call, ctx):
        return
    groups = sorted(set().union(*(f.task_groups for f in ctx.frames)))
    if groups:
        advice = f"create it with `{groups[0]}.create_task(...)` so the task group owns it"
    else:
        advice = "run it in an `asyncio.TaskGroup`, or keep a reference until it is done"
    ctx.report(FIRE_AND_FORGET, node, call=dotted(call.func) or ast.unparse(call.func), advice=advice)


# -- PB105 --------------------------------------------------------------------------------------

YIELD_IN_CANCEL_SCOPE = define(
    "PB105", "yield-inside-cancel-scope",
    "`yield` inside `async with {scope}` in async generator `{function}`: the consumer's code runs "
    "inside the cancel scope, which then cancels the wrong task; yield outside it, or make "
    "`{function}` an `@asynccontextmanager`",
    what="Reports `yield` inside `async with asyncio.timeout(...)`, `asyncio.timeout_at(...)` or "
    "`asyncio.TaskGroup()` in an async generator.\n\n"
    "Not reported in functions decorated with `@asynccontextmanager`, FastAPI dependencies (functions "
    "passed to `Depends(...)` or `Security(...)`) and lifespans: these are driven as context managers, "
    "enter and exit in one task, and this is their documented pattern.",
    why="`asyncio.timeout()` and `TaskGroup` work by cancelling the task that entered them. An async "
    "generator suspended at `yield` gives control to its consumer, so a timeout that expires then cancels "
    "the consumer at whatever it is awaiting, and the consumer sees a bare `CancelledError` instead of "
    "`TimeoutError`. Likewise a failing child of the group cancels consumer code that never belonged to "
    "it. PEP 789 describes the problem; Python 3.11-3.14 do not prevent it.",
    example="""
async def ticks(interval):
    async with asyncio.timeout(60):
        while True:
            await asyncio.sleep(interval)
            yield time.monotonic()
""",
    use_instead="""
async def ticks(interval):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        await asyncio.sleep(interval)
        yield time.monotonic()
""",
    references=(
        ("PEP 789: preventing task-cancellation bugs by limiting yield in async generators",
         "https://peps.python.org/pep-0789/"),
        ("contextlib.asynccontextmanager", "https://docs.python.org/3/library/contextlib.html#contextlib.asynccontextmanager"),
        ("FastAPI: dependencies with yield", "https://fastapi.tiangolo.com/tutorial/dependencies/dependencies-with-yield/"),
    ),
)

CANCEL_SCOPES = ("asyncio.timeout", "asyncio.timeout_at", "asyncio.TaskGroup")


@on(ast.Yield)
def _yield_in_cancel_scope(node: ast.Yield, ctx: Context) -> None:
    frame = ctx.frame
    if not frame.is_async or frame.is_context_manager or frame.is_dependency or frame.is_lifespan:
        return
    for item in ctx.enclosing_withs():
        if ctx.call_matches(item.context_expr, *CANCEL_SCOPES):
            scope = ast.unparse(item.context_expr)
            ctx.report(YIELD_IN_CANCEL_SCOPE, node, scope=scope, function=frame.name)
            return
