"""Convention checks: FastAPI (PB2xx).

Names are matched through the module's imports. A name imported from another package never matches
(``from pathlib import Path`` is not FastAPI's ``Path``); an unimported bare name does, so that
import-less snippets are checked too.

A *yield dependency* (PB204, PB207) is a generator function that the module passes to
``Depends()``/``Security()``. A module that only defines its dependencies (a ``deps.py``) never
passes them, so an undecorated module-level generator named ``get_*``, with one ``yield``, that the
module does not reference anywhere else also counts: a plain generator is iterated or called, a
dependency is only handed to ``Depends`` elsewhere.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

from ..registry import define
from .engine import Context, dotted, is_constant, is_route_handler, kwarg, on
from .flow import always_raises

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
YIELDS = (ast.Yield, ast.YieldFrom)
TRIES = (ast.Try, ast.TryStar)

FASTAPI_YIELD_DEPS = (
    "FastAPI: Dependencies with yield",
    "https://fastapi.tiangolo.com/tutorial/dependencies/dependencies-with-yield/",
)
FASTAPI_RELEASE_NOTES = ("FastAPI release notes", "https://fastapi.tiangolo.com/release-notes/")


# -- shared helpers ----------------------------------------------------------------------------
def _scope_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """Descendants of `node` that run in its scope: nested defs, lambdas and classes are not entered."""
    for child in ast.iter_child_nodes(node):
        yield child
        if not isinstance(child, SCOPES):
            yield from _scope_nodes(child)


def _nodes_in(stmts: Iterable[ast.stmt]) -> Iterator[ast.AST]:
    """The statements and everything inside them, in the current scope."""
    for stmt in stmts:
        yield stmt
        if not isinstance(stmt, SCOPES):
            yield from _scope_nodes(stmt)


def _has_yield(stmts: Iterable[ast.stmt]) -> bool:
    return any(isinstance(node, YIELDS) for node in _nodes_in(stmts))


def _yield_count(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return sum(isinstance(node, YIELDS) for node in _nodes_in(fn.body))


def _defined_at_module_level(ctx: Context, name: str) -> bool:
    """Whether the module defines `name` itself with a top-level ``class`` or ``def``."""
    return any(
        isinstance(stmt, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name
        for stmt in ctx.tree.body
    )


def _framework_name(ctx: Context, expr: ast.AST, names: Iterable[str], packages: tuple[str, ...]) -> str | None:
    """The short name if `expr` names one of `names` from one of `packages` (or is an unimported bare name)."""
    qualname = ctx.qualname(expr)
    if qualname is None:
        return None
    head, _, _ = qualname.partition(".")
    short = qualname.rpartition(".")[2]
    if short not in names:
        return None
    if "." not in qualname:  # not imported: an import-less snippet, unless the module defines it
        return None if _defined_at_module_level(ctx, short) else short
    return short if head in packages else None


def _referenced(ctx: Context, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in ctx.nodes)


def _looks_like_dependency(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: Context) -> bool:
    """A dependency defined here and used from another module (see the module docstring)."""
    return (
        fn.name.startswith("get_")
        and not fn.decorator_list
        and ctx.at_module_level
        and _yield_count(fn) == 1
        and not _referenced(ctx, fn.name)
    )


def _is_yield_dependency(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: Context) -> bool:
    if _yield_count(fn) == 0:
        return False
    return fn.name in ctx.facts.dependencies or _looks_like_dependency(fn, ctx)


# -- PB201 -------------------------------------------------------------------------------------
EVENT_HANDLER = define(
    "PB201", "startup-shutdown-event-handler",
    "`{construct}` registers a {event} event handler: Starlette 1.0 removed these, FastAPI deprecates them "
    "and an app with `lifespan=` skips its own; use a lifespan context manager",
    what="Reports startup and shutdown event handlers: `@app.on_event(\"startup\")` / `(\"shutdown\")` on any "
    "receiver, `FastAPI(on_startup=...)` / `on_shutdown=` (also `APIRouter`, `Starlette`, `Router`) and "
    "`add_event_handler(\"startup\", ...)`.",
    why="Starlette 1.0 removed `on_startup`/`on_shutdown`, `on_event()` and `add_event_handler()` from its "
    "application and router: `Starlette(on_startup=[...])` raises `TypeError`, and a `FastAPI` app has no "
    "`add_event_handler` any more. FastAPI re-implemented `on_event` and `on_startup=` to keep old code "
    "working and documents them as deprecated (`on_event` emits `DeprecationWarning`); as soon as the app "
    "gets a `lifespan=`, its own event handlers are skipped without a word. A lifespan also keeps setup and teardown in one function, so a "
    "resource opened at startup is visibly closed at shutdown, and can hand it to requests through its "
    "state.",
    example="""
app = FastAPI()


@app.on_event("startup")
async def open_pool():
    app.state.pool = await asyncpg.create_pool(DATABASE_URL)
""",
    use_instead="""
@asynccontextmanager
async def lifespan(app: FastAPI):
    async with asyncpg.create_pool(DATABASE_URL) as pool:
        yield {"pool": pool}


app = FastAPI(lifespan=lifespan)
""",
    references=(
        ("FastAPI: Lifespan Events", "https://fastapi.tiangolo.com/advanced/events/"),
        ("Starlette: Lifespan", "https://www.starlette.io/lifespan/"),
        ("Starlette release notes (1.0.0)", "https://www.starlette.io/release-notes/"),
    ),
)

EVENTS = ("startup", "shutdown")
APP_CLASSES = ("FastAPI", "APIRouter", "Starlette", "Router")


@on(ast.Call)
def _event_handler(node: ast.Call, ctx: Context) -> None:
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in ("on_event", "add_event_handler"):
        # Only a literal event name: `.on_event(x)` of an unrelated library is left alone.
        event = node.args[0] if node.args else kwarg(node, "event_type")
        if isinstance(event, ast.Constant) and event.value in EVENTS:
            construct = f'{dotted(func) or func.attr}("{event.value}")'
            ctx.report(EVENT_HANDLER, node, construct=construct, event=event.value)
        return
    app_class = _framework_name(ctx, func, APP_CLASSES, ("fastapi", "starlette"))
    if app_class is None:
        return
    for keyword in node.keywords:
        if keyword.arg in ("on_startup", "on_shutdown") and not is_constant(keyword.value, None):
            event = keyword.arg.removeprefix("on_")
            ctx.report(EVENT_HANDLER, keyword, construct=f"{app_class}({keyword.arg}=...)", event=event)


# -- PB202 -------------------------------------------------------------------------------------
PARAM_DEFAULT = define(
    "PB202", "dependency-default-without-annotated",
    "`{function}()` as the default of parameter `{param}`; declare it as `Annotated[..., {function}(...)]`",
    what="Reports `Depends()`, `Security()`, `Query()`, `Path()`, `Body()`, `Header()`, `Cookie()`, `Form()` "
    "and `File()` used as a parameter's default value instead of inside `Annotated[...]`.",
    why="Since FastAPI 0.95 the documented form is `Annotated[T, Depends(dep)]`. With the call as a default, "
    "the parameter's real type is hidden behind a marker object: calling the function directly (in a test, "
    "a script, another function) silently passes a `Depends` instance instead of a value, type checkers see "
    "the wrong default, and parameter order is constrained because defaulted parameters must come last. "
    "`Annotated` keeps the default slot for real defaults and lets one alias "
    "(`SessionDep = Annotated[AsyncSession, Depends(get_session)]`) be reused by every endpoint. "
    "Calls inside `Annotated[...]` or in `dependencies=[Depends(...)]` are not reported. In an import-less "
    "snippet, bare `Path()` and `File()` are only reported in route handlers and dependencies, so that "
    "`pathlib.Path` defaults stay clean.",
    example="""
@app.get("/items/")
async def list_items(session: AsyncSession = Depends(get_session), q: str | None = Query(None, max_length=50)):
    return await search_items(session, q)
""",
    use_instead="""
SessionDep = Annotated[AsyncSession, Depends(get_session)]


@app.get("/items/")
async def list_items(session: SessionDep, q: Annotated[str | None, Query(max_length=50)] = None):
    return await search_items(session, q)
""",
    references=(
        ("FastAPI: Dependencies", "https://fastapi.tiangolo.com/tutorial/dependencies/"),
        ("FastAPI: Query Parameters and String Validations",
         "https://fastapi.tiangolo.com/tutorial/query-params-str-validations/"),
        ("FastAPI: Python Types Intro, Annotated",
         "https://fastapi.tiangolo.com/python-types/#type-hints-with-metadata-annotations"),
    ),
)

PARAM_FUNCTIONS = ("Depends", "Security", "Query", "Path", "Body", "Header", "Cookie", "Form", "File")
AMBIGUOUS_BARE_NAMES = ("Path", "File")  # pathlib.Path, and any project's File class


@on(ast.FunctionDef, ast.AsyncFunctionDef)
def _param_default(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: Context) -> None:
    args = fn.args
    positional = args.posonlyargs + args.args
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
    fastapi_function = is_route_handler(fn) or fn.name in ctx.facts.dependencies
    for arg, default in pairs:
        if not isinstance(default, ast.Call):
            continue
        name = _framework_name(ctx, default.func, PARAM_FUNCTIONS, ("fastapi",))
        if name is None:
            continue
        if name in AMBIGUOUS_BARE_NAMES and "." not in (ctx.qualname(default.func) or "") and not fastapi_function:
            continue
        ctx.report(PARAM_DEFAULT, default, function=name, param=arg.arg)


# -- PB203 -------------------------------------------------------------------------------------
SESSION_IN_ROUTE = define(
    "PB203", "session-created-in-route-handler",
    "`{call}` opens a database session inside route handler `{route}`; receive it from a `yield` dependency",
    what="Reports a database session opened inside a route handler: `AsyncSession(...)`, SQLAlchemy's "
    "`Session(engine)`, or a call to a session factory (a name assigned from `async_sessionmaker(...)` / "
    "`sessionmaker(...)`, or one conventionally named `async_session`, `async_session_maker`, "
    "`async_session_factory`, `AsyncSessionLocal`, `SessionLocal`, `session_factory`), including "
    "`factory.begin()`. Websocket handlers "
    "are not reported: a connection can stay open for hours, and a short session per message is the better shape.",
    why="A session opened in the endpoint body is tied to that one function: every endpoint repeats the "
    "open/close code, tests cannot swap the database through `app.dependency_overrides`, and helper "
    "functions or sub-dependencies cannot share the request's session and transaction. A `yield` "
    "dependency opens one session per request, shares it with everything the request depends on, and "
    "closes it even when the endpoint raises. Sessions opened in a dependency, in a background job or "
    "in any other non-route function are not reported; engines and clients created per request are "
    "PB401.",
    example="""
@app.get("/users/{user_id}")
async def read_user(user_id: int):
    async with async_session() as session:
        return await session.get(User, user_id)
""",
    use_instead="""
async def get_session():
    async with async_session() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


@app.get("/users/{user_id}")
async def read_user(user_id: int, session: SessionDep):
    return await session.get(User, user_id)
""",
    references=(
        ("FastAPI: SQL (Relational) Databases", "https://fastapi.tiangolo.com/tutorial/sql-databases/"),
        FASTAPI_YIELD_DEPS,
        ("FastAPI: Testing Dependencies with Overrides", "https://fastapi.tiangolo.com/advanced/testing-dependencies/"),
        ("SQLAlchemy: When do I construct a Session",
         "https://docs.sqlalchemy.org/en/21/orm/session_basics.html#session-faq-whentocreate"),
    ),
)

SESSION_FACTORY_NAMES = frozenset({
    "async_session", "async_session_maker", "async_session_factory", "AsyncSessionLocal", "SessionLocal",
    "session_factory",
})
SESSION_PACKAGES = ("sqlalchemy", "sqlmodel")


def _opens_session(call: ast.Call, ctx: Context) -> bool:
    name = dotted(call.func)
    qualname = ctx.qualname(call.func)
    if name is None or qualname is None:
        return False
    if ctx.matches(call.func, "AsyncSession"):
        return True
    if qualname == "Session" or (qualname.endswith(".Session") and qualname.partition(".")[0] in SESSION_PACKAGES):
        return bool(call.args) or kwarg(call, "bind") is not None  # Session(engine); not requests' Session()
    if call.args:  # a sessionmaker takes keyword arguments only
        return False
    factory = name.removesuffix(".begin")  # `factory.begin()` opens a session and its transaction
    return factory in ctx.facts.session_factories or factory.rpartition(".")[2] in SESSION_FACTORY_NAMES


def _is_websocket(fn: ast.AST) -> bool:
    """A websocket handler lives as long as its connection, so a short session per message is the better shape."""
    decorators = getattr(fn, "decorator_list", [])
    return any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "websocket"
               for d in decorators)


@on(ast.Call)
def _session_in_route(node: ast.Call, ctx: Context) -> None:
    if ctx.in_route and not _is_websocket(ctx.frame.node) and _opens_session(node, ctx):
        ctx.report(SESSION_IN_ROUTE, node, call=f"{dotted(node.func)}()", route=ctx.frame.name)


# -- PB204 -------------------------------------------------------------------------------------
SWALLOWED = define(
    "PB204", "yield-dependency-swallows-exception",
    "`{handler}` around the `yield` of dependency `{name}` does not re-raise; the client gets a 500 "
    "and the original exception is lost",
    what="Reports an `except` handler of a `try` that wraps the `yield` of a FastAPI yield dependency, "
    "when some path through the handler ends without `raise` (`except GeneratorExit` is not reported).",
    why="An exception raised by the endpoint (or by a later dependency) is thrown into the dependency at its "
    "`yield`. Since FastAPI 0.110, if the dependency catches it and does not raise again, nothing forwards "
    "it: FastAPI raises `FastAPIError: Response not awaited` and the client gets a 500, even for an "
    "`HTTPException(404)` that should have reached it. The real error never reaches the exception handlers "
    "or the logs. Roll back, log, then `raise`; or use `finally:` for cleanup that must always run.",
    example="""
async def get_session():
    async with async_session() as session:
        try:
            yield session
        except SQLAlchemyError:
            await session.rollback()
""",
    use_instead="""
async def get_session():
    async with async_session() as session:
        try:
            yield session
        except SQLAlchemyError:
            await session.rollback()
            raise
""",
    references=(
        ("FastAPI: Dependencies with yield and except",
         "https://fastapi.tiangolo.com/tutorial/dependencies/dependencies-with-yield/#dependencies-with-yield-and-except"),
        FASTAPI_RELEASE_NOTES,
    ),
)


def _only_generator_exit(handler: ast.ExceptHandler, ctx: Context) -> bool:
    """``except GeneratorExit`` sees the generator being closed, not an error from the request."""
    return handler.type is not None and ctx.matches(handler.type, "GeneratorExit")


@on(ast.FunctionDef, ast.AsyncFunctionDef)
def _swallowing_dependency(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: Context) -> None:
    if not _is_yield_dependency(fn, ctx):
        return
    for node in _nodes_in(fn.body):
        if isinstance(node, TRIES) and _has_yield(node.body):
            for handler in node.handlers:
                if not always_raises(ctx, handler.body) and not _only_generator_exit(handler, ctx):
                    caught = f"except {ast.unparse(handler.type)}" if handler.type else "except"
                    ctx.report(SWALLOWED, handler, handler=caught, name=fn.name)


# -- PB205 -------------------------------------------------------------------------------------
CORS_WILDCARD = define(
    "PB205", "cors-wildcard-with-credentials",
    "CORS allows {origins} together with `allow_credentials=True`: any web site can send credentialed "
    "requests and read the responses; list the allowed origins",
    what="Reports `CORSMiddleware` configured with `allow_credentials=True` and a wildcard origin: "
    "`allow_origins=[\"*\"]` (a literal, or a module-level name bound to one) or an `allow_origin_regex` "
    "that accepts an arbitrary origin such as `\".*\"`. It looks at `app.add_middleware(CORSMiddleware, ...)`, "
    "`Middleware(CORSMiddleware, ...)` and `CORSMiddleware(app, ...)`.",
    why="Browsers refuse `Access-Control-Allow-Origin: *` on credentialed requests, so Starlette does not send "
    "`*` when credentials are allowed: it echoes the request's `Origin` back together with "
    "`Access-Control-Allow-Credentials: true`. The combination does not fail; it lets every site on the "
    "internet call the API with the user's cookies and read the answers. Name the origins (from settings), "
    "or drop credentials for a truly public API.",
    example="""
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
)
""",
    use_instead="""
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com", "https://admin.example.com"],
    allow_credentials=True,
    allow_methods=["GET", "POST"],
)
""",
    references=(
        ("FastAPI: CORS", "https://fastapi.tiangolo.com/tutorial/cors/"),
        ("Starlette: CORSMiddleware", "https://www.starlette.io/middleware/#corsmiddleware"),
        ("Fetch Standard: CORS protocol and credentials", "https://fetch.spec.whatwg.org/#cors-protocol-and-credentials"),
    ),
)

FOREIGN_ORIGIN = "https://attacker.invalid"  # an origin no real allow-list contains


def _cors_call(node: ast.Call, ctx: Context) -> bool:
    """Whether `node` configures CORSMiddleware through its keyword arguments."""
    if ctx.call_matches(node, "CORSMiddleware"):
        return True
    first = node.args[0] if node.args else None
    if first is None or not ctx.matches(first, "CORSMiddleware"):
        return False
    return (isinstance(node.func, ast.Attribute) and node.func.attr == "add_middleware") or ctx.call_matches(
        node, "Middleware"
    )


def _module_value(ctx: Context, expr: ast.expr) -> ast.expr:
    """`expr`, or the value a module-level ``NAME = ...`` binds when `expr` is that one-time bound name."""
    if not isinstance(expr, ast.Name):
        return expr
    values = [
        stmt.value
        for stmt in ctx.tree.body
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None
        and any(isinstance(t, ast.Name) and t.id == expr.id
                for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]))
    ]
    return values[0] if len(values) == 1 else expr


def _wildcard_origins(node: ast.Call, ctx: Context) -> str | None:
    origins = kwarg(node, "allow_origins")
    if origins is not None:
        value = _module_value(ctx, origins)
        elements = value.elts if isinstance(value, (ast.List, ast.Tuple, ast.Set)) else [value]
        if any(is_constant(e, "*") for e in elements):
            return 'every origin (`allow_origins=["*"]`)'
    regex = kwarg(node, "allow_origin_regex")
    if regex is not None:
        value = _module_value(ctx, regex)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            try:
                accepts_any = re.fullmatch(value.value, FOREIGN_ORIGIN) is not None
            except re.error:
                return None
            if accepts_any:
                return f"every origin (`allow_origin_regex={value.value!r}`)"
    return None


@on(ast.Call)
def _cors_wildcard(node: ast.Call, ctx: Context) -> None:
    if not is_constant(kwarg(node, "allow_credentials"), True) or not _cors_call(node, ctx):
        return
    origins = _wildcard_origins(node, ctx)
    if origins is not None:
        ctx.report(CORS_WILDCARD, node, origins=origins)


# -- PB206 -------------------------------------------------------------------------------------
DEPRECATED_RESPONSE = define(
    "PB206", "deprecated-json-response-class",
    "`{name}` is deprecated since FastAPI 0.131; declare a return type or `response_model` and let "
    "Pydantic serialize the JSON",
    what="Reports uses of FastAPI's `ORJSONResponse` and `UJSONResponse`: as `response_class=`, "
    "`default_response_class=`, a returned response, or anywhere else. An import is reported only when the "
    "module never uses the imported name (a re-export), so each use site gives one finding.",
    why="Since FastAPI 0.130, a path operation with a return type or `response_model` has its JSON bytes "
    "produced by Pydantic in Rust, which the release notes measure at 2x or more. 0.131 deprecated "
    "`ORJSONResponse` and `UJSONResponse`: creating one emits `FastAPIDeprecationWarning` (a `UserWarning`, "
    "shown by default), they need the extra `orjson`/`ujson` packages, and `response_class=ORJSONResponse` "
    "now bypasses the faster path. A class of the same name that the module defines itself or imports from "
    "another package is not reported.",
    example="""
from fastapi.responses import ORJSONResponse

app = FastAPI(default_response_class=ORJSONResponse)
""",
    use_instead="""
app = FastAPI()


@app.get("/items/{item_id}")
async def read_item(item_id: int) -> Item:
    return await load_item(item_id)
""",
    references=(
        ("FastAPI: Custom Response, JSON performance",
         "https://fastapi.tiangolo.com/advanced/custom-response/"),
        FASTAPI_RELEASE_NOTES,
    ),
)

DEPRECATED_RESPONSES = ("ORJSONResponse", "UJSONResponse")


@on(ast.Name, ast.Attribute)
def _deprecated_response_use(node: ast.Name | ast.Attribute, ctx: Context) -> None:
    if not isinstance(node.ctx, ast.Load) or (isinstance(node, ast.Attribute) and node.attr not in DEPRECATED_RESPONSES):
        return
    name = _framework_name(ctx, node, DEPRECATED_RESPONSES, ("fastapi",))
    if name is not None:
        ctx.report(DEPRECATED_RESPONSE, node, name=name)


@on(ast.ImportFrom)
def _deprecated_response_import(node: ast.ImportFrom, ctx: Context) -> None:
    if node.level or not (node.module or "").partition(".")[0] == "fastapi":
        return
    for alias in node.names:
        if alias.name in DEPRECATED_RESPONSES and not _referenced(ctx, alias.asname or alias.name):
            ctx.report(DEPRECATED_RESPONSE, node, name=alias.name)


# -- PB207 -------------------------------------------------------------------------------------
COMMIT_AFTER_RESPONSE = define(
    "PB207", "commit-after-response",
    "`{call}` commits after the `yield` of request-scoped dependency `{name}`, after the response was sent; "
    "commit in the endpoint, or use `Depends({name}, scope=\"function\")`",
    what="Reports a `.commit()` call after the `yield` of a request-scoped yield dependency (passed to "
    "`Depends(...)` without `scope=\"function\"`): in the statements after the `yield`, or in the `else:` / "
    "`finally:` of the `try` around it. A `with ....begin():` block around the `yield` commits on exit and "
    "is reported too. In a module that never references it, an undecorated module-level `get_*` generator "
    "with one `yield` and `session` or `db` in its name counts as request-scoped (the default).",
    why="Since FastAPI 0.118 the code after `yield` in a dependency with the default `scope=\"request\"` runs "
    "after the response has been sent (and after background tasks). The client already has its 201 when "
    "the commit runs; if the commit fails (a unique constraint, a serialization failure, a lost "
    "connection), the data is gone and nobody is told. Commit in the endpoint or service before returning, "
    "or declare the dependency with `scope=\"function\"` (FastAPI 0.121+) so its exit code runs before the "
    "response. A rollback after `yield` is fine: it only discards work.",
    example="""
async def get_session():
    async with async_session() as session:
        yield session
        await session.commit()


SessionDep = Annotated[AsyncSession, Depends(get_session)]
""",
    use_instead="""
async def get_session():
    async with async_session() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


@app.post("/users/", status_code=201)
async def create_user(user: UserCreate, session: SessionDep) -> UserRead:
    db_user = User(**user.model_dump())
    session.add(db_user)
    await session.commit()
    return db_user
""",
    references=(
        ("FastAPI: Dependencies with yield, early exit and scope",
         "https://fastapi.tiangolo.com/tutorial/dependencies/dependencies-with-yield/#early-exit-and-scope"),
        FASTAPI_RELEASE_NOTES,
    ),
)


def _is_request_scoped(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: Context) -> bool:
    if _yield_count(fn) == 0:
        return False
    if fn.name in ctx.facts.request_scoped_dependencies:
        return True
    if fn.name in ctx.facts.function_scoped_dependencies:
        return False
    return bool(re.search(r"session|db", fn.name)) and _looks_like_dependency(fn, ctx)


def _blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [getattr(stmt, field, []) for field in ("body", "orelse", "finalbody")]
    blocks += [h.body for h in getattr(stmt, "handlers", [])]
    blocks += [case.body for case in getattr(stmt, "cases", [])]
    return [b for b in blocks if isinstance(b, list) and b and isinstance(b[0], ast.stmt)]


def _after_yield(stmts: list[ast.stmt]) -> Iterator[ast.AST]:
    """Nodes that run after the ``yield`` in `stmts` (the statements that follow it, at every level)."""
    for index, stmt in enumerate(stmts):
        if isinstance(stmt, SCOPES) or not _has_yield([stmt]):
            continue
        for block in _blocks(stmt):
            yield from _after_yield(block)
        if isinstance(stmt, TRIES):
            if _has_yield(stmt.body):
                yield from _nodes_in(stmt.orelse)
            if _has_yield(stmt.body + stmt.orelse + [s for h in stmt.handlers for s in h.body]):
                yield from _nodes_in(stmt.finalbody)
        yield from _nodes_in(stmts[index + 1:])
        return


def _is_commit(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"


@on(ast.FunctionDef, ast.AsyncFunctionDef)
def _commit_after_yield(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: Context) -> None:
    if not _is_request_scoped(fn, ctx):
        return
    for node in _after_yield(fn.body):
        if _is_commit(node):
            ctx.report(COMMIT_AFTER_RESPONSE, node, call=ast.unparse(node), name=fn.name)
    for node in _nodes_in(fn.body):
        if isinstance(node, (ast.With, ast.AsyncWith)) and _has_yield(node.body):
            for item in node.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "begin":
                    ctx.report(COMMIT_AFTER_RESPONSE, call, call=ast.unparse(call), name=fn.name)
