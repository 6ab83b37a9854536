"""Convention checks: pooling (PB4xx).

Engines, connection pools and HTTP clients are built to live as long as the application: created once
in the lifespan, closed after its ``yield``, configured to notice dead connections and slow peers, and
never held across a slow external call.
"""

from __future__ import annotations

import ast

from ..registry import define
from .engine import Context, dotted, is_constant, is_route_handler, kwarg, on, per_module

# Constructors of pooled, long-lived resources (`Context.matches` targets).
ENGINE = "create_async_engine"
ASYNCPG_POOL = "asyncpg.create_pool"
AIOHTTP_SESSION = ("aiohttp.ClientSession", "aiohttp.client.ClientSession")
HTTP_CLIENTS = (*AIOHTTP_SESSION, "httpx.AsyncClient", "httpx.Client", "httpx2.AsyncClient", "httpx2.Client")
RESOURCES = (ENGINE, ASYNCPG_POOL, *HTTP_CLIENTS)

FASTAPI_LIFESPAN = ("FastAPI lifespan events", "https://fastapi.tiangolo.com/advanced/events/")
AIOHTTP_SESSION_DOC = ("aiohttp ClientSession", "https://docs.aiohttp.org/en/stable/client_reference.html#client-session")
HTTPX_CLIENTS = ("HTTPX clients", "https://www.python-httpx.org/advanced/clients/")
ASYNCPG_POOLS = ("asyncpg connection pools", "https://magicstack.github.io/asyncpg/current/usage.html#connection-pools")
SQLALCHEMY_ASYNCIO = ("SQLAlchemy asyncio extension", "https://docs.sqlalchemy.org/en/21/orm/extensions/asyncio.html")


def _resource(ctx: Context, call: ast.AST) -> str | None:
    """The constructor `call` invokes, if it builds an engine, a pool or an HTTP client."""
    if isinstance(call, ast.Call):
        for target in RESOURCES:
            if ctx.matches(call.func, target):
                return target
    return None


def _consumer(ctx: Context) -> tuple[ast.AST | None, int]:
    """The nearest ancestor of the current node that is not an ``await``, and its index in `ctx.parents`."""
    for index in range(len(ctx.parents) - 1, -1, -1):
        if not isinstance(ctx.parents[index], ast.Await):
            return ctx.parents[index], index
    return None, -1


def _assigned_to(ctx: Context) -> list[str]:
    """The dotted names the current node's value is bound to (``x = ...``, ``app.state.x = ...``)."""
    parent, _ = _consumer(ctx)
    if isinstance(parent, ast.Assign):
        targets: list[ast.expr] = parent.targets
    elif isinstance(parent, (ast.AnnAssign, ast.NamedExpr)):
        targets = [parent.target]
    else:
        return []
    return [name for target in targets if (name := dotted(target))]


# -- PB401 -------------------------------------------------------------------------------------

PER_REQUEST = define(
    "PB401", "pool-created-per-request",
    "`{resource}` in {where} `{function}` builds a new pool on every request; create it once in the lifespan "
    "and reuse it",
    what="Reports an engine (`create_async_engine`), an asyncpg pool (`asyncpg.create_pool`) or an HTTP client "
    "(`aiohttp.ClientSession`, `httpx.AsyncClient`, `httpx.Client` and their `httpx2` twins) created inside a "
    "function that runs once per request:\n\n"
    "- a route handler (a function decorated with `@app.get(...)`, `@router.post(...)`, ...);\n"
    "- a FastAPI dependency (a function passed to `Depends(...)` or `Security(...)`);\n"
    "- a module-level function that a route handler or dependency of the same module refers to, directly or "
    "through other such functions, unless it returns the object it creates (a factory: the caller decides how "
    "often to call it) or is named `main`, `lifespan`, `startup`, `create_app`, `make_*`, `build_*` or "
    "`init_*`.\n\n"
    "Not reported: code in a lifespan, functions decorated with `functools.cache`/`lru_cache`, objects stored "
    "for reuse (`self.client = ...`, `app.state.client = ...`, a `global`), and functions no route handler or "
    "dependency reaches (scripts, workers, CLI entry points: how often they run is unknown). "
    "`asyncpg.connect()` opens one connection, not a pool, and is not reported.",
    why="Each of these objects owns a pool of connections. Created per request, every request pays for new "
    "TCP and TLS handshakes (and database authentication), keep-alive never helps, and under load the process "
    "opens connections faster than the server retires them. An engine created per request also leaks its pool "
    "unless it is disposed. The aiohttp docs suggest a single session for the lifetime of the "
    "application; HTTPX says the same of `Client`/`AsyncClient`. Create the object once in the lifespan, close "
    "it after `yield`, and hand it to requests through the lifespan state or a dependency.",
    example="""
@app.get("/weather/{city}")
async def weather(city: str):
    async with httpx.AsyncClient(timeout=5.0) as client:
        response = await client.get(f"https://api.example.com/weather/{city}")
    return response.json()
""",
    use_instead="""
@asynccontextmanager
async def lifespan(app: FastAPI):
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield {"http": client}


app = FastAPI(lifespan=lifespan)


@app.get("/weather/{city}")
async def weather(city: str, request: Request):
    response = await request.state.http.get(f"https://api.example.com/weather/{city}")
    return response.json()
""",
    references=(FASTAPI_LIFESPAN, AIOHTTP_SESSION_DOC, HTTPX_CLIENTS, ASYNCPG_POOLS),
)

CACHE_DECORATORS = ("functools.cache", "functools.lru_cache", "functools.cached_property", "alru_cache")
SETUP_NAMES = frozenset({"main", "lifespan", "startup", "create_app", "__init__", "__aenter__", "start"})
SETUP_PREFIXES = ("make_", "build_", "init_")


@per_module
def _per_request_helpers(ctx: Context) -> set[ast.AST]:
    """Module-level functions reachable from a route handler or dependency body (by name, transitively)."""
    module_functions = {
        node.name: node for node in ctx.tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    functions = (n for n in ctx.nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    roots = [f for f in functions if is_route_handler(f) or f.name in ctx.facts.dependencies]
    reached: set[ast.AST] = set()
    pending: list[ast.AST] = list(roots)
    while pending:
        function = pending.pop()
        for statement in function.body:  # type: ignore[attr-defined]
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    callee = module_functions.get(node.id)
                    if callee is not None and callee not in reached:
                        reached.add(callee)
                        pending.append(callee)
    return reached - set(roots)


def _decorated_with_cache(ctx: Context, function: ast.AST) -> bool:
    for decorator in getattr(function, "decorator_list", ()):
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ctx.matches(target, *CACHE_DECORATORS) or dotted(target) in ("cache", "lru_cache", "cached_property"):
            return True
    return False


def _stored_for_reuse(ctx: Context, function: ast.AST) -> bool:
    """Bound to an attribute of the instance or the app, or to a module global: a cache, not a per-call object."""
    declared_global = {
        name for node in ast.walk(function) if isinstance(node, (ast.Global, ast.Nonlocal)) for name in node.names
    }
    for name in _assigned_to(ctx):
        if name.startswith(("self.", "cls.")) or "app.state." in name or name in declared_global:
            return True
    return False


def _returns(ctx: Context, function: ast.AST) -> bool:
    """Whether the current node is returned by `function`, directly or through a local name."""
    parent, _ = _consumer(ctx)
    if isinstance(parent, ast.Return):
        return True
    names = set(_assigned_to(ctx))
    return any(
        isinstance(node, ast.Return) and node.value is not None and dotted(node.value) in names
        for node in ast.walk(function)
    )


@on(ast.Call)
def _pool_per_request(node: ast.Call, ctx: Context) -> None:
    resource = _resource(ctx, node)
    frame = ctx.function
    if resource is None or frame is None or ctx.in_lifespan or _decorated_with_cache(ctx, frame.node):
        return
    if frame.is_route:
        where = "route handler"
    elif frame.is_dependency:
        where = "dependency"
    elif frame.node in _per_request_helpers(ctx) and not _is_setup_name(frame.name) and not _returns(ctx, frame.node):
        where = "per-request helper"
    else:
        return
    if not _stored_for_reuse(ctx, frame.node):
        ctx.report(PER_REQUEST, node, resource=resource, where=where, function=frame.name)


def _is_setup_name(name: str) -> bool:
    return name in SETUP_NAMES or name.startswith(SETUP_PREFIXES)


# -- PB402 -------------------------------------------------------------------------------------

NOT_CLOSED = define(
    "PB402", "lifespan-resource-not-closed",
    "`{resource}` created in lifespan `{function}` is never closed; close it after `yield` or create it "
    "with `async with`",
    what="Reports an engine, asyncpg pool or HTTP client created directly in a lifespan function (one passed "
    "as `lifespan=`, or an `@asynccontextmanager` whose name contains `lifespan`) and bound to a name or an "
    "attribute (`app.state.http = ...`) that the lifespan never closes: no `dispose()`, `close()`, "
    "`aclose()` or `terminate()` call on it, no `async with` over it, no `AsyncExitStack` registration, and "
    "no mention of it after `yield` (where a shutdown helper may close it). An object put straight into the yielded "
    "state (`yield {\"http\": httpx.AsyncClient()}`) is reported too: nothing can close it later.\n\n"
    "Not reported: objects created by `async with` (closed by it) or passed to "
    "`AsyncExitStack.enter_async_context`, and objects handed to another constructor, whose owner may close "
    "them.",
    why="Nothing closes these objects for you. An engine that is not disposed leaves its pooled connections "
    "to be dropped at interpreter exit; SQLAlchemy's asyncio docs ask for `await engine.dispose()` because "
    "asyncio connections cannot be closed from garbage collection. An unclosed aiohttp session logs "
    "`Unclosed client session` and leaks sockets; an asyncpg pool left open keeps its server connections until "
    "the process dies. In tests that start the app many times, each start leaks another pool.",
    example="""
@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(DATABASE_URL)
    yield
""",
    use_instead="""
@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(DATABASE_URL)
    try:
        yield
    finally:
        await app.state.pool.close()
""",
    references=(FASTAPI_LIFESPAN, SQLALCHEMY_ASYNCIO, ASYNCPG_POOLS, AIOHTTP_SESSION_DOC),
)

CLOSE_METHODS = frozenset({"close", "aclose", "dispose", "terminate"})
OWNING_CALLS = frozenset({"enter_async_context", "enter_context", "push_async_callback", "callback",
                          "push", "push_async_exit", "aclosing", "closing"})


@on(ast.Call)
def _lifespan_resource(node: ast.Call, ctx: Context) -> None:
    frame = ctx.frame
    resource = _resource(ctx, node) if frame.is_lifespan else None
    if resource is None:
        return
    parent, index = _consumer(ctx)
    if isinstance(parent, ast.Dict) and index > 0 and isinstance(ctx.parents[index - 1], ast.Yield):
        ctx.report(NOT_CLOSED, node, resource=resource, function=frame.name)
        return
    names = set(_assigned_to(ctx))
    if names and not _closed(frame.node, names):
        ctx.report(NOT_CLOSED, node, resource=resource, function=frame.name)


def _closed(function: ast.AST, names: set[str]) -> bool:
    """Whether `function` closes the object bound to any of `names`, or mentions it in its shutdown code."""
    names = _with_aliases(function, names)
    yields = [n for n in ast.walk(function) if isinstance(n, (ast.Yield, ast.YieldFrom))]
    shutdown_from = min((n.end_lineno or n.lineno for n in yields), default=None)

    def refers(expr: ast.AST) -> bool:  # the object itself, or one of its bound methods (`engine.dispose`)
        return dotted(expr) in names or (isinstance(expr, ast.Attribute) and dotted(expr.value) in names)

    for node in ast.walk(function):
        if isinstance(node, ast.withitem) and dotted(node.context_expr) in names:
            return True
        if (
            isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load)
            and shutdown_from is not None and node.lineno > shutdown_from and dotted(node) in names
        ):
            return True  # used after `yield`: closed there, or handed to a shutdown helper
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in CLOSE_METHODS and dotted(func.value) in names:
            return True
        callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if callee in OWNING_CALLS and any(refers(a) for a in [*node.args, *(k.value for k in node.keywords)]):
            return True
    return False


def _with_aliases(function: ast.AST, names: set[str]) -> set[str]:
    """`names` plus every name later assigned from one of them (``app.state.http = http``)."""
    names = set(names)
    assignments = [n for n in ast.walk(function) if isinstance(n, ast.Assign) and dotted(n.value) in names]
    for _ in range(2):
        for assign in assignments:
            if dotted(assign.value) in names:
                names.update(name for t in assign.targets if (name := dotted(t)))
    return names


# -- PB403 -------------------------------------------------------------------------------------

NO_PRE_PING = define(
    "PB403", "engine-without-pool-pre-ping",
    "`create_async_engine()` without `pool_pre_ping=True` hands out pooled connections the server may have "
    "closed",
    what="Reports `create_async_engine(...)` calls that do not pass `pool_pre_ping=True`.\n\n"
    "Not reported: engines that choose another strategy explicitly (`pool_recycle=...`), engines without a "
    "pool to ping (`poolclass=NullPool`, whose connections are always new and never pinged, or `StaticPool`), "
    "literal `sqlite` URLs (a file has no server to drop the connection), a `pool_pre_ping` value computed at "
    "run time, and calls with `**kwargs` that may carry it. The sync `create_engine` is not reported: this "
    "check covers async applications (see PB301 for sync engines in async code).",
    why="A pooled connection can die while it sits idle: the database restarts or fails over, a firewall or "
    "load balancer drops idle TCP flows, PgBouncer closes idle server connections. Without a pre-ping the pool "
    "hands the dead connection to the next request, which fails with a disconnect error. `pool_pre_ping=True` "
    "tests each pooled connection when it is checked out and silently replaces a dead one. It costs round "
    "trips on every checkout of a reused connection (new connections are not pinged): with asyncpg the ping "
    "is `BEGIN`, an empty statement and `ROLLBACK`, three round trips, so it matters when the database is far "
    "away and queries are tiny. In that case, if the only cause of stale connections is a known idle timeout, "
    "`pool_recycle=N` (N below that timeout) replaces old connections at checkout for free; it does not "
    "cover restarts or failovers.",
    example="""
engine = create_async_engine("postgresql+asyncpg://app@db/app")
""",
    use_instead="""
engine = create_async_engine("postgresql+asyncpg://app@db/app", pool_pre_ping=True)
""",
    references=(
        ("SQLAlchemy: disconnect handling, pessimistic",
         "https://docs.sqlalchemy.org/en/21/core/pooling.html#disconnect-handling-pessimistic"),
        ("SQLAlchemy: setting pool recycle", "https://docs.sqlalchemy.org/en/21/core/pooling.html#setting-pool-recycle"),
    ),
)


@on(ast.Call)
def _engine_pre_ping(node: ast.Call, ctx: Context) -> None:
    if not ctx.call_matches(node, ENGINE) or any(k.arg is None for k in node.keywords):
        return
    pre_ping = kwarg(node, "pool_pre_ping")
    if pre_ping is not None and not (isinstance(pre_ping, ast.Constant) and not pre_ping.value):
        return  # True, or decided at run time
    poolclass = kwarg(node, "poolclass")
    if kwarg(node, "pool_recycle") is not None or (poolclass is not None and ctx.matches(poolclass, "NullPool", "StaticPool")):
        return
    url = node.args[0] if node.args else kwarg(node, "url")
    if isinstance(url, ast.Constant) and isinstance(url.value, str) and url.value.startswith("sqlite"):
        return
    ctx.report(NO_PRE_PING, node)


# -- PB404 -------------------------------------------------------------------------------------

NO_TIMEOUT = define(
    "PB404", "aiohttp-session-without-timeout",
    "`aiohttp.ClientSession` {problem}; pass `timeout=aiohttp.ClientTimeout(total=..., connect=...)`",
    what="Reports `aiohttp.ClientSession(...)` without `timeout=`, with `timeout=None` (which aiohttp treats "
    "as missing), or with `timeout=aiohttp.ClientTimeout()` whose fields are all unset (no limit at all). "
    "Calls with `**kwargs` are not reported.",
    why="Without a timeout, aiohttp uses `ClientTimeout(total=300, sock_connect=30)`: a request to a "
    "stalled peer may take five minutes to fail (aiohttp 3.14). Meanwhile the handler that awaits it holds "
    "its memory, maybe a database connection, and one of the connector's connections (100 by default); "
    "a slow dependency turns into an outage of your own service. Pick a total budget that fits your request "
    "deadline and a short `connect` timeout. A per-request `timeout=` on `session.get(...)` can still "
    "override the session default.",
    example="""
async def main():
    async with aiohttp.ClientSession() as session:
        async with session.get("https://example.com") as response:
            print(await response.text())
""",
    use_instead="""
async def main():
    timeout = aiohttp.ClientTimeout(total=10, connect=2)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get("https://example.com") as response:
            print(await response.text())
""",
    references=(
        ("aiohttp client quickstart: timeouts", "https://docs.aiohttp.org/en/stable/client_quickstart.html#timeouts"),
        AIOHTTP_SESSION_DOC,
    ),
)


@on(ast.Call)
def _aiohttp_timeout(node: ast.Call, ctx: Context) -> None:
    if not ctx.call_matches(node, *AIOHTTP_SESSION) or any(k.arg is None for k in node.keywords):
        return
    timeout = kwarg(node, "timeout")
    if timeout is None:
        problem = "has no `timeout=`, so a request may take up to 300 s to fail"
    elif is_constant(timeout, None):
        problem = "with `timeout=None` falls back to the 300 s default"
    elif (
        ctx.call_matches(timeout, "aiohttp.ClientTimeout", "aiohttp.client.ClientTimeout")
        and not timeout.args  # type: ignore[attr-defined]
        and all(is_constant(k.value, None) for k in timeout.keywords)  # type: ignore[attr-defined]
    ):
        problem = "with an empty `ClientTimeout()` has no time limit at all"
    else:
        return
    ctx.report(NO_TIMEOUT, node, problem=problem)


# -- PB405 -------------------------------------------------------------------------------------

HELD_DURING_CALL = define(
    "PB405", "connection-held-during-external-call",
    "`{call}` waits while `{held}` holds a pooled database connection; make the call before or after it",
    what="Reports, inside `async with session.begin()` / `begin_nested()`, `async with engine.begin()`, "
    "`async with engine.connect()`, `async with pool.acquire()` or `async with conn.transaction()`, an awaited "
    "(or `async with`) HTTP request or `asyncio.sleep(...)`.\n\n"
    "An HTTP request is a `get`/`post`/`put`/`patch`/`delete`/`head`/`options`/`request`/`send`/`stream` call "
    "on an object known to be an aiohttp or httpx client (bound by `async with aiohttp.ClientSession() as s`, "
    "assigned from a client constructor, or a parameter annotated with the client type), or, when the type is "
    "unknown, on a name containing `http`, or containing `client` but not a database or cache word (`db`, "
    "`redis`, `cache`, `sql`, ...). So `await session.get(User, 1)` on a SQLAlchemy session is not an HTTP "
    "call. `asyncio.sleep(0)` (a bare yield to the event loop) is not reported.",
    why="A transaction or acquired connection is checked out of the pool until the block ends. Awaiting a "
    "network call inside it holds the connection for the whole round trip to the other service, which may "
    "be slow or time out (aiohttp waits up to 300 s by default). A pool of 15 connections then serves at most "
    "15 such requests at a time; the rest wait for `pool_timeout` and fail, while PostgreSQL keeps an open "
    "transaction (and its locks) idle. Call the external service before opening the transaction, or after "
    "committing, and keep transactions to database work.",
    example="""
async def place_order(session: AsyncSession, http: httpx.AsyncClient, order: Order) -> None:
    async with session.begin():
        session.add(order)
        await http.post("https://payments.example.com/charges", json={"amount": order.total})
""",
    use_instead="""
async def place_order(session: AsyncSession, http: httpx.AsyncClient, order: Order) -> None:
    charge = await http.post("https://payments.example.com/charges", json={"amount": order.total})
    order.charge_id = charge.json()["id"]
    async with session.begin():
        session.add(order)
""",
    references=(
        SQLALCHEMY_ASYNCIO,
        ("SQLAlchemy: managing transactions", "https://docs.sqlalchemy.org/en/21/orm/session_transaction.html"),
        ASYNCPG_POOLS,
    ),
)

HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream"})
HTTP_MODULES = frozenset({"httpx", "httpx2", "aiohttp"})
NOT_HTTP_WORDS = ("db", "database", "sql", "pg", "redis", "cache", "mongo", "kafka", "amqp", "queue")
NOT_A_POOL_WORDS = ("lock", "sem", "limit", "throttle")
WAIT_WRAPPERS = ("asyncio.wait_for", "asyncio.shield")


@on(ast.Call)
def _connection_held(node: ast.Call, ctx: Context) -> None:
    if not _awaited(node, ctx):
        return
    held = next((h for w in reversed(ctx.frame.withs) if isinstance(w, ast.AsyncWith)
                 for item in reversed(w.items) if (h := _holds_connection(item.context_expr))), None)
    call = _external_call(node, ctx) if held else None
    if call:
        ctx.report(HELD_DURING_CALL, node, call=call, held=held)


def _awaited(node: ast.Call, ctx: Context) -> bool:
    """``await node``, ``await asyncio.wait_for(node, ...)`` or ``async with node``."""
    parents = ctx.parents
    if not parents:
        return False
    parent = parents[-1]
    if isinstance(parent, ast.Await):
        return True
    if isinstance(parent, ast.withitem):
        return len(parents) > 1 and isinstance(parents[-2], ast.AsyncWith) and parent.context_expr is node
    return (
        ctx.call_matches(parent, *WAIT_WRAPPERS) and len(parents) > 1 and isinstance(parents[-2], ast.Await)
        and bool(parent.args) and parent.args[0] is node  # type: ignore[attr-defined]
    )


def _holds_connection(expr: ast.AST) -> str | None:
    """``session.begin()`` etc. when `expr` checks a database connection out for its block."""
    if not (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)):
        return None
    method, receiver = expr.func.attr, dotted(expr.func.value) or ""
    last = receiver.rpartition(".")[2].lower()
    holds = (
        method in ("begin", "begin_nested", "transaction")
        or (method == "connect" and "engine" in last)
        or (method == "acquire" and not any(word in last for word in NOT_A_POOL_WORDS))
    )
    return f"{receiver}.{method}()" if holds and receiver else (f"{method}()" if holds else None)


def _external_call(call: ast.Call, ctx: Context) -> str | None:
    if ctx.call_matches(call, "asyncio.sleep"):
        delay = call.args[0] if call.args else kwarg(call, "delay")
        return None if is_constant(delay, 0) or is_constant(delay, 0.0) else "asyncio.sleep()"
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in HTTP_METHODS:
        return None
    qualname = ctx.qualname(func)
    if qualname and qualname.partition(".")[0] in HTTP_MODULES:
        return f"{qualname}()"
    receiver = dotted(func.value)
    if receiver is None:
        return f"{func.attr}()" if _resource(ctx, func.value) in HTTP_CLIENTS else None
    is_http = _declared_http_client(receiver, ctx)
    if is_http is None:
        is_http = _http_like_name(receiver)
    return f"{receiver}.{func.attr}()" if is_http else None


def _declared_http_client(name: str, ctx: Context) -> bool | None:
    """Whether the current function binds `name` to an HTTP client (True), to something else (False), or neither."""
    for with_node in ctx.frame.withs:
        for item in with_node.items:
            if item.optional_vars is not None and dotted(item.optional_vars) == name:
                return _resource(ctx, item.context_expr) in HTTP_CLIENTS
    function = ctx.frame.node
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and name in {dotted(t) for t in node.targets}:
            if _resource(ctx, node.value) in HTTP_CLIENTS:
                return True
    arguments = getattr(function, "args", None)
    if not isinstance(arguments, ast.arguments):
        return None
    for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
        if argument.arg == name and argument.annotation is not None:
            annotation = _unwrap_annotation(argument.annotation, ctx)
            if ctx.matches(annotation, *HTTP_CLIENTS):
                return True
            return False if dotted(annotation) else None
    return None


def _unwrap_annotation(annotation: ast.expr, ctx: Context) -> ast.expr:
    """``T`` from ``Annotated[T, ...]``, ``Optional[T]``, ``T | None``."""
    while True:
        if isinstance(annotation, ast.Subscript) and ctx.matches(annotation.value, "Annotated", "Optional"):
            inner = annotation.slice
            annotation = inner.elts[0] if isinstance(inner, ast.Tuple) else inner
        elif isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
            annotation = annotation.right if is_constant(annotation.left, None) else annotation.left
        else:
            return annotation


def _http_like_name(name: str) -> bool:
    last = name.rpartition(".")[2].lower()
    return "http" in last or ("client" in last and not any(word in last for word in NOT_HTTP_WORDS))
