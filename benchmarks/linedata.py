"""Line-level training data from the bench: every line of a dump, its features after the rule
stages, and a label derived from the page's gold.

Labels (1 = article text, 0 = boilerplate, None = unknown):

* sh and wx (gold text): a line of four or more tokens is article text when at least half of
  its token 4-grams occur in the gold; a shorter line when its tokens equal a gold line or
  stand inside a short gold line (a heading, a list item).
* tr (snippets): a line holding a ``with`` snippet is article text, one holding a ``without``
  snippet is boilerplate; other lines are unknown and not used.

Weights: the number of tokens of the line (capped), since the metrics count tokens.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from pathlib import Path

import regex

from benchmarks.run import DEFAULT_BENCH, Bench

_TOK = regex.compile(r"\w+")
_WS = regex.compile(r"\s+")
#: A line weighs its tokens plus one, counted up to this many.
TOKEN_CAP = 60


@dataclass
class DocLines:
    set: str
    dump: str
    id: str
    vectors: list  # per alive line: feature vector
    labels: list  # per alive line: 1, 0 or None
    weights: list
    index: list  # line index in the document
    removed: list = field(default_factory=list)  # (line index, words) of the lines the rules removed


def gold_index(gold: str):
    """What :func:`label_from_gold` looks up in a gold text: its 4-grams, lines and short lines."""
    toks = [t.casefold() for t in _TOK.findall(gold)]
    shingles = {tuple(toks[i:i + 4]) for i in range(max(0, len(toks) - 3))}
    lines = set()
    short_lines = []
    for ln in gold.splitlines():
        lt = " ".join(t.casefold() for t in _TOK.findall(ln))
        if lt:
            lines.add(lt)
            if lt.count(" ") < 12:
                short_lines.append(lt)
    return shingles, lines, short_lines


def label_from_gold(key: str, index) -> int:
    """1 when ``key`` is article text by the gold (``index`` from :func:`gold_index`), else 0."""
    shingles, lines, short_lines = index
    toks = [t.casefold() for t in _TOK.findall(key)]
    if not toks:
        return 0
    if len(toks) >= 4:
        grams = [tuple(toks[i:i + 4]) for i in range(len(toks) - 3)]
        hit = sum(1 for g in grams if g in shingles)
        return 1 if hit * 2 >= len(grams) else 0
    joined = " ".join(toks)
    if joined in lines:
        return 1
    return 1 if any(f" {joined} " in f" {s} " for s in short_lines) else 0


def norm(text: str) -> str:
    """Whitespace runs made one space, ends stripped (the snippet metric's normalisation)."""
    return _WS.sub(" ", text).strip()


def label_from_snippets(key: str, snippets) -> int | None:
    """``snippets`` holds normalised ``with`` and ``without`` lists (see :func:`norm`)."""
    norm_key = norm(key)
    if any(s in norm_key for s in snippets["with"]):
        return 1
    if any(s in norm_key for s in snippets["without"]):
        return 0
    return None


def gold_of(bench: Bench, set_: str, page) -> str | dict:
    """A page's gold as the labels read it: tr's snippet lists, else the gold text."""
    if set_ == "tr":
        w, wo = bench.gold_snippets(page)
        return {"with": w, "without": wo}
    return bench.gold_text(page)


def labeller(set_: str, gold: str | dict):
    """The function that labels a line's text by the page's gold (:func:`gold_of`)."""
    if set_ == "tr":
        snippets = {k: [norm(s) for s in v] for k, v in gold.items()}
        return lambda key: label_from_snippets(key, snippets)
    index = gold_index(gold)
    return lambda key: label_from_gold(key, index)


def _one(task) -> DocLines:
    from cleaner.features import line_vectors
    from cleaner.linemodel import removed_lines
    from cleaner.pipeline import prepare, run_stages

    set_, dump, pid, text, gold = task
    doc, rules = prepare(text, mode="default")
    run_stages(doc, rules, ("line", "block"))
    vecs = line_vectors(doc)
    label = labeller(set_, gold)
    out = DocLines(set_, dump, pid, [], [], [], [])
    out.removed = removed_lines(doc)
    for i, v in enumerate(vecs):
        if v is None:
            continue
        key = doc.rest(i)
        out.vectors.append(v)
        out.labels.append(label(key))
        out.weights.append(min(len(_TOK.findall(key)), TOKEN_CAP) + 1)
        out.index.append(i)
    return out


def load(bench_path: Path = DEFAULT_BENCH, sets=("sh", "tr", "wx"), dumps=("fullpage", "recall"),
         jobs: int = 2, limit: int | None = None) -> list[DocLines]:
    bench = Bench(bench_path)
    tasks = []
    for s in sets:
        for p in bench.pages(s, limit):
            gold = gold_of(bench, s, p)
            for d in dumps:
                tasks.append((s, d, p.id, bench.input(p, d), gold))
    with multiprocessing.Pool(jobs) as pool:
        return pool.map(_one, tasks, chunksize=8)
