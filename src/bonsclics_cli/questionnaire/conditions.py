"""The condition language of docs/format.md §2: parse, check and evaluate, never ``eval``.

A condition is parsed once, when its questionnaire is loaded, into a small tree of
frozen nodes. ``check`` reports the static problems of §2.2 against a table of the
names in scope; ``Condition.holds`` evaluates with the no-value rule of §2.4.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from bonsclics_cli.compat import StrEnum
from bonsclics_cli.i18n import N_, _
from bonsclics_cli.questionnaire.findings import did_you_mean

Literal_: TypeAlias = str | int | float
Value: TypeAlias = str | int | float | Sequence[str] | frozenset[str]
"""What a name stands for: an option value, a list of them, a number or a text."""


class ConditionSyntaxError(ValueError):
    """A condition that does not follow the grammar; ``offset`` is 0-based in the source."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


# --- tokens -----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>-?\d+(?:\.\d+)?(?![\w.]))
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)
_KEYWORDS = frozenset({"and", "or", "not", "in"})

MAX_DEPTH = 32
"""Deepest nesting of parentheses and 'not' in a condition (real ones use 2 or 3).

The parser and the compiled tests recurse once per level: without a limit, a few
hundred parentheses would reach Python's recursion limit.
"""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "string", "op", "keyword", "name", "end"
    text: str
    offset: int

    def describe(self) -> str:
        return _("the end of the condition") if self.kind == "end" else f"'{self.text}'"


def _tokenize(source: str) -> Iterator[_Token]:
    """The tokens of ``source``, one at a time: the parser stops at the first error
    (too deep, say) without first holding a token for every character of the text."""
    offset = 0
    while offset < len(source):
        match = _TOKEN.match(source, offset)
        if match is None:
            char = source[offset]
            if char in "'\"":
                raise ConditionSyntaxError(_("unterminated string"), offset)
            if char == "=":
                raise ConditionSyntaxError(_("unexpected '='; to compare, write '=='"), offset)
            raise ConditionSyntaxError(
                _("unexpected character {char}").format(char=repr(char)), offset
            )
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "word":
            kind = "keyword" if text in _KEYWORDS else "name"
        if kind != "space":
            yield _Token(kind, text, offset)
        offset = match.end()
    yield _Token("end", "", len(source))


# --- tree -------------------------------------------------------------------------------


class Op(StrEnum):
    EQ = "=="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    IN = "in"  # NAME in [literals]
    NOT_IN = "not in"  # NAME not in [literals]
    CONTAINS = "contains"  # 'value' in NAME
    NOT_CONTAINS = "not contains"  # 'value' not in NAME


@dataclass(frozen=True, slots=True)
class Comparison:
    name: str
    op: Op
    literals: tuple[Literal_, ...]
    offset: int  # where the name stands in the source, for messages


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class All:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Any_:
    operands: tuple[Node, ...]


Node: TypeAlias = Comparison | Not | All | Any_


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokenize(source)
        self.current = next(self.tokens)
        self.depth = 0

    def advance(self) -> _Token:
        token = self.current
        if token.kind != "end":
            self.current = next(self.tokens)
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.current
        return token.kind == kind and (text is None or token.text == text)

    def expect(self, kind: str, text: str, what: str) -> _Token:
        if not self.at(kind, text):
            raise ConditionSyntaxError(
                _("expected {what}, found {found}").format(
                    what=_(what), found=self.current.describe()
                ),
                self.current.offset,
            )
        return self.advance()

    def parse(self) -> Node:
        if self.at("end"):
            raise ConditionSyntaxError(_("the condition is empty"), 0)
        node = self.parse_or()
        if not self.at("end"):
            raise ConditionSyntaxError(
                _("unexpected {found}; join comparisons with 'and' or 'or'").format(
                    found=self.current.describe()
                ),
                self.current.offset,
            )
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while self.at("keyword", "or"):
            self.advance()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else Any_(tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_not()]
        while self.at("keyword", "and"):
            self.advance()
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else All(tuple(operands))

    def parse_not(self) -> Node:
        if not (self.at("keyword", "not") or self.at("op", "(")):
            return self.parse_comparison()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionSyntaxError(
                _(
                    "more than {depth} levels of parentheses and 'not'; "
                    "split the condition or simplify it"
                ).format(depth=MAX_DEPTH),
                self.current.offset,
            )
        if self.advance().text == "not":
            node: Node = Not(self.parse_not())
        else:
            node = self.parse_or()
            self.expect("op", ")", "')'")
        self.depth -= 1
        return node

    def parse_comparison(self) -> Node:
        token = self.advance()
        if token.kind == "string":
            negated = self.parse_membership_keyword()
            name = self.advance()
            if name.kind != "name":
                raise ConditionSyntaxError(
                    _("expected a question id after 'in', found {found}").format(
                        found=name.describe()
                    ),
                    name.offset,
                )
            op = Op.NOT_CONTAINS if negated else Op.CONTAINS
            return Comparison(name.text, op, (token.text[1:-1],), name.offset)
        if token.kind != "name":
            raise ConditionSyntaxError(
                _("expected a question id, a string or '(', found {found}").format(
                    found=token.describe()
                ),
                token.offset,
            )
        if self.at("op") and self.current.text in {"==", "!=", "<", "<=", ">", ">="}:
            op = Op(self.advance().text)
            literal = self.parse_literal()
            if op in {Op.LT, Op.LE, Op.GT, Op.GE} and isinstance(literal, str):
                raise ConditionSyntaxError(
                    _("'{op}' compares numbers only").format(op=op), token.offset
                )
            return Comparison(token.text, op, (literal,), token.offset)
        if self.at("keyword", "in") or self.at("keyword", "not"):
            op = Op.NOT_IN if self.parse_membership_keyword() else Op.IN
            return Comparison(token.text, op, self.parse_list(), token.offset)
        raise ConditionSyntaxError(
            _(
                "expected a comparison (==, !=, <, <=, >, >=, in, not in) after '{name}', "
                "found {found}"
            ).format(name=token.text, found=self.current.describe()),
            self.current.offset,
        )

    def parse_membership_keyword(self) -> bool:
        """Consume ``in`` or ``not in``; True when negated."""
        negated = self.at("keyword", "not")
        if negated:
            self.advance()
        self.expect("keyword", "in", "'in'" if negated else N_("'in' or 'not in'"))
        return negated

    def parse_list(self) -> tuple[Literal_, ...]:
        self.expect("op", "[", N_("'[' to start a list"))
        literals = [self.parse_literal()]
        while self.at("op", ","):
            self.advance()
            literals.append(self.parse_literal())
        self.expect("op", "]", N_("',' or ']'"))
        return tuple(literals)

    def parse_literal(self) -> Literal_:
        token = self.advance()
        if token.kind == "string":
            return token.text[1:-1]
        if token.kind == "number":
            return float(token.text) if "." in token.text else int(token.text)
        if token.kind == "name":
            message = _("expected a string or a number, found {found}; put values in quotes")
        else:
            message = _("expected a string or a number, found {found}")
        raise ConditionSyntaxError(message.format(found=token.describe()), token.offset)


# --- evaluation ---------------------------------------------------------------------------
#
# A condition is compiled once, when parsed, into plain closures: scoring evaluates
# the same few dozen conditions for thousands of files. The rules of §2.4: a name with
# no value makes every comparison false, a string never equals a number (not even "5"
# and 5), and a list of choices is only looked into with 'value' in NAME.

Test: TypeAlias = Callable[[Mapping[str, Any]], bool]

_SCALAR = (str, int, float)
_ORDER = {Op.LT: operator.lt, Op.LE: operator.le, Op.GT: operator.gt, Op.GE: operator.ge}


def _compile(node: Node) -> Test:
    if isinstance(node, Comparison):
        return _comparison(node)
    if isinstance(node, Not):
        inner = _compile(node.operand)
        return lambda values: not inner(values)
    if isinstance(node, Any_):
        parts = _any_parts(node.operands)
        if len(parts) == 1:
            return parts[0]
    else:
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


def _any_parts(operands: tuple[Node, ...]) -> tuple[Test, ...]:
    """The tests of an ``or``, where the membership tests of one name are merged into one.

    ``'aucun' in appareils or 'telephone_simple' in appareils`` is one test of
    ``appareils`` against both values, and ``x == 'a' or x in ['b', 'c']`` one test of
    ``x`` against the three: the same result (a test has no side effect and never
    raises, so neither order nor short-circuit changes it), one call instead of several.
    """
    contained: dict[str, list[Literal_]] = {}
    members: dict[str, list[Literal_]] = {}
    order: list[tuple[str, str] | Node] = []  # each merged test where its name first came
    for operand in operands:
        if isinstance(operand, Comparison) and operand.op in {Op.CONTAINS, Op.EQ, Op.IN}:
            found = contained if operand.op is Op.CONTAINS else members
            if operand.name not in found:
                found[operand.name] = []
                order.append((operand.op.value, operand.name))
            found[operand.name].extend(operand.literals)
        else:
            order.append(operand)
    parts: list[Test] = []
    for item in order:
        if not isinstance(item, tuple):
            parts.append(_compile(item))
        elif item[0] == Op.CONTAINS.value:
            parts.append(_contains_any(item[1], tuple(contained[item[1]])))
        else:
            parts.append(_comparison(Comparison(item[1], Op.IN, tuple(members[item[1]]), 0)))
    return tuple(parts)


def _contains_any(name: str, literals: tuple[Literal_, ...]) -> Test:
    """``'a' in NAME or 'b' in NAME ...`` as one test."""
    if len(literals) == 1:
        return _comparison(Comparison(name, Op.CONTAINS, literals, 0))

    def contains_any(values: Mapping[str, Any]) -> bool:
        value = values.get(name)
        if value is None or isinstance(value, _SCALAR):
            return False
        for literal in literals:  # noqa: SIM110 - a plain loop is twice as fast as any(genexpr)
            if literal in value:
                return True
        return False

    return contains_any


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


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed condition; ``source`` is the text as written in the file.

    A condition that failed to parse keeps its ``syntax_error`` (and no tree) so
    that validation can go on and report every other finding of the file too.
    """

    source: str
    root: Node | None
    syntax_error: ConditionSyntaxError | None = None
    test: Test | None = field(default=None, compare=False, repr=False)

    @classmethod
    def parse(cls, source: str) -> Condition:
        root = _Parser(source).parse()
        return cls(source, root, test=_compile(root))

    @classmethod
    def parse_leniently(cls, source: str) -> Condition:
        try:
            return cls.parse(source)
        except ConditionSyntaxError as error:
            return cls(source, None, error)

    def holds(self, values: Mapping[str, Value | None]) -> bool:
        """Evaluate; a name missing from ``values`` or mapped to None has no value."""
        if self.test is None:
            raise ValueError(f"cannot evaluate an invalid condition: {self.source}")
        return self.test(values)

    def comparisons(self) -> list[Comparison]:
        found: list[Comparison] = []
        stack: list[Node] = [] if self.root is None else [self.root]
        while stack:
            node = stack.pop()
            match node:
                case Comparison():
                    found.append(node)
                case Not():
                    stack.append(node.operand)
                case All() | Any_():
                    stack.extend(reversed(node.operands))
        found.sort(key=lambda comparison: comparison.offset)
        return found

    def names(self) -> set[str]:
        return {comparison.name for comparison in self.comparisons()}

    def __str__(self) -> str:
        return self.source

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # The compiled test is a closure, which pickle cannot carry: a copy sent to a worker
        # process parses its source again (microseconds), and so compiles the same test.
        return Condition.parse_leniently, (self.source,)


# --- static checks (§2.2) -----------------------------------------------------------------


class NameKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMBER = "number"
    TEXT = "text"
    SCORE = "score"
    LEVEL = "level"


@dataclass(frozen=True, slots=True)
class NameInfo:
    """What a name in scope is: its kind and, for choices and levels, the allowed values."""

    kind: NameKind
    values: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ConditionProblem:
    message: str
    offset: int
    hint: str | None = None


_ORDERING = frozenset({Op.LT, Op.LE, Op.GT, Op.GE})


def check(
    condition: Condition,
    scope: Mapping[str, NameInfo],
    unavailable: Mapping[str, str] | None = None,
) -> list[ConditionProblem]:
    """Static problems of ``condition`` given the names in ``scope``.

    ``unavailable`` maps names that exist but may not be used here to the reason, a
    sentence in the user's language with ``{name}`` for the name (a question defined
    later, a score name in a question's condition).
    """
    problems: list[ConditionProblem] = []
    for comparison in condition.comparisons():
        info = scope.get(comparison.name)
        if info is None:
            problems.append(_unknown_name(comparison, scope, unavailable or {}))
        else:
            problems.extend(_check_use(comparison, info))
    return problems


def _unknown_name(
    comparison: Comparison, scope: Mapping[str, NameInfo], unavailable: Mapping[str, str]
) -> ConditionProblem:
    reason = unavailable.get(comparison.name)
    if reason is not None:
        return ConditionProblem(reason.format(name=comparison.name), comparison.offset)
    return ConditionProblem(
        _("unknown name '{name}': no question has this id").format(name=comparison.name),
        comparison.offset,
        did_you_mean(comparison.name, scope),
    )


def _check_use(comparison: Comparison, info: NameInfo) -> list[ConditionProblem]:
    name, op, offset = comparison.name, comparison.op, comparison.offset
    membership = op in {Op.CONTAINS, Op.NOT_CONTAINS}
    strings = [literal for literal in comparison.literals if isinstance(literal, str)]
    numbers = [literal for literal in comparison.literals if not isinstance(literal, str)]

    def problem(message: str, hint: str | None = None) -> list[ConditionProblem]:
        return [ConditionProblem(message, offset, hint)]

    match info.kind:
        case NameKind.TEXT:
            return problem(
                _("'{name}' is a text question and cannot be used in a condition").format(name=name)
            )
        case NameKind.MULTIPLE:
            if not membership:
                return problem(
                    _("'{name}' is a multiple-choice question").format(name=name),
                    _("write 'value' in {name} or 'value' not in {name}").format(name=name),
                )
        case NameKind.SINGLE | NameKind.LEVEL if membership:
            return problem(
                _("'value' in {name} needs a multiple-choice question").format(name=name),
                _("write {name} == 'value' or {name} in ['value', ...]").format(name=name),
            )
        case NameKind.SINGLE | NameKind.LEVEL if op in _ORDERING or numbers:
            if info.kind is NameKind.LEVEL:
                message = _(
                    "'{name}' is a level and is compared only with ==, !=, in, not in "
                    "and quoted values"
                )
            else:
                message = _(
                    "'{name}' is a single-choice question and is compared only with "
                    "==, !=, in, not in and quoted values"
                )
            return problem(message.format(name=name))
        case NameKind.NUMBER | NameKind.SCORE if membership or strings:
            if info.kind is NameKind.SCORE:
                message = _("'{name}' is a score and cannot be compared with a string")
            else:
                message = _("'{name}' is a number question and cannot be compared with a string")
            return problem(message.format(name=name))
    return [
        ConditionProblem(
            (
                _("'{value}' is not a level id of '{name}'")
                if info.kind is NameKind.LEVEL
                else _("'{value}' is not an option value of '{name}'")
            ).format(value=literal, name=name),
            offset,
            did_you_mean(literal, info.values) or _allowed_list(info.values),
        )
        for literal in strings
        if info.values and literal not in info.values
    ]


def _allowed_list(values: frozenset[str]) -> str:
    return _("expected one of: {values}").format(values=", ".join(sorted(values)))
