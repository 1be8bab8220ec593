"""The benchmark's two metrics, as defined in the bench README (``../shared/bench/README.md``).

Shingle metric (scrapinghub article-extraction-benchmark): tokens are ``\\w+`` matches, a text's
shingles are the multiset of its token 4-grams (a 1-3 token text is one shingle, an empty text has
none). Per page, precision and recall come from the multiset overlap with the gold; a folder's P
and R are macro means over the pages where they are defined, and F1 is computed from those means.

Snippet metric (trafilatura's evaluation): a ``with`` snippet found in the output is a true
positive, otherwise a false negative; a ``without`` snippet found is a false positive, otherwise a
true negative. Matching is substring matching after whitespace normalisation. Counts are pooled
over the folder.

All functions are pure and use only the standard library.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

__all__ = [
    "PageScore",
    "Score",
    "SnippetCounts",
    "SnippetScore",
    "tokens",
    "shingles",
    "shingle_page",
    "shingle_corpus",
    "norm",
    "snippet_page",
    "snippet_corpus",
    "ratio",
    "f1_from",
]

_TOKEN = re.compile(r"\w+")
SHINGLE_N = 4


def ratio(num: float, den: float) -> float:
    """``num / den``, or 0.0 when the denominator is 0."""
    return num / den if den else 0.0


def f1_from(p: float, r: float) -> float:
    """Harmonic mean of precision and recall; 0.0 when both are 0."""
    return ratio(2 * p * r, p + r)


# --------------------------------------------------------------------------- shingle metric


def tokens(text: str | None) -> list[str]:
    """All ``\\w+`` matches (Unicode word characters, case kept)."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of token n-grams; 1..n-1 tokens form one shingle; no tokens, no shingle."""
    return _shingles_of(tokens(text), n)


def _shingles_of(toks: list[str], n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(zip(*(toks[i:] for i in range(n))))


@dataclass(frozen=True)
class PageScore:
    """Shingle counts of one page (raw integers) and the page's precision and recall."""

    tp: int
    fp: int
    fn: int
    exact: bool

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Per-page F1 (for ranking pages; the folder F1 is not a mean of these)."""
        return f1_from(self.precision, self.recall)

    @property
    def normalized(self) -> tuple[float, float, float]:
        """``(tp, fp, fn)`` each divided by their sum, all 0 when the sum is 0 (README step 3)."""
        total = self.tp + self.fp + self.fn
        return (ratio(self.tp, total), ratio(self.fp, total), ratio(self.fn, total))

    @property
    def in_precision(self) -> bool:
        """The page counts towards P (its output has shingles)."""
        return self.tp + self.fp > 0

    @property
    def in_recall(self) -> bool:
        """The page counts towards R (its gold has shingles)."""
        return self.tp + self.fn > 0


@dataclass(frozen=True)
class Score:
    """Folder result of the shingle metric."""

    p: float
    r: float
    f1: float
    exact: float
    pages: int


def shingle_page(gold: str | None, output: str | None) -> PageScore:
    """Score one output against its gold text with the shingle metric.

    ``tp = Σ min(g, p)``, ``fp = Σ max(0, p - g)``, ``fn = Σ max(0, g - p)`` over the shingle
    multisets; computed as ``fp = |p| - tp`` and ``fn = |g| - tp``, which is the same.
    """
    gold_toks, out_toks = tokens(gold), tokens(output)
    g, p = _shingles_of(gold_toks), _shingles_of(out_toks)
    tp = sum(min(g[s], p[s]) for s in g.keys() & p.keys())
    return PageScore(tp, p.total() - tp, g.total() - tp, gold_toks == out_toks)


def shingle_corpus(items: Iterable[tuple[str | None, str | None] | PageScore]) -> Score:
    """Macro P/R/F1 and exact-match share over a folder.

    ``items`` are ``(gold, output)`` pairs or ready :class:`PageScore` objects. P is the mean page
    precision over pages with ``tp + fp > 0``, R the mean page recall over pages with
    ``tp + fn > 0`` (an empty mean is 0), and F1 = 2PR/(P+R).
    """
    pages = [x if isinstance(x, PageScore) else shingle_page(*x) for x in items]
    precs = [s.precision for s in pages if s.in_precision]
    recs = [s.recall for s in pages if s.in_recall]
    p = ratio(sum(precs), len(precs))
    r = ratio(sum(recs), len(recs))
    return Score(p, r, f1_from(p, r), ratio(sum(s.exact for s in pages), len(pages)), len(pages))


# --------------------------------------------------------------------------- snippet metric


def norm(s: str | None) -> str:
    """Collapse every run of whitespace to one space and strip both ends."""
    return " ".join((s or "").split())


@dataclass(frozen=True)
class SnippetCounts:
    """Snippet outcome counts (of one page, or pooled over a folder)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(
            self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn
        )

    @property
    def f1(self) -> float:
        return ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True)
class SnippetScore:
    """Folder result of the snippet metric (pooled counts and the ratios from them)."""

    counts: SnippetCounts
    p: float
    r: float
    f1: float
    accuracy: float
    pages: int


def snippet_page(
    with_: Sequence[str], without: Sequence[str], output: str | None
) -> SnippetCounts:
    """Count one page's snippets: found ``with`` = tp, missed = fn; found ``without`` = fp, else tn.

    An empty output (nothing left after normalisation) finds nothing.
    """
    text = norm(output)
    if not text:
        return SnippetCounts(fn=len(with_), tn=len(without))
    found_with = sum(norm(s) in text for s in with_)
    found_without = sum(norm(s) in text for s in without)
    return SnippetCounts(
        tp=found_with,
        fn=len(with_) - found_with,
        fp=found_without,
        tn=len(without) - found_without,
    )


def snippet_corpus(
    items: Iterable[tuple[Sequence[str], Sequence[str], str | None] | SnippetCounts],
) -> SnippetScore:
    """Pooled P, R, F1 = 2tp/(2tp+fp+fn) and accuracy over a folder (zero denominators give 0).

    ``items`` are ``(with, without, output)`` triples or ready :class:`SnippetCounts`.
    """
    total = SnippetCounts()
    pages = 0
    for x in items:
        total += x if isinstance(x, SnippetCounts) else snippet_page(*x)
        pages += 1
    c = total
    return SnippetScore(
        counts=c,
        p=ratio(c.tp, c.tp + c.fp),
        r=ratio(c.tp, c.tp + c.fn),
        f1=c.f1,
        accuracy=ratio(c.tp + c.tn, c.tp + c.fp + c.fn + c.tn),
        pages=pages,
    )
