"""The result of cleaning: the body, what was found, and every removal with its reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .text import line_bounds, matching_key


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


def apply(source: str, removals: tuple[Removal, ...] | list[Removal]) -> str:
    """Delete the removed spans from ``source`` and lay out what is left.

    This is the only definition of the output: every line of the source minus its removed
    spans, stripped of surrounding whitespace; empty lines dropped; paragraphs (lines) joined
    by one blank line.
    """
    spans = sorted((r.start, r.end) for r in removals)
    pieces = []
    i = 0
    for start, end in line_bounds(source):
        parts = []
        pos = start
        while i < len(spans) and spans[i][0] < end:
            s, e = spans[i]
            if s > pos:
                parts.append(source[pos:s])
            pos = max(pos, e)
            if e <= end:
                i += 1
            else:
                break
        if pos < end:
            parts.append(source[pos:end])
        pieces.append("".join(parts))
    return layout(pieces)
