"""How a block of statements can end: fall through, raise, return, break or continue.

Shared by the checks that need "re-raises on every path" (PB102 cancellation, PB204 yield
dependencies). Conservative where control flow is unknown: both branches of an `if` may run.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from .engine import Context

FALL, RAISE = "fall through", "raise"


class Exits:
    """Outcomes of a block: ``FALL`` (reaches the next statement), ``RAISE``, ``"return"``,
    ``"break"``, ``"continue"``.

    `decide` may fix the value of an `if` test (True/False), or return None when it is unknown.
    """

    def __init__(self, ctx: Context, decide: Callable[[ast.expr], bool | None] | None = None) -> None:
        self.ctx = ctx
        self.decide = decide or (lambda test: None)

    def block(self, stmts: list[ast.stmt]) -> set[str]:
        exits = {FALL}
        for stmt in stmts:
            if FALL not in exits:
                break  # the rest is unreachable
            exits = (exits - {FALL}) | self.statement(stmt)
        return exits

    def statement(self, node: ast.stmt) -> set[str]:
        if isinstance(node, ast.Raise):
            return {RAISE}
        if isinstance(node, (ast.Return, ast.Break, ast.Continue)):
            return {type(node).__name__.lower()}
        if isinstance(node, ast.If):
            taken = self.decide(node.test)
            if taken is None:
                return self.block(node.body) | self.block(node.orelse)
            return self.block(node.body if taken else node.orelse)
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            return self._loop(node)
        if isinstance(node, (ast.With, ast.AsyncWith)):
            suppresses = any(self.ctx.call_matches(i.context_expr, "contextlib.suppress") for i in node.items)
            return self.block(node.body) | ({FALL} if suppresses else set())
        if isinstance(node, (ast.Try, ast.TryStar)):
            return self._try(node)
        if isinstance(node, ast.Match):
            return {FALL}.union(*(self.block(case.body) for case in node.cases))
        return {FALL}

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While) -> set[str]:
        body = self.block(node.body)
        exits = body - {FALL, "break", "continue"}
        if "break" in body:
            exits.add(FALL)
        endless = isinstance(node, ast.While) and isinstance(node.test, ast.Constant) and bool(node.test.value)
        if not endless:
            exits |= self.block(node.orelse)
        return exits

    def _try(self, node: ast.Try | ast.TryStar) -> set[str]:
        exits = self.block(node.body)
        if FALL in exits:
            exits = (exits - {FALL}) | self.block(node.orelse)
        for handler in node.handlers:
            exits |= self.block(handler.body)
        if not node.finalbody:
            return exits
        final = self.block(node.finalbody)
        return exits | (final - {FALL}) if FALL in final else final


def always_raises(ctx: Context, stmts: list[ast.stmt]) -> bool:
    """Whether every path through `stmts` ends in ``raise``."""
    return Exits(ctx).block(stmts) == {RAISE}
