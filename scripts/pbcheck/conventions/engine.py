"""One walk per syntax tree; scope is tracked here, in one place, for every convention check.

A check registers a handler for the node types it cares about::

    @on(ast.Call)
    def _gather(node: ast.Call, ctx: Context) -> None:
        if ctx.call_matches(node, "asyncio.gather"):
            ctx.report(GATHER, node)

While walking, `Context` knows the enclosing function frames (async? a route handler? a lifespan? a
FastAPI dependency? a context manager?), the open ``with`` blocks and loops of the current function,
the task groups in scope, and the module's import aliases. Findings on a line carrying
``# noqa: PB101`` (codes required) are dropped.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import wraps
from typing import TypeVar

from ..findings import Finding
from ..registry import Check

Handler = Callable[[ast.AST, "Context"], None]
T = TypeVar("T")
HANDLERS: dict[type[ast.AST], list[Handler]] = {}

# Decorator attributes that make a function a route handler: @app.get(...), @router.websocket(...).
ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "websocket"})
CONTEXT_MANAGER_DECORATORS = ("contextlib.asynccontextmanager", "contextlib.contextmanager")
NOQA_RE = re.compile(r"#\s*noqa\s*:\s*(?P<codes>PB\d{3}(?:\s*,\s*PB\d{3})*)", re.IGNORECASE)
TASK_GROUP = "asyncio.TaskGroup"


def on(*node_types: type[ast.AST]) -> Callable[[Handler], Handler]:
    """Register a handler for the given node types."""

    def register(handler: Handler) -> Handler:
        for node_type in node_types:
            HANDLERS.setdefault(node_type, []).append(handler)
        return handler

    return register


def per_module(compute: Callable[[Context], T]) -> Callable[[Context], T]:
    """Run a whole-module pre-pass once per checked module (the result lives on the Context)."""

    @wraps(compute)
    def cached(ctx: Context) -> T:
        if compute not in ctx.memo:
            ctx.memo[compute] = compute(ctx)
        return ctx.memo[compute]  # type: ignore[return-value]

    return cached


@dataclass
class Frame:
    """A function (or lambda) being walked, or the module itself."""

    node: ast.AST
    is_async: bool = False
    is_route: bool = False
    is_lifespan: bool = False
    is_dependency: bool = False
    is_context_manager: bool = False
    withs: list[ast.With | ast.AsyncWith] = field(default_factory=list)
    loops: list[ast.For | ast.AsyncFor | ast.While] = field(default_factory=list)
    task_groups: set[str] = field(default_factory=set)  # names bound by `async with TaskGroup() as tg`

    @property
    def name(self) -> str:
        return getattr(self.node, "name", "")


@dataclass
class ModuleFacts:
    """What a check may need to know about the whole module before the walk."""

    aliases: dict[str, str] = field(default_factory=dict)  # local name -> dotted origin
    dependencies: set[str] = field(default_factory=set)  # names passed to Depends()/Security()
    function_scoped_dependencies: set[str] = field(default_factory=set)  # Depends(f, scope="function")
    request_scoped_dependencies: set[str] = field(default_factory=set)  # every other Depends(f)
    lifespans: set[str] = field(default_factory=set)  # names passed as lifespan=
    session_factories: set[str] = field(default_factory=set)  # names assigned from (async_)sessionmaker()


def dotted(expr: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return None


def kwarg(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword argument `name`, or None."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def is_constant(expr: ast.AST | None, value: object) -> bool:
    return isinstance(expr, ast.Constant) and type(expr.value) is type(value) and expr.value == value


def _collect_facts(nodes: list[ast.AST]) -> ModuleFacts:
    facts = ModuleFacts()
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    facts.aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if alias.name != "*":
                    facts.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    ctx = Context.__new__(Context)
    ctx.facts = facts
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        if ctx.call_matches(node, "Depends", "Security") and node.args:
            name = dotted(node.args[0])
            if name:
                # Functions are matched by their own name: Depends(deps.get_db) names `get_db`.
                name = name.rsplit(".", 1)[-1]
                facts.dependencies.add(name)
                scoped = is_constant(kwarg(node, "scope"), "function")
                (facts.function_scoped_dependencies if scoped else facts.request_scoped_dependencies).add(name)
        lifespan = kwarg(node, "lifespan")
        if lifespan is not None and dotted(lifespan):
            facts.lifespans.add(str(dotted(lifespan)).rsplit(".", 1)[-1])
    for node in nodes:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
            if ctx.call_matches(node.value, "async_sessionmaker", "sessionmaker"):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                facts.session_factories.update(n for t in targets if (n := dotted(t)))
    return facts


class Context:
    """Where the walk is, and how a check reports."""

    def __init__(
        self,
        tree: ast.Module,
        source: str,
        path: str,
        position: Callable[[int, int], tuple[int, int]] | None = None,
    ) -> None:
        self.tree = tree
        self.path = path
        self.lines = source.splitlines()
        self.position = position or (lambda line, col: (line, col))
        self.nodes: list[ast.AST] = list(ast.walk(tree))  # every node once, for whole-module pre-passes
        self.facts = _collect_facts(self.nodes)
        self.frames: list[Frame] = [Frame(tree)]
        self.parents: list[ast.AST] = []  # ancestors of the node being handled, nearest last
        self.findings: list[Finding] = []
        self.memo: dict[Callable[..., object], object] = {}  # see `per_module`

    # -- names -------------------------------------------------------------------------------
    def qualname(self, expr: ast.AST) -> str | None:
        """The dotted name of `expr` with its first part resolved through the module's imports."""
        name = dotted(expr)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        origin = self.facts.aliases.get(head, head)
        return f"{origin}.{rest}" if rest else origin

    def matches(self, expr: ast.AST, *targets: str) -> bool:
        """Whether `expr` names one of `targets` (``time.sleep`` matches ``t.sleep`` after ``import time as t``).

        A target also matches a longer origin ending in it: ``create_async_engine`` matches
        ``sqlalchemy.ext.asyncio.create_async_engine``.
        """
        name = self.qualname(expr)
        return name is not None and any(name == t or name.endswith("." + t) for t in targets)

    def call_matches(self, call: ast.AST, *targets: str) -> bool:
        return isinstance(call, ast.Call) and self.matches(call.func, *targets)

    # -- scope -------------------------------------------------------------------------------
    @property
    def frame(self) -> Frame:
        return self.frames[-1]

    @property
    def function(self) -> Frame | None:
        """The innermost function or lambda frame (None at module or class level)."""
        return self.frames[-1] if len(self.frames) > 1 else None

    @property
    def in_async(self) -> bool:
        """Directly inside an ``async def`` body (a nested sync def or lambda is not)."""
        return self.frame.is_async

    @property
    def in_route(self) -> bool:
        return self.frame.is_route

    @property
    def in_lifespan(self) -> bool:
        return any(f.is_lifespan for f in self.frames)

    @property
    def at_module_level(self) -> bool:
        return len(self.frames) == 1 and not any(isinstance(p, ast.ClassDef) for p in self.parents)

    def in_task_group(self, receiver: str | None = None) -> bool:
        """Inside ``async with asyncio.TaskGroup() as tg`` (optionally: one bound to `receiver`)."""
        groups = set().union(*(f.task_groups for f in self.frames))
        return bool(groups) if receiver is None else receiver in groups

    def enclosing_withs(self) -> Iterator[ast.withitem]:
        """The ``with`` items open around the current node in the current function, innermost first."""
        for node in reversed(self.frame.withs):
            yield from reversed(node.items)

    # -- reporting ---------------------------------------------------------------------------
    def report(self, check: Check, node: ast.AST, **values: object) -> None:
        line = getattr(node, "lineno", 1)
        col = self._column(line, getattr(node, "col_offset", 0))
        if self._suppressed(line, check.code):
            return
        out_line, out_col = self.position(line, col)
        self.findings.append(check.finding(self.path, out_line, out_col, **values))

    def _column(self, line: int, byte_offset: int) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1

    def _suppressed(self, line: int, code: str) -> bool:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        match = NOQA_RE.search(text)
        return bool(match) and code in re.split(r"\s*,\s*", match.group("codes").upper())


class _Walker:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def walk(self, node: ast.AST) -> None:
        ctx = self.ctx
        for handler in HANDLERS.get(type(node), ()):
            handler(node, ctx)
        ctx.parents.append(node)
        try:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._function(node)
            elif isinstance(node, ast.Lambda):
                self._children(node.args)
                self._in_frame(Frame(node), [node.body])
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                self._with(node)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
                head = [node.test] if isinstance(node, ast.While) else [node.target, node.iter]
                self._all(head)
                ctx.frame.loops.append(node)
                self._all(node.body)
                ctx.frame.loops.pop()
                self._all(node.orelse)
            else:
                self._children(node)
        finally:
            ctx.parents.pop()

    def _all(self, nodes: Iterable[ast.AST]) -> None:
        for child in nodes:
            self.walk(child)

    def _children(self, node: ast.AST) -> None:
        self._all(ast.iter_child_nodes(node))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        ctx = self.ctx
        # Decorators, defaults and annotations run in the enclosing scope.
        self._all(node.decorator_list)
        self._children(node.args)
        if node.returns is not None:
            self.walk(node.returns)
        frame = Frame(
            node,
            is_async=isinstance(node, ast.AsyncFunctionDef),
            is_route=is_route_handler(node),
            is_context_manager=any(ctx.matches(_decorator_target(d), *CONTEXT_MANAGER_DECORATORS) or
                                   ctx.matches(_decorator_target(d), "asynccontextmanager", "contextmanager")
                                   for d in node.decorator_list),
            is_dependency=node.name in ctx.facts.dependencies,
        )
        frame.is_lifespan = node.name in ctx.facts.lifespans or (frame.is_context_manager and "lifespan" in node.name)
        self._in_frame(frame, node.body)

    def _in_frame(self, frame: Frame, body: list[ast.AST]) -> None:
        self.ctx.frames.append(frame)
        try:
            self._all(body)
        finally:
            self.ctx.frames.pop()

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        ctx = self.ctx
        self._all(node.items)
        frame = ctx.frame
        added = {
            item.optional_vars.id
            for item in node.items
            if isinstance(item.optional_vars, ast.Name) and ctx.call_matches(item.context_expr, TASK_GROUP)
        }
        new = added - frame.task_groups
        frame.task_groups |= new
        frame.withs.append(node)
        try:
            self._all(node.body)
        finally:
            frame.withs.pop()
            frame.task_groups -= new


def _decorator_target(decorator: ast.AST) -> ast.AST:
    return decorator.func if isinstance(decorator, ast.Call) else decorator


def _is_route_decorator(decorator: ast.AST) -> bool:
    return (
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr in ROUTE_METHODS
    )


def is_route_handler(function: ast.AST) -> bool:
    """Decorated with a route method of any receiver: ``@app.get(...)``, ``@router.websocket(...)``."""
    return any(_is_route_decorator(d) for d in getattr(function, "decorator_list", ()))


def check_tree(
    tree: ast.Module,
    source: str,
    path: str,
    position: Callable[[int, int], tuple[int, int]] | None = None,
) -> list[Finding]:
    """Run every registered convention check over one parsed module."""
    from ..registry import load_all

    load_all()
    ctx = Context(tree, source, path, position)
    _Walker(ctx).walk(tree)
    return sorted(set(ctx.findings))
