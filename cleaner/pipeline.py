"""The pipeline: segment, run the rules stage by stage, apply their marks.

Rules decide; only this module turns their marks into output. Every removed character has
a rule ID, and ``apply(source, result.removals) == result.text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import langid
from .config import Config
from .lexicon import get_lexicon
from .model import Removal, Result, map_span, render
from .rules import RULES
from .rules.base import STAGES, Doc, Rule
from .text import repair_mojibake as _repair_mojibake
from .text import split_lines

#: Cleaning modes. ``default``: every stage. ``rules``: the phrase and shape rules only (no
#: document-level heuristics), for text that is already an article extraction.
MODES: tuple[str, ...] = ("default", "rules")

#: Passes over the output at most (see :func:`analyze`); in practice two or three suffice.
MAX_PASSES = 5

#: Lines longer than this are not run through the line patterns (bounded time); they are
#: judged by the document-level stages only.
MAX_PATTERN_LINE = 5_000


def _active(mode: str, disabled: frozenset[str]) -> tuple[Rule, ...]:
    return tuple(r for r in RULES if r.id not in disabled and (not r.modes or mode in r.modes))


def rule_ids(disable: Iterable[str]) -> list[str]:
    """The rule IDs of a ``disable`` option: an iterable of IDs or one comma-separated string."""
    if isinstance(disable, str):
        return [d for d in disable.split(",") if d.strip()]
    return list(disable)


def _resolve(mode: str | None, disable: Iterable[str], config: Config | None) -> tuple[str, frozenset[str]]:
    mode = mode or (config.mode if config and config.mode else "default")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    disabled = frozenset(d.strip().upper() for d in rule_ids(disable))
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
    hints: Mapping[str, Any] | None = None,
    repair_mojibake: bool = False,
    passes: int = MAX_PASSES,
) -> Result:
    """Clean ``text`` and return the body with everything found and removed.

    ``lang`` forces the document language (else it is detected); ``mode`` is one of
    :data:`MODES`; ``disable`` lists rule IDs to switch off; ``config`` adds patterns and
    switches; ``title`` is a known title (e.g. from HTML metadata) used instead of guessing;
    ``hints`` are what the HTML showed of the page (see :mod:`cleaner.rules.html_hints`).
    ``repair_mojibake=True`` first puts right text that was UTF-8 once read as Windows-1252
    or Latin-1 (:func:`cleaner.repair_mojibake`); ``Result.source`` is then the repaired text
    (the removals' offsets are into it) and ``metadata["mojibake_repaired"]`` counts the
    repairs. Off by default: the text is taken as given. ``passes`` bounds the passes over
    the output (see :data:`MAX_PASSES`); ``1`` cleans once, without making sure that the
    result is a fixed point.
    """
    repaired = 0
    if repair_mojibake and isinstance(text, str):
        text, repaired = _repair_mojibake(text)
    memo: dict[str, dict] = {}
    doc, rules = prepare(text, lang=lang, mode=mode, disable=disable, config=config, title=title, hints=hints,
                         memo=memo)
    run_stages(doc, rules, STAGES)
    removals = _removals(doc)
    meta = doc.meta
    found_title = doc.title
    out, runs = render(text, [(r.start, r.end) for r in removals])
    # Clean the output again until nothing more goes: the result is then a fixed point, so
    # cleaning a clean body changes nothing. Later passes see the output's layout (one
    # paragraph per line), exactly as a second call would.
    fresh = not removals
    # Only the line model reads the language; without it a later pass need not detect it again.
    reuse_lang = None if any(r.id == "CTX002" for r in rules) else doc.lang
    for _ in range(max(1, passes) - 1):
        if fresh:
            break
        again, _ = prepare(out, lang=lang or reuse_lang, mode=mode, disable=disable, config=config, title=title,
                           hints=hints, memo=memo)
        run_stages(again, rules, STAGES)
        more = _removals(again)
        if not more:
            break
        for r in more:
            for s, e in map_span(runs, r.start, r.end):
                removals.append(Removal(r.rule, r.name, r.reason, s, e, text[s:e], r.detail, r.field))
        for k, v in again.meta.items():
            if isinstance(v, list):
                lst = meta.setdefault(k, [])
                lst.extend(x for x in v if x not in lst)
            else:
                meta.setdefault(k, v)
        found_title = found_title or again.title
        removals.sort(key=lambda r: (r.start, r.end))
        out, runs = render(text, [(r.start, r.end) for r in removals])
    if repaired:
        meta["mojibake_repaired"] = repaired
    return Result(text=out, title=found_title, lang=doc.lang, metadata=meta, removals=tuple(removals), source=text)


def prepare(
    text: str,
    *,
    lang: str | None = None,
    mode: str | None = None,
    disable: Iterable[str] = (),
    config: Config | None = None,
    title: str | None = None,
    hints: Mapping[str, Any] | None = None,
    memo: dict | None = None,
) -> tuple[Doc, tuple[Rule, ...]]:
    """Segment ``text`` and set up the working state; returns it with the active rules."""
    if not isinstance(text, str):
        raise TypeError(f"analyze() takes str, not {type(text).__name__}; decode bytes first")
    mode, disabled = _resolve(mode, disable, config)
    lex = config.lexicon if config else get_lexicon()
    lines = split_lines(text)
    detected = lang or langid.detect((ln.key for ln in lines), lex)
    doc = Doc(text, lines, lex, detected, memo=memo)
    if hints:
        doc.hints.update(hints)
    if title:
        doc.hints["title"] = title
    return doc, _active(mode, disabled)


def run_stages(doc: Doc, rules: tuple[Rule, ...], stages: Iterable[str]) -> None:
    """Run the ``rules`` of the given stages, in the catalogue's order, marking ``doc``."""
    for stage in stages:
        if stage == "line":
            _line_stage(doc, rules)
        else:
            for r in rules:
                if r.stage == stage:
                    r.fn(doc)


_NO_LIMIT = 1 << 30


def _line_stage(doc: Doc, rules: tuple[Rule, ...]) -> None:
    """Offer every line to the line rules in order, until one removes it whole. What the
    rules say depends on the line's text only, so it is kept in ``doc.memo`` and reused by the
    later passes of the same analysis."""
    lex = doc.lex
    line_rules = [(r, r.max_words or _NO_LIMIT) for r in rules if r.stage == "line"]
    seen: dict[str, list] = doc.memo.setdefault("line_hits", {})
    for line in doc.lines:
        hits = seen.get(line.text)
        if hits is None:
            hits = []
            if len(line.key) <= MAX_PATTERN_LINE:
                n = line.words
                for r, limit in line_rules:
                    if n > limit:
                        continue
                    hit = r.fn(line, lex)
                    if hit is not None:
                        hits.append((r, hit))
                        if hit.span is None:
                            break
            seen[line.text] = hits
        i = line.index
        for r, hit in hits:
            doc.remove(i, r, span=hit.span, value=hit.value, detail=hit.detail, field=hit.field)
            if not doc.alive(i):
                break


def _removals(doc: Doc) -> list[Removal]:
    """The marks of ``doc`` as removals with offsets into its source, in source order."""
    src = doc.source
    removals: list[Removal] = []
    for line, marks in zip(doc.lines, doc.marks):
        if not marks:
            continue
        for m in marks:
            r = m.rule
            s, e = line.start + m.start, line.start + m.end
            removals.append(Removal(r.id, r.name, r.reason, s, e, src[s:e], m.detail, m.field))
    removals.sort(key=lambda r: (r.start, r.end))
    return removals


def clean(text: str, **options) -> str:
    """The clean body of ``text`` (see :func:`analyze` for the options)."""
    return analyze(text, **options).text
