"""Train the line model (cleaner/data/linemodel.json) on the bench's dev pages.

    python -m benchmarks.train                 # train, report cross-validated figures, write
    python -m benchmarks.train --no-write      # report only

Data: every kept line of every text dump after the rule stages, labelled from the gold (see
:mod:`benchmarks.linedata`). Stage 1 is a weighted, L2-regularised logistic regression on the
line features; stage 2 one on the context features computed from stage-1 scores that were
predicted out of fold (documents split in five folds by id, a page's two dumps in the same
fold), so stage 2 learns from scores like those it will see on unseen pages. Each (set, dump)
group gets the same total weight, so no bench dominates.

Needs numpy (``pip install numpy``); cleaner itself does not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from pathlib import Path

import numpy as np

from benchmarks import linedata
from cleaner.features import FEATURES, MONOTONE_SIGNS
from cleaner.linemodel import CONTEXT_FEATURES, CONTEXT_SIGNS, context_with_removed

SIGNS1 = [MONOTONE_SIGNS.get(n, 0) for n in FEATURES]
SIGNS2 = [CONTEXT_SIGNS.get(n, 0) for n in CONTEXT_FEATURES]

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "cleaner" / "data" / "linemodel.json"
FOLDS = 5


def fit_logistic(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0, iters: int = 30,
                 signs: list[int] | None = None) -> np.ndarray:
    """Weighted logistic regression by Newton's method; returns [bias, weights...].

    ``signs`` (one per column, 0 = free) constrains weights: a weight that comes out with the
    wrong sign is fixed at zero and the rest refitted, until every constraint holds.
    """
    fixed = np.zeros(X.shape[1], dtype=bool)
    while True:
        beta = _newton(X[:, ~fixed], y, w, l2, iters)
        full = np.zeros(X.shape[1] + 1)
        full[0] = beta[0]
        full[1:][~fixed] = beta[1:]
        if not signs:
            return full
        bad = [j for j, sg in enumerate(signs) if not fixed[j] and sg * full[1 + j] < 0]
        if not bad:
            return full
        worst = max(bad, key=lambda j: abs(full[1 + j]))
        fixed[worst] = True


def _newton(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, iters: int) -> np.ndarray:
    Xb = np.hstack([np.ones((X.shape[0], 1)), X])
    beta = np.zeros(Xb.shape[1])
    reg = np.full(Xb.shape[1], l2)
    reg[0] = 0.0
    for _ in range(iters):
        z = Xb @ beta
        p = 1.0 / (1.0 + np.exp(-z))
        g = Xb.T @ (w * (p - y)) + reg * beta
        h = (Xb * (w * p * (1 - p))[:, None]).T @ Xb + np.diag(reg)
        step = np.linalg.solve(h, g)
        beta -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return beta


def predict(beta: np.ndarray, X: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(X @ beta[1:] + beta[0])))


def fold_of(doc_id: str) -> int:
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % FOLDS


def group_weights(docs) -> dict[tuple[str, str], float]:
    totals: dict[tuple[str, str], float] = {}
    for d in docs:
        for lab, w in zip(d.labels, d.weights):
            if lab is not None:
                totals[(d.set, d.dump)] = totals.get((d.set, d.dump), 0.0) + w
    mean = sum(totals.values()) / len(totals)
    return {k: mean / v for k, v in totals.items()}


def arrays(docs, rows_of, gw):
    X, y, w = [], [], []
    for d in docs:
        for k, lab in enumerate(d.labels):
            if lab is not None:
                X.append(rows_of(d)[k])
                y.append(lab)
                w.append(d.weights[k] * gw[(d.set, d.dump)])
    return np.array(X, dtype=float), np.array(y, dtype=float), np.array(w, dtype=float)


def stage2_rows(d, p1: np.ndarray) -> list[list[float]]:
    head = FEATURES.index("headline")
    tokens = [max(0, int(round(w)) - 1) for w in d.weights]
    removed = [(i, min(t, linedata.TOKEN_CAP)) for i, t in d.removed]  # capped as the kept lines' tokens are
    return context_with_removed(d.index, list(p1), tokens, [v[head] > 0 for v in d.vectors], removed)


def report(name: str, docs, probs, say=print, threshold: float = 0.5) -> None:
    groups: dict[tuple[str, str], list[float]] = {}
    for d, p in zip(docs, probs):
        g = groups.setdefault((d.set, d.dump), [0.0, 0.0, 0.0, 0.0])
        for lab, w, q in zip(d.labels, d.weights, p):
            if lab is None:
                continue
            pred = q >= threshold
            if pred and lab:
                g[0] += w
            elif pred and not lab:
                g[1] += w
            elif lab:
                g[2] += w
            else:
                g[3] += w
    say(f"{name}: token-weighted line P/R/F1 (out of fold)")
    for k in sorted(groups):
        tp, fp, fn, _ = groups[k]
        p = tp / (tp + fp) if tp + fp else 0
        r = tp / (tp + fn) if tp + fn else 0
        f = 2 * p * r / (p + r) if p + r else 0
        say(f"  {k[0]} {k[1]:<8} {p:.3f}/{r:.3f}/{f:.3f}")


def fit_model(docs, l2: float = 1.0, say=None) -> dict:
    """Fit both stages on ``docs`` and return the model as written to ``linemodel.json``.

    Stage 2 is fitted on stage-1 scores predicted out of fold (the documents of ``docs`` split
    by :func:`fold_of`); with ``say``, the out-of-fold line figures of both stages are
    reported through it."""
    gw = group_weights(docs)
    folds = [fold_of(d.id) for d in docs]

    # stage 1, out of fold
    oof1: list[np.ndarray] = [None] * len(docs)  # type: ignore[list-item]
    for f in sorted(set(folds)):
        train = [d for d, k in zip(docs, folds) if k != f]
        X, y, w = arrays(train, lambda d: d.vectors, gw)
        beta = fit_logistic(X, y, w, l2, signs=SIGNS1)
        for i, d in enumerate(docs):
            if folds[i] == f:
                oof1[i] = predict(beta, np.array(d.vectors, dtype=float))
    if say:
        report("stage 1", docs, oof1, say)

    # stage 2 on out-of-fold stage-1 scores
    rows2 = [stage2_rows(d, p) for d, p in zip(docs, oof1)]
    oof2: list[np.ndarray] = [None] * len(docs)  # type: ignore[list-item]
    row_of = {id(d): r for d, r in zip(docs, rows2)}
    if say:
        for f in sorted(set(folds)):
            train = [d for d, k in zip(docs, folds) if k != f]
            X, y, w = arrays(train, lambda d: row_of[id(d)], gw)
            beta = fit_logistic(X, y, w, l2, signs=SIGNS2)
            for i, d in enumerate(docs):
                if folds[i] == f:
                    oof2[i] = predict(beta, np.array(rows2[i], dtype=float))
        report("stage 2", docs, oof2, say)

    X1, y1, w1 = arrays(docs, lambda d: d.vectors, gw)
    beta1 = fit_logistic(X1, y1, w1, l2, signs=SIGNS1)
    X2, y2, w2 = arrays(docs, lambda d: row_of[id(d)], gw)
    beta2 = fit_logistic(X2, y2, w2, l2, signs=SIGNS2)
    return {
        "stage1": {"names": list(FEATURES), "bias": float(beta1[0]), "weights": [round(float(b), 5) for b in beta1[1:]]},
        "stage2": {
            "names": list(CONTEXT_FEATURES), "bias": float(beta2[0]), "weights": [round(float(b), 5) for b in beta2[1:]],
        },
        "meta": {
            "trained_on": "bench dev splits sh, tr, wx; fullpage and recall dumps",
            "lines": int(len(y1)),
            "l2": l2,
        },
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=linedata.DEFAULT_BENCH)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cache", type=Path, help="pickle of the line data (read if it exists, else written)")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)

    if args.cache and args.cache.exists():
        docs = pickle.loads(args.cache.read_bytes())
    else:
        docs = linedata.load(args.bench, jobs=args.jobs)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(docs))
    docs = [d for d in docs if d.vectors]
    model = fit_model(docs, args.l2, say=print)
    for name, key in (("stage 1", "stage1"), ("stage 2", "stage2")):
        print(f"{name} weights:")
        for n, b in sorted(zip(model[key]["names"], model[key]["weights"]), key=lambda t: -abs(t[1])):
            print(f"  {n:<18} {b:+.3f}")
    if not args.no_write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
