"""Symbolic shapes of a ``.pt2`` archive, parsed by bcdsim's own small grammars, never evaluated.

torch stores sizes as sympy ``srepr`` text (``Mul(Integer(2), Symbol('s39', positive=True,
integer=True))``) and guards as Python text (``L['img'].size()[2] <= 256``); torch itself runs them
through ``sympy.sympify`` and ``exec``. bcdsim tokenizes them with closed token sets (no newline,
backslash, comment, attribute or subscript outside the fixed forms below) and:

- checks every ``srepr`` against a vocabulary of sympy constructors (it uses only linear input
  sizes ``a*s + b``; the rest is metadata it ignores, but text it does not understand is refused);
- parses every guard into a tree of integer comparisons and arithmetic on the input's sizes, which
  bcdsim evaluates itself on the concrete input shape.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

# sympy and torch.utils._sympy constructors a serialized expression may name (srepr vocabulary)
_SYMPY_CALLS = frozenset({
    "Symbol", "Integer", "Rational", "Float", "Mul", "Add", "Pow", "Mod", "Max", "Min", "Abs", "Eq", "Ne",
    "Lt", "Le", "Gt", "Ge", "StrictLessThan", "StrictGreaterThan", "LessThan", "GreaterThan", "Equality",
    "Unequality", "And", "Or", "Not", "FloorDiv", "CleanDiv", "CeilDiv", "PythonMod", "IntTrueDiv",
    "FloatTrueDiv", "FloorToInt", "CeilToInt", "TruncToInt", "TruncToFloat", "RoundToInt", "RoundDecimal",
    "ToFloat", "Identity", "IsNonOverlappingAndDenseIndicator", "IntInfinity", "NegativeIntInfinity",
    "Infinity", "NegativeInfinity", "BooleanTrue", "BooleanFalse", "floor", "ceiling", "LShift", "RShift",
    "BitwiseFn_bitwise_and", "BitwiseFn_bitwise_or",
})
_SYMPY_KEYWORDS = frozenset({"positive", "integer", "real", "nonnegative", "nonzero", "finite", "precision",
                             "evaluate"})
_SYMPY_TOKEN = re.compile(r" +|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<int>-?[0-9]+)|(?P<str>'[A-Za-z0-9_.+-]*')"
                          r"|(?P<punct>[(),=])")
_SYMBOL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FLOAT_TEXT = re.compile(r"[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?")


class ShapeTextError(ValueError):
    """Stored shape text outside bcdsim's grammar."""


def _tokens(text: object, pattern: re.Pattern[str], what: str) -> list[tuple[str, str]]:
    if not isinstance(text, str) or len(text) > 10_000:
        raise ShapeTextError(f"{what} is not a short string")
    out, pos = [], 0
    while pos < len(text):
        m = pattern.match(text, pos)
        if m is None:
            raise ShapeTextError(f"{what} {text[:80]!r} has {text[pos]!r} at {pos}, outside bcdsim's grammar")
        if m.lastgroup:
            out.append((m.lastgroup, m.group()))
        pos = m.end()
    return out


@dataclass(frozen=True)
class Call:
    """One parsed sympy constructor call: ``Mul(Integer(2), Symbol('s0'))``."""

    func: str
    args: tuple[Call | int | str, ...]


def parse_sympy(text: object) -> Call | int:
    """Parse an ``srepr`` string into ``Call`` trees; ``ShapeTextError`` if it leaves the grammar."""
    toks = _tokens(text, _SYMPY_TOKEN, "symbolic expression")
    pos = 0

    def take(kind: str, value: str | None = None) -> str:
        nonlocal pos
        if pos >= len(toks) or toks[pos][0] != kind or (value is not None and toks[pos][1] != value):
            raise ShapeTextError(f"symbolic expression {text!r:.80} is not a sympy constructor expression")
        pos += 1
        return toks[pos - 1][1]

    def term() -> Call | int | str:
        nonlocal pos
        kind = toks[pos][0] if pos < len(toks) else ""
        if kind == "int":
            return int(take("int"))
        if kind == "str":
            return take("str")[1:-1]
        name = take("name")
        if name not in _SYMPY_CALLS:
            raise ShapeTextError(f"symbolic expression uses {name!r}, not a sympy constructor bcdsim knows")
        take("punct", "(")
        args: list[Call | int | str] = []
        while not (pos < len(toks) and toks[pos] == ("punct", ")")):
            if args:
                take("punct", ",")
            if pos + 1 < len(toks) and toks[pos + 1] == ("punct", "="):  # keyword: positive=True
                if take("name") not in _SYMPY_KEYWORDS:
                    raise ShapeTextError(f"symbolic expression {text!r:.80} has an unknown keyword")
                take("punct", "=")
                value = take(toks[pos][0]) if pos < len(toks) and toks[pos][0] in ("name", "int") else ""
                if value not in ("True", "False") and not value.lstrip("-").isdigit():
                    raise ShapeTextError(f"symbolic expression {text!r:.80} has an unknown keyword value")
                continue
            args.append(term())
        take("punct", ")")
        texts = [a for a in args if isinstance(a, str)]
        if texts and not (name == "Symbol" and _SYMBOL_NAME.fullmatch(texts[0]) or
                          name == "Float" and _FLOAT_TEXT.fullmatch(texts[0])) or len(texts) > 1 or \
                name == "Symbol" and not (args and isinstance(args[0], str)):
            raise ShapeTextError(f"symbolic expression {text!r:.80} is not a sympy constructor call bcdsim knows")
        return Call(name, tuple(args))

    tree = term()
    if pos != len(toks) or isinstance(tree, str):
        raise ShapeTextError(f"symbolic expression {text!r:.80} is not one sympy constructor expression")
    return tree


@dataclass(frozen=True)
class Linear:
    """A size ``scale * symbol + offset`` (what ``torch.export.Dim`` arithmetic produces)."""

    symbol: str
    scale: int = 1
    offset: int = 0


def linear(tree: Call | int) -> Linear | int | None:
    """An integer, a ``Linear`` size, or None for anything else."""
    if isinstance(tree, int):
        return tree
    if tree.func == "Integer" and len(tree.args) == 1 and isinstance(tree.args[0], int):
        return tree.args[0]
    if tree.func == "Symbol":
        return Linear(str(tree.args[0]))
    parts = [linear(a) for a in tree.args if not isinstance(a, str)]
    if None in parts or len(parts) != len(tree.args):
        return None
    symbols = [p for p in parts if isinstance(p, Linear)]
    ints = [p for p in parts if isinstance(p, int)]
    if len(symbols) != 1:
        return None
    s = symbols[0]
    if tree.func == "Mul" and len(ints) == 1:
        return Linear(s.symbol, s.scale * ints[0], s.offset * ints[0])
    if tree.func == "Add":
        return Linear(s.symbol, s.scale, s.offset + sum(ints))
    return None


# --- guards: L['x'].size()[i] comparisons, parsed and evaluated by bcdsim -------------------------

_GUARD_TOKEN = re.compile(r" +|(?P<size>L\['[A-Za-z_][A-Za-z0-9_]*'\]\.(size|stride)\(\)\[[0-9]+\])"
                          r"|(?P<int>[0-9]+)|(?P<word>and|or|not)\b|(?P<op>//|==|!=|<=|>=|[-+*%()<>])")
_SIZE_REF = re.compile(r"L\['([A-Za-z_][A-Za-z0-9_]*)'\]\.(size|stride)\(\)\[([0-9]+)\]")
_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
            ">=": operator.ge}
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "//": operator.floordiv, "%": operator.mod}

Sizes = dict[str, tuple[tuple[int, ...], tuple[int, ...]]]  # input name -> (sizes, strides)
Guard = Callable[[Sizes], int]


def parse_guard(text: object) -> Guard:
    """A guard as a function of the inputs' sizes; ``ShapeTextError`` if it leaves the grammar."""
    toks = _tokens(text, _GUARD_TOKEN, "guard")
    pos = 0

    def peek() -> str:
        return toks[pos][1] if pos < len(toks) else ""

    def advance() -> tuple[str, str]:
        nonlocal pos
        if pos >= len(toks):
            raise ShapeTextError(f"guard {text!r:.80} ends early")
        pos += 1
        return toks[pos - 1]

    def joined(word: str, operand: Callable[[], Guard], combine: Callable[..., bool]) -> Guard:
        parts = [operand()]
        while peek() == word:
            advance()
            parts.append(operand())
        # any/all stop early as Python's or/and do (``x == 0 or 8 // x > 1`` must not divide by 0)
        return parts[0] if len(parts) == 1 else lambda s: int(combine(p(s) for p in parts))

    def disjunction() -> Guard:
        return joined("or", conjunction, any)

    def conjunction() -> Guard:
        return joined("and", negation, all)

    def negation() -> Guard:
        if peek() == "not":
            advance()
            inner = negation()
            return lambda s: int(not inner(s))
        return comparison()

    def comparison() -> Guard:
        first = arith(additive=True)
        pairs = []
        while peek() in _COMPARE:
            pairs.append((_COMPARE[advance()[1]], arith(additive=True)))
        if not pairs:
            return first

        def chained(s: Sizes) -> int:  # Python semantics: a < b <= c is a < b and b <= c
            left = first(s)
            for op, right_fn in pairs:
                right = right_fn(s)
                if not op(left, right):
                    return 0
                left = right
            return 1
        return chained

    def arith(additive: bool) -> Guard:
        ops = ("+", "-") if additive else ("*", "//", "%")
        left = arith(False) if additive else unary()
        while peek() in ops:
            fn = _ARITH[advance()[1]]
            left = (lambda f, a, b: lambda s: f(a(s), b(s)))(fn, left, arith(False) if additive else unary())
        return left

    def unary() -> Guard:
        if peek() in ("-", "+"):
            sign = -1 if advance()[1] == "-" else 1
            inner = unary()
            return lambda s: sign * inner(s)
        kind, value = advance()
        if value == "(":
            inner = disjunction()
            if advance()[1] != ")":
                raise ShapeTextError(f"guard {text!r:.80} has unbalanced parentheses")
            return inner
        if kind == "int":
            number = int(value)
            return lambda s: number
        if kind == "size":
            name, what, index = _SIZE_REF.fullmatch(value).groups()
            i, slot = int(index), 0 if what == "size" else 1
            return lambda s: _size_of(s, name, slot, i)
        raise ShapeTextError(f"guard {text!r:.80} has {value!r} where a number belongs")

    tree = disjunction()
    if pos != len(toks):
        raise ShapeTextError(f"guard {text!r:.80} has {peek()!r} after its end")
    return tree


def _size_of(sizes: Sizes, name: str, slot: int, index: int) -> int:
    if name not in sizes or index >= len(sizes[name][slot]):
        raise ShapeTextError(f"a guard reads {name}.{'size' if slot == 0 else 'stride'}()[{index}], "
                             "which the input does not have")
    return sizes[name][slot][index]
