"""Strings matching XSD patterns: a small deterministic generator.

:func:`pattern_sample` understands the XSD regular-expression subset that the DUIS and MMC
schemas use (character classes, ranges and subtraction, the ``\\d \\s \\w \\i \\c`` escapes
and their negations, groups, alternation and the ``? * + {n} {n,} {n,m}`` quantifiers). It
takes the first alternative of every ``|`` and the fewest repeats allowed, and returns ``None``
for syntax outside the subset (``\\p{..}`` blocks, for instance) rather than guessing.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass

#: Characters tried, in order, when a pattern asks for "one character of this class".
_ALPHABET = (
    string.ascii_uppercase
    + string.digits
    + string.ascii_lowercase
    + "-_.:,;/+=()[]{}!?#$%&*<>@^|~'\"\\`"
    + " \t\n\r"
    + "\u00e9\u00c9\u00a3"
)

_Predicate = Callable[[str], bool]


@dataclass(frozen=True)
class _Chars:
    """One character out of a class."""

    accepts: _Predicate


@dataclass(frozen=True)
class _Seq:
    items: tuple[_Node, ...]


@dataclass(frozen=True)
class _Alt:
    options: tuple[_Node, ...]


@dataclass(frozen=True)
class _Repeat:
    item: _Node
    low: int
    high: int | None


_Node = _Chars | _Seq | _Alt | _Repeat


class _UnsupportedError(Exception):
    """The pattern uses syntax outside the supported subset (internal signal)."""


_MULTI_ESCAPES: dict[str, _Predicate] = {
    "d": lambda c: c in string.digits,
    "s": lambda c: c in " \t\n\r",
    "w": lambda c: c.isalnum(),
    "i": lambda c: c.isalpha() or c in "_:",
    "c": lambda c: c.isalnum() or c in "._:-",
}
_SINGLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}
_SYNTAX = set("\\|.-^?*+{}()[]")


class _Parser:
    """Recursive-descent parser for the supported XSD regex subset."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0

    def parse(self) -> _Node:
        node = self._alternation()
        if self.pos != len(self.text):
            raise _UnsupportedError(f"unexpected {self.text[self.pos]!r} at {self.pos}")
        return node

    def _peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def _take(self) -> str:
        if self.pos >= len(self.text):
            raise _UnsupportedError("unexpected end of pattern")
        char = self.text[self.pos]
        self.pos += 1
        return char

    def _alternation(self) -> _Node:
        options = [self._branch()]
        while self._peek() == "|":
            self._take()
            options.append(self._branch())
        return options[0] if len(options) == 1 else _Alt(tuple(options))

    def _branch(self) -> _Node:
        items: list[_Node] = []
        while self._peek() not in (None, "|", ")"):
            items.append(self._piece())
        return _Seq(tuple(items))

    def _piece(self) -> _Node:
        atom = self._atom()
        char = self._peek()
        if char == "?":
            self._take()
            return _Repeat(atom, 0, 1)
        if char == "*":
            self._take()
            return _Repeat(atom, 0, None)
        if char == "+":
            self._take()
            return _Repeat(atom, 1, None)
        if char == "{":
            self._take()
            low, high = self._quantity()
            return _Repeat(atom, low, high)
        return atom

    def _quantity(self) -> tuple[int, int | None]:
        body = ""
        while self._peek() != "}":
            body += self._take()
        self._take()
        low_text, comma, high_text = body.partition(",")
        if not low_text.isdigit() or (high_text and not high_text.isdigit()):
            raise _UnsupportedError(f"bad quantifier {{{body}}}")
        low = int(low_text)
        high = low if not comma else (int(high_text) if high_text else None)
        return low, high

    def _atom(self) -> _Node:
        char = self._take()
        if char == "(":
            inner = self._alternation()
            if self._take() != ")":
                raise _UnsupportedError("unclosed group")
            return inner
        if char == "[":
            return _Chars(self._class_body())
        if char == ".":
            return _Chars(lambda c: c not in "\n\r")
        if char == "\\":
            return _Chars(self._escape())
        if char in "?*+{}|)]":
            raise _UnsupportedError(f"unexpected {char!r}")
        return _Chars(char.__eq__)

    def _escape(self) -> _Predicate:
        char = self._take()
        if char in _MULTI_ESCAPES:
            return _MULTI_ESCAPES[char]
        if char.lower() in _MULTI_ESCAPES and char.isupper():
            positive = _MULTI_ESCAPES[char.lower()]
            return lambda c: not positive(c)
        if char in _SINGLE_ESCAPES:
            return _SINGLE_ESCAPES[char].__eq__
        if char in _SYNTAX:
            return char.__eq__
        raise _UnsupportedError(f"escape \\{char}")

    def _class_char(self) -> str:
        char = self._take()
        if char != "\\":
            return char
        escaped = self._take()
        if escaped in _SINGLE_ESCAPES:
            return _SINGLE_ESCAPES[escaped]
        if escaped in _SYNTAX:
            return escaped
        raise _UnsupportedError(f"escape \\{escaped} inside a class")

    def _class_body(self) -> _Predicate:
        negated = self._peek() == "^"
        if negated:
            self._take()
        parts: list[_Predicate] = []
        subtract: _Predicate | None = None
        first = True
        while True:
            char = self._peek()
            if char is None:
                raise _UnsupportedError("unclosed character class")
            if char == "]" and not first:
                self._take()
                break
            first = False
            if char == "-" and self.text.startswith("-[", self.pos):
                self._take()
                self._take()
                subtract = self._class_body()
                if self._take() != "]":
                    raise _UnsupportedError("class subtraction must end the class")
                break
            if char == "\\" and self.text[self.pos + 1 : self.pos + 2] in [
                *_MULTI_ESCAPES,
                *(k.upper() for k in _MULTI_ESCAPES),
            ]:
                self._take()
                parts.append(self._escape())
                continue
            low = self._class_char()
            if self._peek() == "-" and self.text[self.pos + 1 : self.pos + 2] not in ("]", "["):
                self._take()
                high = self._class_char()
                parts.append(_between(low, high))
            else:
                parts.append(low.__eq__)
        members = tuple(parts)

        def accepts(c: str) -> bool:
            inside = any(p(c) for p in members) != negated
            return inside and not (subtract is not None and subtract(c))

        return accepts


def _between(low: str, high: str) -> _Predicate:
    return lambda c: low <= c <= high


def _minimal(node: _Node, extra: list[int]) -> str:
    """The shortest string for ``node``; repeats grow while ``extra[0]`` characters are owed."""
    if isinstance(node, _Chars):
        for char in _ALPHABET:
            if node.accepts(char):
                return char
        raise _UnsupportedError("empty character class")
    if isinstance(node, _Seq):
        return "".join(_minimal(item, extra) for item in node.items)
    if isinstance(node, _Alt):
        return _minimal(node.options[0], extra)
    parts = [_minimal(node.item, extra) for _ in range(node.low)]
    while extra[0] > 0 and (node.high is None or len(parts) < node.high):
        more = _minimal(node.item, [0])
        if not more:
            break
        parts.append(more)
        extra[0] -= len(more)
    return "".join(parts)


def pattern_sample(pattern: str, min_length: int = 0, max_length: int | None = None) -> str | None:
    """A deterministic string matching the XSD ``pattern`` with a length in the bounds, or None.

    The first alternative of every ``|`` is taken and repeats are as short as allowed, growing
    (leftmost first) only when ``min_length`` asks for more characters.
    """
    try:
        tree = _Parser(pattern).parse()
        shortest = _minimal(tree, [0])
        owed = min_length - len(shortest)
        value = shortest if owed <= 0 else _minimal(tree, [owed])
    except _UnsupportedError:
        return None
    if len(value) < min_length or (max_length is not None and len(value) > max_length):
        return None
    return value
