"""Text templates made from a message's own description, for documents written many times.

A :class:`Template` is made by writing an *example* document once, through the same
description as any document (:class:`~harness.duis.writer.Writer` calls), where some leaf
texts and attribute values are *slots*: the example gives each a text no other value of it
has, and the template keeps the document's text cut at them. Optionally one fragment of the
example is the *hole*: at its place a document gets its own fragment, written as the text
writer grafts it there. Filling the template with a document's values (escaped as the text
writer escapes them) gives the bytes writing that document would give, as long as the
document has the example's shape: the same elements present, the same fixed values. That is
the caller's side of the bargain (the tests hold each caller to it); what the text writer
would refuse (a character XML cannot carry) makes :meth:`Template.fill` return None, so the
caller writes the document in full.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from harness.duis.fragment import Fragment
from harness.duis.writer import (
    _TEXT_SPECIAL,
    Attributes,
    Writer,
    _attribute_value,
    _NotAsTextError,
    _Root,
    _text,
    _TextWriter,
)

__all__ = ["Template"]

# marks in private-use characters, which no value of an example is written with
_CUT = re.compile("\ue000([0-9]+|h)\ue001")
_HOLE_MARK = "\ue000h\ue001"
_HOLE = -1
# what a text or an attribute value cannot be written with as it is (&, <, >, ", TAB, LF, CR,
# or a character XML cannot carry)
_SPECIAL = re.compile(
    "[^\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _mark(number: int) -> str:
    return f"\ue000{number}\ue001"


class _MarkingWriter(_TextWriter):
    """Writes an example, replacing each slot's text by its mark and the hole's fragment by
    the hole's mark."""

    def __init__(self, slots: Sequence[str], hole: Fragment | None) -> None:
        super().__init__()
        self.numbers = {text: number for number, text in enumerate(slots)}
        self.seen: list[int] = []
        self.hole = hole
        self.hole_depth: int | None = None

    def _marked(self, text: str) -> str:
        number = self.numbers.get(text)
        if number is None:
            return text
        self.seen.append(number)
        return _mark(number)

    def attribute(self, name: str, value: str) -> None:
        super().attribute(name, self._marked(value))

    def leaf(self, tag: str, text: str | None, attributes: Attributes = ()) -> None:
        if text is not None:
            text = self._marked(text)
            attributes = tuple((name, self._marked(value)) for name, value in attributes)
        super().leaf(tag, text, attributes)

    def graft(self, fragment: Fragment) -> None:
        if fragment is not self.hole:
            super().graft(fragment)
            return
        if self._tag_open:
            self.parts.append(">")
            self._tag_open = False
        self.hole_depth = len(self._ends)
        self.seen.append(_HOLE)
        self.parts.append(_HOLE_MARK)


@dataclass(frozen=True)
class Template:
    """A document's text cut at its values (and at most one fragment)."""

    #: ``texts[i]`` comes before cut ``i``; the last comes after every cut.
    texts: tuple[str, ...]
    #: Per cut: the number of the value, or -1 for the hole.
    cuts: tuple[int, ...]
    #: Per cut: whether the value is an attribute's (quoted and escaped as one).
    in_attribute: tuple[bool, ...]
    root: _Root
    #: How deep the hole is (0 when there is none).
    hole_depth: int

    @classmethod
    def of(
        cls,
        write: Callable[[Writer], None],
        slots: Sequence[str],
        hole: Fragment | None = None,
    ) -> Template | None:
        """The template of the example ``write`` describes, or None when it cannot be one.

        ``slots`` are the example's texts that are values, in the order :meth:`fill` takes
        them; each must be written exactly once (as a leaf's text or an attribute value), and
        ``hole``, when given, must be grafted exactly once.
        """
        if len(set(slots)) != len(slots):
            raise ValueError("every slot of an example needs a text of its own")
        writer = _MarkingWriter(slots, hole)
        try:
            write(writer)
        except _NotAsTextError:
            return None
        expected = sorted([*range(len(slots)), *([_HOLE] if hole is not None else [])])
        if sorted(writer.seen) != expected or writer.root is None or not writer.balanced(0):
            return None
        pieces = _CUT.split("".join(writer.parts))
        texts = tuple(pieces[0::2])
        cuts = tuple(_HOLE if cut == "h" else int(cut) for cut in pieces[1::2])
        in_attribute = tuple(text.endswith('="') for text in texts[:-1])
        return cls(texts, cuts, in_attribute, writer.root, writer.hole_depth or 0)

    def fill(self, values: Sequence[str], fragment: Fragment | None = None) -> bytes | None:
        """The document with ``values`` (and ``fragment`` at the hole), or None when the text
        writer would not write it (the caller then writes it in full)."""
        try:
            inner = self._inner(fragment) if self.hole_depth else ""
            if _SPECIAL.search("".join(values)) is None:  # the usual case: nothing to escape
                chosen = [inner if cut == _HOLE else values[cut] for cut in self.cuts]
            else:
                chosen = [self._escaped(index, values, inner) for index in range(len(self.cuts))]
        except _NotAsTextError:
            return None
        out: list[str] = [""] * (2 * len(chosen) + 1)
        out[0::2] = self.texts
        out[1::2] = chosen
        return "".join(out).encode("utf-8")

    def _inner(self, fragment: Fragment | None) -> str:
        if fragment is None:
            raise ValueError("this template has a hole: give its fragment")
        writer = _TextWriter.inside(self.root, self.hole_depth)
        writer.graft(fragment)
        if not writer.balanced(self.hole_depth):
            raise _NotAsTextError(fragment.tag)  # not one whole element: written in full
        return "".join(writer.parts)

    def _escaped(self, index: int, values: Sequence[str], inner: str) -> str:
        cut = self.cuts[index]
        if cut == _HOLE:
            return inner
        value = values[cut]
        if self.in_attribute[index]:
            return _attribute_value(value)
        return _text(value) if _TEXT_SPECIAL.search(value) else value
