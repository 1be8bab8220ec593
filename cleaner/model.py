"""The result of cleaning: the body, what was found, and every removal with its reason."""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any

from .text import content_bounds, matching_key


@dataclass(frozen=True, slots=True)
class Removal:
    """One removed span of the input.

    ``start``/``end`` are offsets into the analysed input string, ``text`` is
    ``input[start:end]``. ``rule`` is the stable rule ID, ``name`` its kebab-case name,
    ``reason`` the rule's one-line reason, ``detail`` optional evidence (a score, the line a
    caption was bound to ...). ``field`` names the metadata entry the text went to, if any.
    """

    rule: str
    name: str
    reason: str
    start: int
    end: int
    text: str
    detail: str = ""
    field: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Result:
    """What :func:`cleaner.analyze` returns.

    ``text`` is the clean body; ``removals`` replay to it: ``apply(source, removals) == text``.
    """

    text: str
    title: str | None
    lang: str | None
    metadata: dict[str, Any]
    removals: tuple[Removal, ...]
    source: str = field(repr=False, default="")

    def explain(self) -> str:
        """The removals rendered for a person: one line per removal, in input order."""
        if not self.removals:
            return "nothing removed"
        out = []
        for r in self.removals:
            snippet = r.text if len(r.text) <= 80 else r.text[:77] + "..."
            snippet = snippet.replace("\n", " ")
            extra = f" ({r.detail})" if r.detail else ""
            dest = f" -> {r.field}" if r.field else ""
            out.append(f"{r.start}-{r.end} {r.rule} {r.name}: {r.reason}{extra}{dest}: {snippet!r}")
        return "\n".join(out)

    def to_dict(self, *, removals: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "title": self.title,
            "lang": self.lang,
            "metadata": self.metadata,
        }
        if removals:
            d["removals"] = [r.to_dict() for r in self.removals]
        return d


def layout(pieces: list[str]) -> str:
    """Join kept paragraphs: each stripped, blank ones (whitespace or invisible characters
    only) dropped, one blank line between."""
    return "\n\n".join(p.strip() for p in pieces if matching_key(p))


def render(source: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int, int]]]:
    """Delete ``spans`` from ``source`` and lay out what is left (the output definition).

    Every line of the source minus its removed spans, stripped of surrounding whitespace;
    blank lines dropped; paragraphs (lines) joined by one blank line. Returns the text and a
    map of it: ``(out_start, src_start, length)`` runs copied verbatim from the source.
    """
    spans = sorted(spans)
    out: list[str] = []
    runs: list[tuple[int, int, int]] = []
    size = 0
    i = 0
    for start, end in content_bounds(source):  # empty lines hold nothing to keep
        if (i == len(spans) or spans[i][0] >= end) and source[start:end].isspace():
            continue  # a blank line without removals: nothing to keep (the common blank line)
        pieces: list[tuple[int, int]] = []
        pos = start
        while i < len(spans) and spans[i][0] < end:
            s, e = spans[i]
            if s > pos:
                pieces.append((pos, s))
            pos = max(pos, e)
            if e <= end:
                i += 1
            else:
                break
        if pos < end:
            pieces.append((pos, end))
        para = "".join(source[a:b] for a, b in pieces)
        if not matching_key(para):
            continue
        lead = len(para) - len(para.lstrip())
        keep = len(para.strip())
        if out:
            out.append("\n\n")
            size += 2
        out.append(para.strip())
        # map the kept characters [lead, lead + keep) of the paragraph to the source
        skip, left = lead, keep
        for a, b in pieces:
            n = b - a
            if skip >= n:
                skip -= n
                continue
            a += skip
            n -= skip
            skip = 0
            take = min(n, left)
            if take <= 0:
                break
            runs.append((size, a, take))
            size += take
            left -= take
    return "".join(out), runs


def apply(source: str, removals: tuple[Removal, ...] | list[Removal]) -> str:
    """Delete the removed spans from ``source`` and lay out what is left (see :func:`render`).

    ``apply(result.source, result.removals) == result.text`` for every result.
    """
    return render(source, [(r.start, r.end) for r in removals])[0]


def map_span(runs: list[tuple[int, int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The source spans behind the output span ``[start, end)`` (see :func:`render`)."""
    out = []
    lo = bisect.bisect_right(runs, (start, float("inf"), 0)) - 1
    for k in range(max(lo, 0), len(runs)):
        o, s, n = runs[k]
        if o >= end:
            break
        a, b = max(o, start), min(o + n, end)
        if a < b:
            out.append((s + a - o, s + b - o))
    return out
