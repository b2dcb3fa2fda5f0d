"""Conditions compiled to plain closures, for scoring thousands of files.

``Condition.holds`` walks the tree and dispatches on every node at each call;
scoring evaluates the same few dozen conditions for every file, so the scoring
plan compiles each one once. The semantics are those of FORMAT.md §2.4 exactly
as ``Condition.holds`` implements them (a test checks both agree on random input):
a name with no value makes every comparison false, a string never equals a
number, and a list of choices is only looked into with ``in``/``not in``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from bonsclics_cli.questionnaire.conditions import All, Comparison, Condition, Node, Not, Op

Test: TypeAlias = Callable[[Mapping[str, Any]], bool]

_SCALAR = (str, int, float)
_ORDER = {Op.LT: operator.lt, Op.LE: operator.le, Op.GT: operator.gt, Op.GE: operator.ge}


def compile_condition(condition: Condition) -> Test:
    """A function of the values by name that says whether ``condition`` holds."""
    if condition.root is None:
        raise ValueError(f"cannot evaluate an invalid condition: {condition.source}")
    return _compile(condition.root)


def _compile(node: Node) -> Test:
    if isinstance(node, Comparison):
        return _comparison(node)
    if isinstance(node, Not):
        inner = _compile(node.operand)
        return lambda values: not inner(values)
    parts = tuple(_compile(operand) for operand in node.operands)
    if isinstance(node, All):

        def every(values: Mapping[str, Any]) -> bool:
            for part in parts:  # noqa: SIM110 - a plain loop is twice as fast as all(genexpr)
                if not part(values):
                    return False
            return True

        return every

    def some(values: Mapping[str, Any]) -> bool:
        for part in parts:  # noqa: SIM110 - a plain loop is twice as fast as any(genexpr)
            if part(values):
                return True
        return False

    return some


def _comparison(comparison: Comparison) -> Test:
    name, op = comparison.name, comparison.op
    if op is Op.CONTAINS or op is Op.NOT_CONTAINS:
        literal = comparison.literals[0]
        wanted = op is Op.CONTAINS

        def contains(values: Mapping[str, Any]) -> bool:
            value = values.get(name)
            if value is None or isinstance(value, _SCALAR):
                return False
            return (literal in value) == wanted

        return contains

    if op in _ORDER:
        bound = comparison.literals[0]
        compare = _ORDER[op]

        def order(values: Mapping[str, Any]) -> bool:
            value = values.get(name)
            if value is None or isinstance(value, str) or not isinstance(value, _SCALAR):
                return False
            if isinstance(bound, str):
                return False
            return bool(compare(value, bound))

        return order

    # ==, !=, in, not in: a string matches string literals only, a number numbers only.
    strings = frozenset(literal for literal in comparison.literals if isinstance(literal, str))
    numbers = frozenset(literal for literal in comparison.literals if not isinstance(literal, str))
    wanted = op is Op.EQ or op is Op.IN

    def member(values: Mapping[str, Any]) -> bool:
        value = values.get(name)
        if value is None or not isinstance(value, _SCALAR):
            return False
        return (value in (strings if isinstance(value, str) else numbers)) == wanted

    return member
