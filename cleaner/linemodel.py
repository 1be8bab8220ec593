"""The line model: two small logistic regressions that score how likely a line is article text.

Stage 1 judges each line alone from :data:`cleaner.features.FEATURES`. Stage 2 revises that
judgement with the neighbours (jusText's idea): the scores of the lines around it, whether the
next lines are good text (headings belong to the text that follows them), and whether the line
lies in the document's main run of good text, found in one linear pass (the maximum-sum
segment of the stage-1 scores).

The weights are data (``cleaner/data/linemodel.json``), written by ``benchmarks/train.py`` from
the bench's dev pages; every weight has a feature name, so a decision can be explained by the
features that pushed it.
"""

from __future__ import annotations

import functools
import json
import math
from operator import mul
from dataclasses import dataclass
from importlib import resources

from .features import FEATURES, line_vectors
from .rules.base import Doc

#: Names of the stage-2 (context) features, in vector order.
CONTEXT_FEATURES: tuple[str, ...] = (
    "z1", "prev_p", "next_p", "win3", "win10", "next_max2", "headline_next", "in_region",
    "region_dist", "before_region", "after_region", "region_share",
)

#: Required weight signs of the context features: better neighbours and a larger main run of
#: text may only raise a line's score (see :data:`cleaner.features.MONOTONE_SIGNS`).
CONTEXT_SIGNS: dict[str, int] = {
    "z1": +1, "prev_p": +1, "next_p": +1, "win3": +1, "win10": +1, "next_max2": +1, "headline_next": +1,
    "in_region": +1, "region_dist": -1, "before_region": -1, "after_region": -1, "region_share": +1,
}


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Linear:
    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    def z(self, x: list[float]) -> float:
        return self.bias + sum(map(mul, self.weights, x))

    def contributions(self, x: list[float]) -> list[tuple[str, float]]:
        """(feature, weight × value) for every feature."""
        return list(zip(self.names, map(mul, self.weights, x)))


@dataclass(frozen=True)
class LineModel:
    stage1: Linear
    stage2: Linear
    meta: dict


@functools.lru_cache(maxsize=1)
def load_model() -> LineModel | None:
    """The packaged model, or ``None`` when none has been trained."""
    path = resources.files("cleaner").joinpath("data", "linemodel.json")
    if not path.is_file():
        return None
    return model_from(json.loads(path.read_text(encoding="utf-8")))


def model_from(data: dict) -> LineModel:
    """A model from its JSON form (``cleaner/data/linemodel.json``, as ``benchmarks.train``
    writes it); a ValueError when its features are not the ones computed today."""

    def lin(d: dict, expected: tuple[str, ...]) -> Linear:
        if tuple(d["names"]) != expected:
            raise ValueError("cleaner/data/linemodel.json does not match the features; retrain it")
        return Linear(tuple(d["names"]), tuple(d["weights"]), d["bias"])

    return LineModel(lin(data["stage1"], FEATURES), lin(data["stage2"], CONTEXT_FEATURES), data.get("meta", {}))


def _region(scores: list[float]) -> tuple[int, int]:
    """The maximum-sum contiguous segment [start, end) of ``scores`` (Kadane's pass)."""
    best, best_s, best_e = 0.0, 0, 0
    cur, cur_s = 0.0, 0
    for i, s in enumerate(scores):
        if cur <= 0:
            cur, cur_s = s, i
        else:
            cur += s
        if cur > best:
            best, best_s, best_e = cur, cur_s, i + 1
    return best_s, best_e


def context_vectors(p1: list[float], tokens: list[int], headline: list[bool]) -> list[list[float]]:
    """Stage-2 features of each scored line from the stage-1 probabilities ``p1`` of the
    document's kept lines (in order), their token counts and headline shapes."""
    n = len(p1)
    if n == 0:
        return []
    score = [(p - 0.5) * math.log1p(t) for p, t in zip(p1, tokens)]
    rs, re_ = _region(score)
    region_tokens = sum(tokens[rs:re_])
    share = region_tokens / max(1, sum(tokens))
    # prefix sums of weight and weight * p, for windowed means in O(1)
    wts = [math.log1p(t) for t in tokens]
    cw = [0.0]
    cwp = [0.0]
    for w, p in zip(wts, p1):
        cw.append(cw[-1] + w)
        cwp.append(cwp[-1] + w * p)

    def window(i: int, k: int) -> float:
        lo, hi = max(0, i - k), min(n, i + k + 1)
        den = cw[hi] - cw[lo] - wts[i]
        num = cwp[hi] - cwp[lo] - wts[i] * p1[i]
        return num / den if den > 1e-9 else 0.5

    out = []
    for i in range(n):
        prev_p = p1[i - 1] if i > 0 else 0.5
        next_p = p1[i + 1] if i + 1 < n else 0.5
        nxt = p1[i + 1:i + 3]
        next_max2 = max(nxt) if nxt else 0.0
        inside = rs <= i < re_
        dist = 0 if inside else (rs - i if i < rs else i - re_ + 1)
        out.append([
            _logit(p1[i]),
            prev_p,
            next_p,
            window(i, 3),
            window(i, 10),
            next_max2,
            next_max2 if headline[i] else 0.0,
            1.0 if inside else 0.0,
            math.log1p(dist) / 4.0,
            1.0 if i < rs else 0.0,
            1.0 if i >= re_ else 0.0,
            share,
        ])
    return out


@dataclass
class Scores:
    """Per-line scores of a document: ``p2[i]`` for kept lines, ``None`` for removed ones."""

    p1: list[float | None]
    p2: list[float | None]
    x1: list[list[float] | None]
    x2: list[list[float] | None]


#: The stage-1 probability that a line a rule removed as page furniture takes in the context of
#: the kept lines around it (see :func:`context_with_removed`).
REMOVED_P = 0.1


def removed_lines(doc: Doc) -> list[tuple[int, int]]:
    """(index, words) of the lines that rules removed as page furniture: every removed line
    but those whose text went to metadata (title, byline, dates, credits, captions), which
    sit inside the article as often as around it."""
    return [(i, doc.lines[i].words) for i, rule in enumerate(doc.dead) if rule is not None and not rule.field]


def context_with_removed(kept: list[int], p1: list[float], tokens: list[int], headline: list[bool],
                         removed: list[tuple[int, int]]) -> list[list[float]]:
    """:func:`context_vectors` of the kept lines (document indices ``kept``), with the lines
    the rules removed as furniture (``removed``: index and words) standing among them at
    probability :data:`REMOVED_P`. A menu that a rule took out still tells its neighbours
    that they stand in page furniture; left out, it would make them look like the article."""
    if not removed:
        return context_vectors(p1, tokens, headline)
    rows = [(i, p, t, h, True) for i, p, t, h in zip(kept, p1, tokens, headline)]
    rows += [(i, REMOVED_P, t, False, False) for i, t in removed]
    rows.sort(key=lambda r: r[0])
    ctx = context_vectors([r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows])
    return [c for c, r in zip(ctx, rows) if r[4]]


def score(doc: Doc, model: LineModel) -> Scores:
    vecs = line_vectors(doc)
    idx = [i for i, v in enumerate(vecs) if v is not None]
    p1_alive = [_sigmoid(model.stage1.z(vecs[i])) for i in idx]
    tokens = [doc.lines[i].words for i in idx]
    head_i = FEATURES.index("headline")
    headline = [vecs[i][head_i] > 0 for i in idx]
    removed = removed_lines(doc)
    ctx = context_with_removed(idx, p1_alive, tokens, headline, removed)
    n = len(vecs)
    p1: list[float | None] = [None] * n
    p2: list[float | None] = [None] * n
    x2: list[list[float] | None] = [None] * n
    for k, i in enumerate(idx):
        p1[i] = p1_alive[k]
        x2[i] = ctx[k]
        p2[i] = _sigmoid(model.stage2.z(ctx[k]))
    return Scores(p1, p2, vecs, x2)
