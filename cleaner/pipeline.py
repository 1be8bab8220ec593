"""The pipeline: segment, run the rules stage by stage, apply their marks.

Rules decide; only this module turns their marks into output. Every removed character has
a rule ID, and ``apply(source, result.removals) == result.text``.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import langid
from .config import Config
from .lexicon import get_lexicon
from .model import Removal, Result, layout
from .rules import RULES
from .rules.base import Doc, Rule
from .text import split_lines

#: Cleaning modes. ``default``: every stage. ``rules``: the phrase and shape rules only (no
#: document-level heuristics), for text that is already an article extraction.
MODES: tuple[str, ...] = ("default", "rules")

#: Lines longer than this are not run through the line patterns (bounded time); they are
#: judged by the document-level stages only.
MAX_PATTERN_LINE = 5_000


def _active(mode: str, disabled: frozenset[str]) -> tuple[Rule, ...]:
    return tuple(r for r in RULES if r.id not in disabled and (not r.modes or mode in r.modes))


def _resolve(mode: str | None, disable: Iterable[str], config: Config | None) -> tuple[str, frozenset[str]]:
    mode = mode or (config.mode if config and config.mode else "default")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    if isinstance(disable, str):
        disable = [d for d in disable.split(",") if d.strip()]
    disabled = frozenset(d.strip().upper() for d in disable)
    from .rules import BY_ID

    unknown = sorted(d for d in disabled if d not in BY_ID)
    if unknown:
        raise ValueError(f"unknown rule ID(s): {', '.join(unknown)}")
    if config:
        disabled |= config.disable
    return mode, disabled


def analyze(
    text: str,
    *,
    lang: str | None = None,
    mode: str | None = None,
    disable: Iterable[str] = (),
    config: Config | None = None,
    title: str | None = None,
) -> Result:
    """Clean ``text`` and return the body with everything found and removed.

    ``lang`` forces the document language (else it is detected); ``mode`` is one of
    :data:`MODES`; ``disable`` lists rule IDs to switch off; ``config`` adds patterns and
    switches; ``title`` is a known title (e.g. from HTML metadata) used instead of guessing.
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() takes str, not {type(text).__name__}; decode bytes first")
    mode, disabled = _resolve(mode, disable, config)
    lex = config.lexicon if config else get_lexicon()
    lines = split_lines(text)
    detected = lang or langid.detect((ln.key for ln in lines), lex)
    doc = Doc(text, lines, lex, detected)
    if title:
        doc.hints["title"] = title
    rules = _active(mode, disabled)

    line_rules = [r for r in rules if r.stage == "line"]
    for line in lines:
        if len(line.key) > MAX_PATTERN_LINE:
            continue
        i = line.index
        for r in line_rules:
            hit = r.fn(line, lex)
            if hit is None:
                continue
            doc.remove(i, r, span=hit.span, value=hit.value, detail=hit.detail, field=hit.field)
            if not doc.alive(i):
                break
    for stage in ("block", "context", "final"):
        for r in rules:
            if r.stage == stage:
                r.fn(doc)
    return _result(doc)


def _result(doc: Doc) -> Result:
    src = doc.source
    removals: list[Removal] = []
    pieces: list[str] = []
    for line, marks in zip(doc.lines, doc.marks):
        if not marks:
            pieces.append(line.text)
            continue
        pos = 0
        kept = []
        for m in sorted(marks, key=lambda m: m.start):
            if m.start > pos:
                kept.append(line.text[pos:m.start])
            pos = max(pos, m.end)
            r = m.rule
            s, e = line.start + m.start, line.start + m.end
            removals.append(Removal(r.id, r.name, r.reason, s, e, src[s:e], m.detail, m.field))
        kept.append(line.text[pos:])
        pieces.append("".join(kept))
    removals.sort(key=lambda r: (r.start, r.end))
    return Result(
        text=layout(pieces),
        title=doc.title,
        lang=doc.lang,
        metadata=doc.meta,
        removals=tuple(removals),
        source=src,
    )


def clean(text: str, **options) -> str:
    """The clean body of ``text`` (see :func:`analyze` for the options)."""
    return analyze(text, **options).text
