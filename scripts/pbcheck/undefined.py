"""Undefined names in a module made of several code blocks, in the spirit of pyflakes.

Statements that run when the module is imported (module level, class bodies, decorators, defaults)
may only use names bound *before* them; function bodies may use any module-level name. Names are
resolved through enclosing functions, comprehensions, class bodies and builtins.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MODULE_NAMES = frozenset({"__name__", "__file__", "__doc__", "__spec__", "__loader__", "__package__", "__builtins__", "__annotations__"})
BUILTINS = frozenset(dir(builtins)) | MODULE_NAMES


@dataclass(frozen=True)
class UndefinedName:
    block: int  # index of the block in the list given
    line: int
    col: int
    name: str


def _target_names(target: ast.AST) -> Iterator[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Starred) and isinstance(node.value, ast.Name):
            yield node.value.id


def _pattern_names(pattern: ast.AST) -> Iterator[str]:
    for node in ast.walk(pattern):
        if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            yield node.name
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest


def bound_names(body: Iterable[ast.stmt]) -> set[str]:
    """Names a function/class/module body binds itself (not inside nested scopes)."""
    names: set[str] = set()
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue  # its body is another scope (decorators/defaults cannot bind names but walrus)
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(node, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names if a.name != "*")
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.match_case):
            names.update(_pattern_names(node.pattern))
        stack.extend(ast.iter_child_nodes(node))
    return names


def _global_declarations(tree: ast.AST) -> set[str]:
    return {name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names}


class _Checker:
    """Walks statements. `visible`: names a load may see here (mutated as ordered code binds names);
    `ordered`: execution order matters (module level, class bodies); `fview`: what a function body
    defined here may see (module names and enclosing function scopes, never class bodies)."""

    def __init__(self, module_names: set[str], future_annotations: bool) -> None:
        self.module_names = module_names
        self.future_annotations = future_annotations
        self.problems: list[tuple[int, int, str]] = []

    def stmts(self, body: list[ast.stmt], visible: set[str], ordered: bool, fview: set[str]) -> None:
        for stmt in body:
            self.node(stmt, visible, ordered, fview)
            if ordered:
                visible |= bound_names([stmt])

    def bind(self, names: Iterable[str], visible: set[str], ordered: bool) -> None:
        if ordered:
            visible.update(names)

    def node(self, node: ast.AST, visible: set[str], ordered: bool, fview: set[str]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            self.function(node, visible, ordered, fview)
        elif isinstance(node, ast.ClassDef):
            for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
                self.node(expr, visible, ordered, fview)
            # A class body runs at definition time, in order; its names are not visible in methods.
            self.stmts(node.body, set(visible) if ordered else visible | fview, True, fview)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.node(node.value, visible, ordered, fview)
            if not self.future_annotations:
                self.node(node.annotation, visible, ordered, fview)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.node(node.iter, visible, ordered, fview)
            self.bind(_target_names(node.target), visible, ordered)
            self.stmts(node.body, visible, ordered, fview)
            self.stmts(node.orelse, visible, ordered, fview)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self.node(item.context_expr, visible, ordered, fview)
                if item.optional_vars is not None:
                    self.bind(_target_names(item.optional_vars), visible, ordered)
            self.stmts(node.body, visible, ordered, fview)
        elif isinstance(node, (ast.If, ast.While)):
            self.node(node.test, visible, ordered, fview)
            self.stmts(node.body, visible, ordered, fview)
            self.stmts(node.orelse, visible, ordered, fview)
        elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            self.stmts(node.body, visible, ordered, fview)
            for handler in node.handlers:
                if handler.type is not None:
                    self.node(handler.type, visible, ordered, fview)
                if handler.name:
                    self.bind([handler.name], visible, ordered)
                self.stmts(handler.body, visible, ordered, fview)
            self.stmts(node.orelse, visible, ordered, fview)
            self.stmts(node.finalbody, visible, ordered, fview)
        elif isinstance(node, ast.Match):
            self.node(node.subject, visible, ordered, fview)
            for case in node.cases:
                self.bind(_pattern_names(case.pattern), visible, ordered)
                if case.guard is not None:
                    self.node(case.guard, visible, ordered, fview)
                self.stmts(case.body, visible, ordered, fview)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            inner = set(visible)
            for gen in node.generators:
                self.node(gen.iter, inner, ordered, fview)
                inner |= set(_target_names(gen.target))
                for cond in gen.ifs:
                    self.node(cond, inner, ordered, fview)
            for elt in [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]:
                self.node(elt, inner, ordered, fview)
        elif isinstance(node, ast.NamedExpr):
            self.node(node.value, visible, ordered, fview)
            self.bind([node.target.id], visible, ordered)
        elif isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load) and node.id not in visible and node.id not in BUILTINS:
                self.problems.append((node.lineno, node.col_offset + 1, node.id))
        else:
            for child in ast.iter_child_nodes(node):
                self.node(child, visible, ordered, fview)

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, visible: set[str], ordered: bool, fview: set[str]) -> None:
        # Decorators, defaults and (without PEP 563) annotations run where the function is defined.
        args = node.args
        outer: list[ast.AST] = [*args.defaults, *(d for d in args.kw_defaults if d)]
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a)]
        if not isinstance(node, ast.Lambda):
            outer = [*node.decorator_list, *outer]
            if not self.future_annotations:
                outer += [a.annotation for a in params if a.annotation is not None]
                outer += [node.returns] if node.returns is not None else []
        for expr in outer:
            self.node(expr, visible, ordered, fview)
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        inner = {a.arg for a in params} | (set() if isinstance(node, ast.Lambda) else bound_names(node.body))
        # The body runs later: it sees every module-level name and the enclosing function scopes.
        view = fview | inner
        for stmt in body:
            self.node(stmt, set(view), False, view)


def undefined_names(trees: list[ast.Module]) -> list[UndefinedName]:
    """Undefined names in the module formed by concatenating `trees` in order."""
    if any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for t in trees for n in ast.walk(t)):
        return []  # a star import can bind anything
    module_names: set[str] = set()
    for tree in trees:
        module_names |= bound_names(tree.body) | _global_declarations(tree)
    future = any(
        isinstance(n, ast.ImportFrom) and n.module == "__future__" and any(a.name == "annotations" for a in n.names)
        for t in trees for n in t.body
    )
    checker = _Checker(module_names, future)
    visible: set[str] = set()
    fview = set(module_names)
    out: list[UndefinedName] = []
    for index, tree in enumerate(trees):
        checker.problems = []
        # Names declared `global` inside functions are bound when those functions run: treat as known.
        visible |= _global_declarations(tree)
        checker.stmts(tree.body, visible, True, fview)
        out.extend(UndefinedName(index, line, col, name) for line, col, name in checker.problems)
    return out
