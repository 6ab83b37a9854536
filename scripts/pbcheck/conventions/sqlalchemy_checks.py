"""Convention checks: SQLAlchemy (PB3xx).

Names are matched through the module's imports; an import-less snippet matches by its bare or
``sa.``/``orm.``-prefixed name. What counts as a *session* (PB304, PB307) is decided in one place,
`_is_session`:

- a name bound in the function from ``AsyncSession(...)``/``Session(...)``, from a session factory
  call (a name assigned from ``async_sessionmaker(...)``/``sessionmaker(...)`` in the module, or a
  conventional factory name such as ``async_session``/``SessionLocal``), or by ``async with`` on one;
- a parameter annotated with ``AsyncSession``/``Session``, also inside ``Annotated[...]``, ``Optional[...]``
  or a module-level alias such as ``SessionDep = Annotated[AsyncSession, Depends(get_session)]``;
- otherwise (unannotated parameter, unknown call, global) a name spelled ``session``, ``db`` or
  ``db_session``, except ``session`` in a module that imports an HTTP client library (aiohttp,
  requests, httpx), where that name usually means an HTTP session.

A name bound from anything recognisably else (``aiohttp.ClientSession()``, an annotation that is not
a session type, a ``sessionmaker`` annotation) is never a session.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..registry import define
from .engine import Context, dotted, is_constant, kwarg, on, per_module

SA_ASYNCIO = "https://docs.sqlalchemy.org/en/21/orm/extensions/asyncio.html"
ASYNCIO_DOCS = ("SQLAlchemy: Asynchronous I/O (asyncio)", SA_ASYNCIO)
IMPLICIT_IO = ("SQLAlchemy: Preventing Implicit IO when Using AsyncSession", SA_ASYNCIO + "#asyncio-orm-avoid-lazyloads")
CONCURRENT_TASKS = ("SQLAlchemy: Using AsyncSession with Concurrent Tasks", SA_ASYNCIO + "#asyncio-concurrency")
SESSION_FAQ = (
    "SQLAlchemy: Is the Session thread-safe? Is AsyncSession safe to share in concurrent tasks?",
    "https://docs.sqlalchemy.org/en/21/orm/session_basics.html#session-faq-threadsafe",
)
WHEN_TO_CREATE = (
    "SQLAlchemy: When do I construct a Session, when do I commit it, and when do I close it?",
    "https://docs.sqlalchemy.org/en/21/orm/session_basics.html#session-faq-whentocreate",
)

# Modules whose Session/AsyncSession/relationship/text are SQLAlchemy's (SQLModel subclasses them).
SA_MODULES = frozenset({"sqlalchemy", "sqlmodel"})
# Unimported prefixes that conventionally stand for SQLAlchemy in snippets.
SA_PREFIXES = frozenset({"sa", "orm"})
SESSION_TYPES = ("AsyncSession", "Session")
FACTORY_TYPES = ("async_sessionmaker", "sessionmaker", "Callable", "type")
# Conventional names of session factories, recognised when the module does not show the assignment.
FACTORY_NAMES = frozenset({
    "async_session", "async_session_factory", "async_session_maker", "AsyncSessionLocal", "AsyncSessionFactory",
    "SessionLocal", "SessionFactory", "session_factory", "session_maker",
})
SESSION_NAMES = frozenset({"session", "db", "db_session"})
HTTP_LIBRARIES = frozenset({"aiohttp", "requests", "httpx", "httpx2"})
HTTP_CLIENT_TYPES = frozenset({"ClientSession", "AsyncClient", "Client"})

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


# -- names ------------------------------------------------------------------------------------
def _sa_name(ctx: Context, expr: ast.AST, *names: str) -> str | None:
    """The matching name when `expr` names SQLAlchemy's `names` (bare, imported or ``sa.``-prefixed)."""
    qualname = ctx.qualname(expr)
    if qualname is None:
        return None
    head, _, _ = qualname.partition(".")
    last = qualname.rpartition(".")[2]
    if last not in names:
        return None
    if qualname == last:
        return None if last in _local_names(ctx) else last
    if head in SA_MODULES or (head in SA_PREFIXES and head not in ctx.facts.aliases):
        return last
    return None


@per_module
def _local_names(ctx: Context) -> set[str]:
    """Names the module defines or imports relatively: a bare ``Session`` there may be a model of that name,
    or ``Session = async_sessionmaker(...)``."""
    names = {
        target.id
        for node in ctx.tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in _targets(node)
        if isinstance(target, ast.Name)
    }
    for node in ctx.nodes:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _sa_call(ctx: Context, node: ast.AST, *names: str) -> str | None:
    return _sa_name(ctx, node.func, *names) if isinstance(node, ast.Call) else None


def _has_star_kwargs(call: ast.Call) -> bool:
    """``f(**options)`` may carry any keyword: the check cannot know, so it stays silent."""
    return any(keyword.arg is None for keyword in call.keywords)


def _scope_nodes(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every node of a function or module body, not descending into nested functions or classes."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, SCOPES):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _bound_names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


# -- what the module defines --------------------------------------------------------------------
@dataclass
class _ModuleInfo:
    factories: dict[str, bool] = field(default_factory=dict)  # dotted name -> makes AsyncSessions
    session_aliases: set[str] = field(default_factory=set)  # SessionDep = Annotated[AsyncSession, ...]
    async_attrs_classes: set[str] = field(default_factory=set)  # classes deriving from AsyncAttrs
    imports_http_client: bool = False


@per_module
def _info(ctx: Context) -> _ModuleInfo:
    return _collect(ctx)


def _factory_is_async(ctx: Context, call: ast.Call) -> bool | None:
    """True for a factory of AsyncSessions, False for one of Sessions, None if `call` makes no factory."""
    kind = _sa_call(ctx, call, "async_sessionmaker", "sessionmaker")
    if kind is None:
        return None
    class_ = kwarg(call, "class_")
    return kind == "async_sessionmaker" or (class_ is not None and _sa_name(ctx, class_, "AsyncSession") is not None)


def _collect(ctx: Context) -> _ModuleInfo:
    info = _ModuleInfo()
    for node in ctx.nodes:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            info.imports_http_client |= any(m.partition(".")[0] in HTTP_LIBRARIES for m in modules)
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            names = {name for t in _targets(node) if (name := dotted(t))}
            if isinstance(node.value, ast.Call) and (is_async := _factory_is_async(ctx, node.value)) is not None:
                info.factories.update(dict.fromkeys(names, is_async))
    for node in ctx.tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            if _annotation_kind(ctx, node.value, info) == "session":
                info.session_aliases.update(t.id for t in _targets(node) if isinstance(t, ast.Name))
    classes = [n for n in ctx.nodes if isinstance(n, ast.ClassDef)]
    changed = True
    while changed:
        changed = False
        for cls in classes:
            if cls.name not in info.async_attrs_classes and any(
                _sa_name(ctx, base, "AsyncAttrs") or dotted(base) in info.async_attrs_classes for base in cls.bases
            ):
                info.async_attrs_classes.add(cls.name)
                changed = True
    return info


# -- what a name is ------------------------------------------------------------------------------
def _annotation_kind(ctx: Context, annotation: ast.AST, info: _ModuleInfo) -> str:
    """'session' if the annotation names a session type, else 'other'."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return "other"
    names = [n for n in ast.walk(annotation) if isinstance(n, (ast.Name, ast.Attribute))]
    if any(_sa_name(ctx, n, *FACTORY_TYPES) or ctx.matches(n, "typing.Callable", "collections.abc.Callable") for n in names):
        return "other"  # a factory, not a session
    if any(_sa_name(ctx, n, *SESSION_TYPES) or dotted(n) in info.session_aliases for n in names):
        return "session"
    return "other"


def _is_factory(callee: ast.AST, info: _ModuleInfo) -> bool:
    """Whether `callee` is a session factory: assigned from a sessionmaker in the module, or named like one."""
    name = dotted(callee)
    return name is not None and (name in info.factories or name.rpartition(".")[2] in FACTORY_NAMES)


def _is_factory_call(call: ast.AST, info: _ModuleInfo) -> bool:
    return isinstance(call, ast.Call) and _is_factory(call.func, info)


def _value_kind(ctx: Context, value: ast.AST, info: _ModuleInfo) -> str | None:
    """'session', 'other' or None (unknown) for the value a name is bound to."""
    if isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    if _sa_call(ctx, value, *SESSION_TYPES) or _is_factory(func, info):
        return "session"
    if isinstance(func, ast.Attribute) and func.attr == "begin" and _is_factory(func.value, info):
        return "session"  # async with async_session.begin() as session
    qualname = ctx.qualname(func) or ""
    if qualname.partition(".")[0] in HTTP_LIBRARIES or qualname.rpartition(".")[2] in HTTP_CLIENT_TYPES:
        return "other"
    return None


def _binding_kinds(ctx: Context, scope: ast.AST, name: str, info: _ModuleInfo) -> set[str | None]:
    """The kinds of every binding of `name` in `scope` (a function or the module)."""
    kinds: set[str | None] = set()
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = scope.args
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
            if arg.arg == name:
                kinds.add(_annotation_kind(ctx, arg.annotation, info) if arg.annotation is not None else None)
    body = scope.body if isinstance(scope.body, list) else [ast.Expr(scope.body)]
    for node in _scope_nodes(body):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            if any(isinstance(t, ast.Name) and t.id == name for t in _targets(node)):
                annotated = _annotation_kind(ctx, node.annotation, info) if isinstance(node, ast.AnnAssign) else None
                kinds.add(annotated if annotated == "session" else _value_kind(ctx, node.value, info))
        elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name) and node.optional_vars.id == name:
            kinds.add(_value_kind(ctx, node.context_expr, info))
    return kinds


def _is_session(ctx: Context, name: str, scope: ast.AST | None = None) -> bool:
    """Whether `name`, used in `scope` (default: the current function), is a database session (see the module doc)."""
    info = _info(ctx)
    if "." in name:
        last = name.rpartition(".")[2].lstrip("_")
        return last in SESSION_NAMES or last.endswith("session")
    if scope is None:
        scope = ctx.function.node if ctx.function is not None else ctx.tree
    kinds = _binding_kinds(ctx, scope, name, info)
    if not kinds and scope is not ctx.tree:
        if name in info.factories or name in FACTORY_NAMES:
            return False
        kinds = _binding_kinds(ctx, ctx.tree, name, info)
    if "session" in kinds:
        return True
    if "other" in kinds:
        return False
    return name in SESSION_NAMES and not (name == "session" and info.imports_http_client)


# =============================================================================================
PB301 = define(
    "PB301", "sync-session-in-async-function",
    "`{name}()` is synchronous SQLAlchemy inside `async def`: its queries block the event loop; use `{instead}`",
    what="Reports `Session(...)`, `sessionmaker(...)`, `create_engine(...)` and calls of a factory made by "
    "`sessionmaker(...)` directly inside an `async def` body. `sessionmaker(class_=AsyncSession)`, nested "
    "sync functions (the ones handed to `run_sync` or `asyncio.to_thread`) and sync `def` endpoints are "
    "not reported.",
    why="A sync `Session` talks to the database through a blocking DBAPI driver. Called from a coroutine, "
    "every query stops the event loop, and with it every other request on the worker, for the length "
    "of the round trip. The asyncio extension (`create_async_engine`, `async_sessionmaker`, "
    "`AsyncSession`) awaits the driver instead. A sync `def` endpoint is fine: FastAPI runs it in the "
    "threadpool.",
    example="""
async def list_users():
    with Session(engine) as session:
        return session.scalars(select(User)).all()
""",
    use_instead="""
async def list_users():
    async with async_session() as session:
        return (await session.scalars(select(User))).all()
""",
    references=(ASYNCIO_DOCS, ("FastAPI: Concurrency and async / await", "https://fastapi.tiangolo.com/async/")),
)

_SYNC_REPLACEMENT = {"Session": "AsyncSession", "sessionmaker": "async_sessionmaker", "create_engine": "create_async_engine"}


@on(ast.Call)
def _sync_session_in_async(node: ast.Call, ctx: Context) -> None:
    if not ctx.in_async:
        return
    name = _sa_call(ctx, node, "Session", "sessionmaker", "create_engine")
    if name == "sessionmaker" and _factory_is_async(ctx, node):
        return
    if name is None:
        factory = dotted(node.func)
        if factory is None or _info(ctx).factories.get(factory) is not False:
            return
        name, instead = factory, "async_sessionmaker"
    else:
        instead = _SYNC_REPLACEMENT[name]
    ctx.report(PB301, node, name=name, instead=instead)


# =============================================================================================
PB302 = define(
    "PB302", "session-factory-expires-on-commit",
    "`{name}()` without `expire_on_commit=False`: commit expires every loaded attribute and the next read "
    "does implicit IO, which raises `MissingGreenlet` under asyncio",
    what="Reports `async_sessionmaker(...)`, `AsyncSession(...)` and `sessionmaker(class_=AsyncSession, ...)` "
    "that do not pass `expire_on_commit=False` (an explicit `True` is reported too).",
    why="By default a session expires every object when it commits, so the next attribute read reloads it "
    "from the database. Under asyncio that reload cannot be awaited: reading `user.name` after "
    "`await session.commit()` fails with `(sqlalchemy.exc.MissingGreenlet) greenlet_spawn has not been "
    "called`, and once the session is closed with `DetachedInstanceError`. The SQLAlchemy asyncio docs configure "
    "`expire_on_commit=False`; refresh explicitly with `await session.refresh(obj)` when you need "
    "database-side values.",
    example="""
async_session = async_sessionmaker(engine)
""",
    use_instead="""
async_session = async_sessionmaker(engine, expire_on_commit=False)
""",
    references=(IMPLICIT_IO, ("SQLAlchemy: async_sessionmaker", SA_ASYNCIO + "#sqlalchemy.ext.asyncio.async_sessionmaker")),
)


@on(ast.Call)
def _expire_on_commit(node: ast.Call, ctx: Context) -> None:
    name = _sa_call(ctx, node, "async_sessionmaker", "AsyncSession", "sessionmaker")
    if name is None or (name == "sessionmaker" and not _factory_is_async(ctx, node)) or _has_star_kwargs(node):
        return
    value = kwarg(node, "expire_on_commit")
    if value is None or is_constant(value, True):
        ctx.report(PB302, node, name=name)


# =============================================================================================
PB303 = define(
    "PB303", "relationship-without-safe-lazy",
    "`relationship()` {detail}: reading the attribute lazy-loads with implicit IO, which raises "
    "`MissingGreenlet` under asyncio; set `lazy=\"raise\"`, `\"selectin\"` or `\"joined\"`",
    what="Reports `relationship(...)` without `lazy=`, or with `lazy=\"select\"`, `lazy=True` or "
    "`lazy=\"dynamic\"`. Accepted: `\"raise\"`, `\"raise_on_sql\"`, `\"selectin\"`, `\"joined\"`, "
    "`\"subquery\"`, `\"immediate\"`, `\"write_only\"`, `\"noload\"`, `False`, `None`; a `WriteOnlyMapped[...]` "
    "annotation (write-only by itself); a `lazy=` computed at run time; and models deriving from `AsyncAttrs`, "
    "which load lazy attributes explicitly with `await obj.awaitable_attrs.name` as the SQLAlchemy asyncio "
    "docs do.",
    why="The default `lazy=\"select\"` loads a relationship the first time the attribute is read. In async "
    "code that hidden query cannot be awaited, so the read fails with `MissingGreenlet` — or, worse, works "
    "in a test that happened to load the rows and fails in production. `lazy=\"raise\"` turns the mistake "
    "into a clear `InvalidRequestError` and leaves loading to the query (`selectinload`, `joinedload`); "
    "`\"selectin\"`/`\"joined\"` load eagerly every time. `\"dynamic\"` is the legacy form of `\"write_only\"` "
    "and cannot be used with asyncio.",
    example="""
class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    books: Mapped[list["Book"]] = relationship(back_populates="author")
""",
    use_instead="""
class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    books: Mapped[list["Book"]] = relationship(back_populates="author", lazy="raise")
""",
    references=(
        IMPLICIT_IO,
        ("SQLAlchemy: Relationship Loading Techniques", "https://docs.sqlalchemy.org/en/21/orm/queryguide/relationships.html"),
    ),
)

# Loader strategies that emit SQL on attribute access (True is a synonym for "select"). Any other
# literal either never loads implicitly or is not a strategy at all (SQLAlchemy rejects it).
IMPLICIT_IO_LAZY = ("select", "dynamic", True)


@on(ast.Call)
def _relationship_lazy(node: ast.Call, ctx: Context) -> None:
    if _sa_call(ctx, node, "relationship") is None or _has_star_kwargs(node):
        return
    lazy = kwarg(node, "lazy")
    if lazy is None:
        if _write_only_annotation(ctx) or _in_async_attrs_class(ctx):
            return
        ctx.report(PB303, node, detail="without `lazy=`")
    elif isinstance(lazy, ast.Constant) and any(is_constant(lazy, strategy) for strategy in IMPLICIT_IO_LAZY):
        ctx.report(PB303, node, detail=f"with `lazy={lazy.value!r}`".replace("'", '"'))


def _write_only_annotation(ctx: Context) -> bool:
    parent = ctx.parents[-1] if ctx.parents else None
    if not isinstance(parent, ast.AnnAssign):
        return False
    annotation = parent.annotation
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    return _sa_name(ctx, annotation, "WriteOnlyMapped") is not None


def _in_async_attrs_class(ctx: Context) -> bool:
    cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
    return cls is not None and cls.name in _info(ctx).async_attrs_classes


# =============================================================================================
PB304 = define(
    "PB304", "session-shared-across-tasks",
    "session `{name}` is used by several concurrent tasks; an `AsyncSession` is not safe for concurrent use, "
    "open one session per task",
    what="Reports one session passed to (or used by) several concurrent tasks: `tg.create_task(...)`/"
    "`tg.start_soon(...)` in a loop or more than once in one task group, `asyncio.create_task(...)` in a "
    "loop or more than once in a function, and `asyncio.gather(...)` of several calls using the session "
    "(or of a comprehension). A task in a loop that binds its own session each iteration, and a session "
    "factory passed instead of a session, are not reported. What counts as a session is a name bound "
    "from `AsyncSession`/a session factory, a parameter annotated `AsyncSession` (also through "
    "`Annotated`/a `SessionDep` alias), or an unannotated `session`/`db`/`db_session` (`session` not "
    "when the module imports aiohttp, requests or httpx).",
    why="An `AsyncSession` is one transaction on one connection, with one identity map and one unit of "
    "work; SQLAlchemy documents it as not safe for concurrent tasks. Depending on timing, sharing one "
    "fails with `This session is provisioning a new connection; concurrent operations are not "
    "permitted` or `Session is already flushing`, or, worse, runs without error and interleaves the "
    "tasks' statements in one transaction, so one task's rollback discards another's work. Give each "
    "task its own session from the factory.",
    example="""
async def refresh_prices(session, product_ids):
    async with asyncio.TaskGroup() as tg:
        for product_id in product_ids:
            tg.create_task(refresh_price(session, product_id))
""",
    use_instead="""
async def refresh_price(session_factory, product_id):
    async with session_factory() as session:
        ...


async def refresh_prices(session_factory, product_ids):
    async with asyncio.TaskGroup() as tg:
        for product_id in product_ids:
            tg.create_task(refresh_price(session_factory, product_id))
""",
    references=(CONCURRENT_TASKS, SESSION_FAQ),
)


def _names_used_by(call: ast.AST) -> list[str]:
    """Names a task's call hands to the task: direct arguments and the object whose method it calls.

    ``f(session, x)``, ``f(db=session)``, ``session.execute(stmt)`` and ``Repo(session).get(x)`` all use
    ``session``; ``f(session.info)`` does not.
    """
    if not isinstance(call, ast.Call):
        return []
    names = [a.id for a in call.args if isinstance(a, ast.Name)]
    names += [k.value.id for k in call.keywords if isinstance(k.value, ast.Name)]
    func = call.func
    while isinstance(func, (ast.Attribute, ast.Call)):
        if isinstance(func, ast.Call):
            names += _names_used_by(func)
            break
        func = func.value
    if isinstance(func, ast.Name) and func is not call.func:
        names.append(func.id)
    return names


def _start_soon_names(call: ast.Call) -> list[str]:
    """``tg.start_soon(worker, session)``: the arguments after the function, and its receiver."""
    if not call.args:
        return []
    fake = ast.Call(func=call.args[0], args=list(call.args[1:]), keywords=[])
    return _names_used_by(fake)


def _calls_in(body: list[ast.stmt]) -> Iterator[tuple[ast.Call, tuple[ast.AST, ...], ast.AST | None]]:
    """(call, enclosing loops inside `body`, parent) for each call, not entering nested scopes."""
    stack: list[tuple[ast.AST, tuple[ast.AST, ...], ast.AST | None]] = [(n, (), None) for n in reversed(body)]
    while stack:
        node, loops, parent = stack.pop()
        if isinstance(node, SCOPES):
            continue
        if isinstance(node, ast.Call):
            yield node, loops, parent
        repeated = _repeated_parts(node)
        stack.extend(
            (child, (*loops, node) if child in repeated else loops, node)
            for child in reversed(list(ast.iter_child_nodes(node)))
        )


def _repeated_parts(node: ast.AST) -> list[ast.AST]:
    """The children of a loop or comprehension that run once per iteration (not its first iterable)."""
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return [*node.body]
    if isinstance(node, ast.While):
        return [node.test, *node.body]
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return [node.elt, *node.generators[1:]]
    if isinstance(node, ast.DictComp):
        return [node.key, node.value, *node.generators[1:]]
    return []


def _rebinds_each_iteration(loop: ast.AST, name: str) -> bool:
    """Whether each iteration of `loop` binds `name` afresh (its target, or an assignment/with in its body)."""
    if isinstance(loop, (ast.For, ast.AsyncFor)) and name in _bound_names(loop.target):
        return True
    if isinstance(loop, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return any(name in _bound_names(g.target) for g in loop.generators)
    body = getattr(loop, "body", [])
    return _bindings(body if isinstance(body, list) else [], name) > 0


def _bindings(body: list[ast.stmt], name: str) -> int:
    """How many statements in `body` bind `name` (assignment, ``with ... as``, loop target)."""
    count = 0
    for node in _scope_nodes(body):
        if isinstance(node, ast.Assign):
            count += any(name in _bound_names(t) for t in node.targets)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For, ast.AsyncFor)):
            count += name in _bound_names(node.target)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            count += name in _bound_names(node.optional_vars)
    return count


Spawn = tuple[ast.Call, list[str], tuple[ast.AST, ...]]


def _report_shared(ctx: Context, spawns: list[Spawn], body: list[ast.stmt], scope: ast.AST | None = None) -> None:
    """Report spawns that hand one session to several concurrent tasks.

    A spawn in a loop shares the session unless one of its loops binds the name afresh each iteration.
    Straight-line spawns share it when two of them use a name that `body` binds at most once (two
    ``async with factory() as session`` blocks are two sessions).
    """
    seen: dict[str, int] = {}
    reported: set[int] = set()
    for call, names, loops in spawns:
        for name in dict.fromkeys(names):
            if id(call) in reported or not _is_session(ctx, name, scope):
                continue
            if loops:
                shared = not any(_rebinds_each_iteration(loop, name) for loop in loops)
            else:
                seen[name] = seen.get(name, 0) + 1
                shared = seen[name] > 1 and _bindings(body, name) <= 1
            if shared:
                reported.add(id(call))
                ctx.report(PB304, call, name=name)


@on(ast.AsyncWith)
def _task_group_shares_session(node: ast.AsyncWith, ctx: Context) -> None:
    groups = {
        item.optional_vars.id
        for item in node.items
        if isinstance(item.optional_vars, ast.Name)
        and ctx.call_matches(item.context_expr, "asyncio.TaskGroup", "anyio.create_task_group")
    }
    if not groups:
        return
    spawns: list[Spawn] = []
    for call, loops, _parent in _calls_in(node.body):
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in groups:
            if func.attr == "create_task" and call.args:
                spawns.append((call, _names_used_by(call.args[0]), loops))
            elif func.attr == "start_soon":
                spawns.append((call, _start_soon_names(call), loops))
    _report_shared(ctx, spawns, node.body)


@on(ast.AsyncFunctionDef)
def _create_task_shares_session(node: ast.AsyncFunctionDef, ctx: Context) -> None:
    spawns: list[Spawn] = [
        (call, _names_used_by(call.args[0]), loops)
        for call, loops, parent in _calls_in(node.body)
        if ctx.call_matches(call, "asyncio.create_task", "asyncio.ensure_future") and call.args
        and not isinstance(parent, ast.Await)  # awaited at once: one task at a time
    ]
    # The handler runs before the engine enters `node`, so names are resolved in `node` explicitly.
    _report_shared(ctx, spawns, node.body, scope=node)


@on(ast.Call)
def _gather_shares_session(node: ast.Call, ctx: Context) -> None:
    if not ctx.call_matches(node, "asyncio.gather"):
        return
    uses: dict[str, int] = {}
    for arg in node.args:
        if isinstance(arg, ast.Starred) and isinstance(arg.value, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            bound = set().union(*(_bound_names(g.target) for g in arg.value.generators))
            for name in set(_names_used_by(arg.value.elt)) - bound:
                uses[name] = uses.get(name, 0) + 2  # one call per element
            continue
        elements = arg.value.elts if isinstance(arg, ast.Starred) and isinstance(arg.value, (ast.List, ast.Tuple)) else [arg]
        for element in elements:
            for name in set(_names_used_by(element)):
                uses[name] = uses.get(name, 0) + 1
    shared = next((name for name, count in uses.items() if count > 1 and _is_session(ctx, name)), None)
    if shared is not None:
        ctx.report(PB304, node, name=shared)


# =============================================================================================
PB305 = define(
    "PB305", "module-level-session",
    "session created at import time (`{name}`): every request and task shares it; create the session per "
    "unit of work from a module-level `async_sessionmaker`",
    what="Reports `AsyncSession(...)`, `Session(...)` or a session factory call (`async_session()`, "
    "`SessionLocal()`) assigned at module or class level. A module-level engine or `async_sessionmaker(...)` "
    "is not reported: the factory is the documented global. Code under `if __name__ == \"__main__\":` is a "
    "script and is not reported.",
    why="A session is one transaction and an identity map: it is meant to live for one request or one job. "
    "A global session is shared by every concurrent request, which is unsafe (see PB304); it keeps every "
    "object it ever loaded in memory and serves stale data from its identity map; and after one failed "
    "flush it stays unusable until someone rolls it back. Keep the engine and the session factory global "
    "and open a session per request (a FastAPI dependency) or per task.",
    example="""
engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)
session = async_session()
""",
    use_instead="""
engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)


async def get_session():
    async with async_session() as session:
        yield session
""",
    references=(WHEN_TO_CREATE, ASYNCIO_DOCS),
)


@on(ast.Assign, ast.AnnAssign)
def _module_level_session(node: ast.Assign | ast.AnnAssign, ctx: Context) -> None:
    if ctx.function is not None or node.value is None or _under_main_guard(ctx):
        return
    value = node.value
    if _sa_call(ctx, value, *SESSION_TYPES) or _is_factory_call(value, _info(ctx)):
        ctx.report(PB305, node, name=", ".join(dotted(t) or "?" for t in _targets(node)))


def _under_main_guard(ctx: Context) -> bool:
    for parent in ctx.parents:
        test = getattr(parent, "test", None)
        if isinstance(parent, ast.If) and isinstance(test, ast.Compare) and isinstance(test.left, ast.Name):
            if test.left.id == "__name__" and any(is_constant(c, "__main__") for c in test.comparators):
                return True
    return False


# =============================================================================================
PB306 = define(
    "PB306", "sql-text-from-string-formatting",
    "`text()` built with {how}: values spliced into SQL allow injection; write `:name` placeholders and "
    "pass the values as parameters",
    what="Reports `text(...)` whose SQL is an f-string with placeholders, a `%` format, a `+` concatenation "
    "with a non-literal part, or a `.format(...)` call, directly or through a variable assigned (or `+=`-"
    "extended) that way earlier in the same function. Not reported: bound parameters (`text(\"... :id\")` "
    "with `.bindparams()` or `execute(stmt, {\"id\": ...})`), f-strings without placeholders, and "
    "concatenations of literals.",
    why="Formatting a value into SQL text makes the value part of the statement: a quote in it changes the "
    "SQL (injection), and every distinct value is a new statement for the driver's prepared-statement "
    "cache. `text()` supports named bound parameters; the driver sends the values separately and they "
    "are never parsed as SQL. Identifiers (table or column names) cannot be parameters: choose them from "
    "a fixed set in code, or build the statement with `select()`/`table()`.",
    example="""
async def find_user(session, email):
    result = await session.execute(text(f"SELECT id FROM users WHERE email = '{email}'"))
    return result.scalar_one_or_none()
""",
    use_instead="""
async def find_user(session, email):
    result = await session.execute(text("SELECT id FROM users WHERE email = :email"), {"email": email})
    return result.scalar_one_or_none()
""",
    references=(
        ("SQLAlchemy: Sending Parameters", "https://docs.sqlalchemy.org/en/21/tutorial/dbapi_transactions.html#sending-parameters"),
        ("SQLAlchemy: text()", "https://docs.sqlalchemy.org/en/21/core/sqlelement.html#sqlalchemy.sql.expression.text"),
    ),
)


class _SqlSource:
    """Whether SQL text is fixed in the source, resolving names through the assignments in scope.

    A name is fixed SQL when every assignment to it in the current function (or, if it has none there,
    the module) is itself fixed: ``sql = "SELECT ..."`` then ``sql += " WHERE active"`` is fixed; a
    parameter is not.
    """

    def __init__(self, ctx: Context) -> None:
        self.scopes = [ctx.function.node, ctx.tree] if ctx.function is not None else [ctx.tree]
        self.resolving: set[str] = set()

    def assignments(self, name: str) -> tuple[list[tuple[int, ast.AST, ast.expr]], bool]:
        """(line, statement, value) of each assignment to `name` in the innermost scope that binds it,
        and whether that scope also binds it as a parameter (a value from the caller)."""
        for scope in self.scopes:
            body = scope.body if isinstance(getattr(scope, "body", None), list) else []
            found = [
                (node.lineno, node, node.value)
                for node in _scope_nodes(body)
                if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None
                and any(isinstance(t, ast.Name) and t.id == name for t in _targets(node))
            ]
            parameter = isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_parameter(scope, name)
            if found or parameter:
                return found, parameter
        return [], False

    def fixed(self, expr: ast.AST) -> bool:
        """A literal, an f-string without placeholders, a name holding fixed SQL, or a choice/concatenation of those."""
        if isinstance(expr, ast.Constant):
            return isinstance(expr.value, str)
        if isinstance(expr, ast.JoinedStr):
            return not any(isinstance(v, ast.FormattedValue) for v in expr.values)
        if isinstance(expr, ast.IfExp):
            return self.fixed(expr.body) and self.fixed(expr.orelse)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self.fixed(expr.left) and self.fixed(expr.right)
        if isinstance(expr, ast.Name) and expr.id not in self.resolving:
            self.resolving.add(expr.id)
            try:
                found, parameter = self.assignments(expr.id)
                return bool(found) and not parameter and all(self.fixed(value) for _, _, value in found)
            finally:
                self.resolving.discard(expr.id)
        return False

    def formatting(self, expr: ast.AST) -> str | None:
        """How `expr` splices values into a string, or None if it does not."""
        if isinstance(expr, ast.JoinedStr):
            return None if self.fixed(expr) else "an f-string"
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod) and _is_str(expr.left):
            return "`%` formatting"
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            parts = _concat_parts(expr)
            how = next((h for p in parts if (h := self.formatting(p))), None)
            if how is None and any(_is_str(p) for p in parts) and not all(self.fixed(p) for p in parts):
                how = "string concatenation"
            return how
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
            return "`str.format()`" if expr.args or expr.keywords else None
        return None

    def built_by(self, name: str, before: int) -> str | None:
        """How the SQL held in `name` at line `before` was built: its last assignment, and any ``+=`` after it."""
        earlier = [(line, node, value) for line, node, value in self.assignments(name)[0] if line < before]
        plain = [(line, value) for line, node, value in earlier if not isinstance(node, ast.AugAssign)]
        if not plain:
            return None
        line, value = max(plain, key=lambda item: item[0])
        extensions = (self.formatting(v) for n_line, node, v in earlier if isinstance(node, ast.AugAssign) and n_line > line)
        return self.formatting(value) or next((how for how in extensions if how), None)


def _targets(node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[ast.expr]:
    return node.targets if isinstance(node, ast.Assign) else [node.target]


def _is_parameter(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    args = function.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return any(arg is not None and arg.arg == name for arg in every)


def _is_str(expr: ast.AST) -> bool:
    return (isinstance(expr, ast.Constant) and isinstance(expr.value, str)) or isinstance(expr, ast.JoinedStr)


def _concat_parts(expr: ast.AST) -> list[ast.AST]:
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _concat_parts(expr.left) + _concat_parts(expr.right)
    return [expr]


@on(ast.Call)
def _text_formatting(node: ast.Call, ctx: Context) -> None:
    if _sa_call(ctx, node, "text") is None:
        return
    sql = node.args[0] if node.args else kwarg(node, "text")
    if sql is None:
        return
    source = _SqlSource(ctx)
    how = source.formatting(sql)
    if how is None and isinstance(sql, ast.Name):
        how = source.built_by(sql.id, node.lineno)
    if how is not None:
        ctx.report(PB306, node, how=how)


# =============================================================================================
PB307 = define(
    "PB307", "commit-or-flush-in-loop",
    "`{call}()` in a loop that adds rows one at a time: one database round trip per row; add the rows and "
    "commit once after the loop, or bulk insert with `session.execute(insert(Model), rows)`",
    what="Reports `session.commit()`/`session.flush()` (awaited or not) placed unconditionally in a "
    "`for`/`while` loop whose body also calls `session.add(...)` on the same session. Not reported: a "
    "commit after the loop; a commit under an `if` (a commit every N rows); a loop over chunks that calls "
    "`add_all(chunk)` and commits per chunk (the chunking pattern); a consumer loop (`while True`, or a body "
    "that awaits something besides the session, such as `queue.get()`), where each message is its own unit "
    "of work.",
    why="Each commit is a round trip that ends a transaction and, with the default `expire_on_commit`, "
    "expires everything in the session; each flush is at least one INSERT statement. Inside a loop that makes the "
    "import cost one round trip per row (thousands of rows, thousands of round trips) and leaves a "
    "half-written batch behind when row 500 fails. `session.add_all(...)` then one commit lets the unit of work "
    "batch the INSERTs; `await session.execute(insert(Model), rows)` uses SQLAlchemy's bulk "
    "\"insertmanyvalues\" path (1000 rows per statement by default).",
    example="""
async def import_users(session, rows):
    for row in rows:
        session.add(User(**row))
        await session.commit()
""",
    use_instead="""
async def import_users(session, rows):
    await session.execute(insert(User), rows)
    await session.commit()
""",
    references=(
        ("SQLAlchemy: ORM Bulk INSERT Statements", "https://docs.sqlalchemy.org/en/21/orm/queryguide/dml.html#orm-queryguide-bulk-insert"),
        WHEN_TO_CREATE,
    ),
)


@on(ast.Call)
def _commit_in_loop(node: ast.Call, ctx: Context) -> None:
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("commit", "flush") and ctx.frame.loops):
        return
    receiver = dotted(func.value)
    loop = ctx.frame.loops[-1]
    if receiver is None or not _is_session(ctx, receiver) or _conditional_within(ctx, loop) or _consumes(loop, receiver):
        return
    if any(_adds_to(call, receiver) for call, loops, _ in _calls_in(loop.body) if not loops):
        ctx.report(PB307, node, call=f"{receiver}.{func.attr}")


def _conditional_within(ctx: Context, loop: ast.AST) -> bool:
    """Whether an `if`/`match` (or a conditional expression) stands between `loop` and the current node."""
    inside = ctx.parents[ctx.parents.index(loop) + 1:]
    return any(isinstance(p, (ast.If, ast.IfExp, ast.Match)) for p in inside)


def _consumes(loop: ast.For | ast.AsyncFor | ast.While, receiver: str) -> bool:
    """Whether `loop` is a consumer: ``while True`` or a body that awaits something besides the session.

    A worker that takes one message at a time from a queue or a socket and commits each one is a unit
    of work per message, not a batch import.
    """
    if isinstance(loop, ast.While) and isinstance(loop.test, ast.Constant) and loop.test.value:
        return True
    for node in _scope_nodes(loop.body):
        if isinstance(node, ast.Await):
            call = node.value
            callee = dotted(call.func) if isinstance(call, ast.Call) else None
            if callee is None or not callee.startswith(receiver + "."):
                return True
    return False


def _adds_to(call: ast.Call, receiver: str) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "add" and dotted(func.value) == receiver


# =============================================================================================
PB308 = define(
    "PB308", "async-engine-without-async-driver",
    "`create_async_engine()` URL `{scheme}` {problem}; name an async driver, e.g. `postgresql+asyncpg://` or "
    "`sqlite+aiosqlite://`",
    what="Reports `create_async_engine(...)` whose URL (a string literal, or the literal start of an "
    "f-string, as the first argument or `url=`) names no driver or a synchronous one: "
    "`postgresql://`, `postgres://`, `sqlite:///`, `mysql://`, `postgresql+psycopg2://`, `mysql+pymysql://`... "
    "Async drivers: `asyncpg`, `psycopg`/`psycopg_async` (psycopg 3), `aiosqlite`, `aiomysql`, `asyncmy`, "
    "`oracledb`, `aioodbc`.",
    why="The asyncio extension needs an asyncio DBAPI. A URL without a driver picks the dialect's default: "
    "`pysqlite` and `mysqldb` are synchronous, so `create_async_engine` raises `The asyncio extension "
    "requires an async driver to be used`. For PostgreSQL the default was psycopg2 (synchronous) up to "
    "SQLAlchemy 2.0 and is psycopg 3 since 2.1, so the same URL fails, or needs a package you did not "
    "install (`No module named 'psycopg'` when you installed asyncpg), depending on the version. "
    "`postgres://` is not a SQLAlchemy dialect name at all. Naming the driver makes the URL mean one "
    "thing.",
    example="""
engine = create_async_engine("postgresql://app@db/app", pool_pre_ping=True)
""",
    use_instead="""
engine = create_async_engine("postgresql+asyncpg://app@db/app", pool_pre_ping=True)
""",
    references=(
        ASYNCIO_DOCS,
        ("SQLAlchemy: Engine Configuration, Database URLs", "https://docs.sqlalchemy.org/en/21/core/engines.html#database-urls"),
        ("SQLAlchemy 2.1 migration: default PostgreSQL driver is psycopg", "https://docs.sqlalchemy.org/en/21/changelog/migration_21.html"),
    ),
)

ASYNC_DRIVERS = frozenset({
    "asyncpg", "psycopg", "psycopg_async", "aiosqlite", "aiomysql", "asyncmy", "oracledb", "oracledb_async", "aioodbc",
})
SYNC_DRIVERS = frozenset({
    "psycopg2", "psycopg2cffi", "pg8000", "pysqlite", "pysqlcipher", "pymysql", "mysqldb", "mysqlconnector",
    "mariadbconnector", "cymysql", "pyodbc", "pymssql", "cx_oracle",
})
DIALECTS = frozenset({"postgresql", "postgres", "sqlite", "mysql", "mariadb", "oracle", "mssql"})
URL_SCHEME = re.compile(r"^(?P<dialect>[A-Za-z]+)(?:\+(?P<driver>[A-Za-z0-9_]+))?://")


def _url_prefix(expr: ast.AST | None) -> str | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.JoinedStr) and expr.values and isinstance(expr.values[0], ast.Constant):
        return str(expr.values[0].value)
    return None


@on(ast.Call)
def _async_engine_driver(node: ast.Call, ctx: Context) -> None:
    if _sa_call(ctx, node, "create_async_engine") is None:
        return
    url = _url_prefix(node.args[0] if node.args else kwarg(node, "url"))
    match = URL_SCHEME.match(url or "")
    if match is None or match["dialect"].lower() not in DIALECTS:
        return
    dialect, driver = match["dialect"].lower(), (match["driver"] or "").lower()
    if dialect == "postgres":
        problem = "is not a SQLAlchemy dialect name (`postgresql`) and names no driver"
    elif not driver:
        problem = "names no driver, so the dialect's default DBAPI is used"
    elif driver in SYNC_DRIVERS:
        problem = f"names `{driver}`, a synchronous driver"
    else:
        return
    ctx.report(PB308, node, scheme=match.group(0), problem=problem)
