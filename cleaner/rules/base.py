"""Rule declarations and the per-document working state that rules read and mark.

A rule never edits text: it marks a whole line or a span of a line as removed, with its ID.
Only :mod:`cleaner.pipeline` turns marks into output.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

from ..lexicon import Lexicon
from ..text import Line, last_significant, matching_key

#: Stages, in the order they run.
STAGES = ("line", "block", "context", "final")

#: Metadata fields that hold lists; every other field keeps the first value found.
LIST_FIELDS = frozenset({"image_credits", "captions", "sources", "contacts"})


@dataclass(frozen=True)
class Hit:
    """What a line rule returns: ``span`` is ``(start, end)`` within ``line.text``, or
    ``None`` for the whole line; ``value`` goes to the rule's metadata field."""

    span: tuple[int, int] | None = None
    value: str | None = None
    detail: str = ""
    field: str | None = None  # overrides the rule's field (e.g. published vs updated)


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue.

    ``fn`` is ``fn(line, lex) -> Hit | None`` for the ``line`` stage and ``fn(doc) -> None``
    (marking through ``doc.remove``) for the other stages.
    """

    id: str
    name: str
    stage: str
    summary: str
    reason: str
    fn: Callable = field(repr=False, compare=False)
    concepts: tuple[str, ...] = ()
    field: str = ""
    modes: frozenset[str] = frozenset()  # empty: every mode
    max_words: int | None = None  # line rules: longer lines are not offered to the rule

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.fn.__doc__ or self.summary)

    @property
    def family(self) -> str:
        return self.id[:3]


def rule(id: str, name: str, stage: str, *, summary: str, reason: str, concepts=(), field: str = "",
         modes=(), max_words: int | None = None):
    """Declare a rule: ``@rule("CRD001", "credit-line", "line", summary=..., reason=...)``."""
    assert stage in STAGES, stage

    def wrap(fn: Callable) -> Rule:
        return Rule(id, name, stage, summary, reason, fn, tuple(concepts), field, frozenset(modes), max_words)

    return wrap


@dataclass(slots=True)
class Mark:
    start: int  # within the line
    end: int
    rule: Rule
    detail: str = ""
    field: str = ""


class Doc:
    """Working state of one analysis: the lines, what has been removed so far, metadata.

    Created per call; never shared between calls or threads.
    """

    def __init__(self, source: str, lines: list[Line], lex: Lexicon, lang: str | None,
                 options: Any = None, memo: dict | None = None):
        self.source = source
        self.lines = lines
        self.lex = lex
        self.lang = lang
        self.options = options
        self.marks: list[list[Mark] | None] = [None] * len(lines)
        self.dead: list[Rule | None] = [None] * len(lines)  # rule that removed the whole line
        self.meta: dict[str, Any] = {}
        self.title: str | None = None
        self.hints: dict[str, Any] = {}
        # results that depend on a line's text only, shared by the passes of one analysis
        self.memo: dict[str, dict] = memo if memo is not None else {}
        self._rest_cache: dict[int, str] = {}

    # -- reading ------------------------------------------------------------------------
    def alive(self, i: int) -> bool:
        return self.dead[i] is None

    def alive_indices(self) -> list[int]:
        return [i for i, d in enumerate(self.dead) if d is None]

    def removed_by(self, i: int) -> Rule | None:
        return self.dead[i]

    def rest(self, i: int) -> str:
        """The line's text minus what has been removed from it, as a matching key."""
        marks = self.marks[i]
        if not marks:
            return self.lines[i].key
        cached = self._rest_cache.get(i)
        if cached is None:
            text = self.lines[i].text
            parts, pos = [], 0
            for m in sorted(marks, key=lambda m: m.start):
                if m.start > pos:
                    parts.append(text[pos:m.start])
                pos = max(pos, m.end)
            parts.append(text[pos:])
            cached = self._rest_cache[i] = matching_key("".join(parts))
        return cached

    def has_marks(self, i: int) -> bool:
        return bool(self.marks[i])

    def mark_rules(self, i: int) -> list[Rule]:
        return [m.rule for m in self.marks[i] or ()]

    def prev_alive(self, i: int) -> int | None:
        j = i - 1
        while j >= 0:
            if self.dead[j] is None:
                return j
            j -= 1
        return None

    def next_alive(self, i: int) -> int | None:
        j = i + 1
        n = len(self.lines)
        while j < n:
            if self.dead[j] is None:
                return j
            j += 1
        return None

    def final_of(self, i: int) -> str:
        return last_significant(self.rest(i)) if self.marks[i] else self.lines[i].final

    # -- marking ------------------------------------------------------------------------
    def remove(self, i: int, rule: Rule, *, span: tuple[int, int] | None = None, value: str | None = None,
               detail: str = "", field: str | None = None) -> None:
        """Mark line ``i`` (or ``span`` of it) as removed by ``rule``; record ``value`` under
        the rule's metadata field. Removing an already removed line does nothing."""
        if self.dead[i] is not None:
            return
        # the removal names a metadata field only when its text went there
        fld = (rule.field if field is None else field) if value else ""
        line = self.lines[i]
        marks = self.marks[i]
        if marks is None:
            marks = self.marks[i] = []
        self._rest_cache.pop(i, None)
        if span is None:
            # Remove every piece still kept.
            pos = 0
            for m in sorted(marks, key=lambda m: m.start):
                if m.start > pos:
                    marks.append(Mark(pos, m.start, rule, detail, fld))
                pos = max(pos, m.end)
            if pos < len(line.text):
                marks.append(Mark(pos, len(line.text), rule, detail, fld))
            self.dead[i] = rule
        else:
            marks.append(Mark(span[0], span[1], rule, detail, fld))
            if not self.rest(i):
                self.dead[i] = rule
        if fld and value:
            self.add_meta(fld, value)

    def add_meta(self, fld: str, value: Any) -> None:
        if fld in LIST_FIELDS:
            lst = self.meta.setdefault(fld, [])
            if value not in lst:
                lst.append(value)
        else:
            self.meta.setdefault(fld, value)
