"""Held-out figures of the line model: the text cells of the benchmark on pages the model was
not trained on.

    python -m benchmarks.holdout                  # three sets, both text dumps
    python -m benchmarks.holdout --cache F.pkl    # keep the line data between runs

The line model (CTX002) is trained on the same dev pages that the benchmark scores, so the
benchmark's figures are in-sample for it. This script splits the pages into the five folds of
``benchmarks.train`` (by id; a page's two dumps fall in the same fold), trains a model on four
folds, cleans the pages of the fifth with it, and scores the pages of all five folds together.
Beside that, it scores the same pages cleaned with one model trained on all folds, which is what
``benchmarks.train`` writes. The difference between the two is how much the model's figures owe
to having seen the pages. The rules were written with the dev pages in view too; this script
does not measure that.

Two more columns frame the model's share: the rule stages alone (every line the rules keep), and
the rule stages followed by the labels the model is trained to predict (``benchmarks.linedata``:
a line goes when its label is boilerplate), which is what a perfect line model would reach. The
context and final stages are not run for these two.

Needs numpy, as ``benchmarks.train`` does.
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
import sys
from pathlib import Path

from benchmarks import linedata
from benchmarks import run as R
from benchmarks.train import FOLDS, fit_model, fold_of

_MODELS: dict = {}


def _init(models: dict) -> None:
    from cleaner.linemodel import model_from

    _MODELS.update({k: model_from(v) for k, v in models.items()})


def _clean_both(task: tuple[str, int]) -> tuple[str, str]:
    """The text cleaned with the model of its fold left out, and with the model of all folds."""
    import cleaner
    from cleaner.rules import content

    text, fold = task
    outs = []
    for key in (fold, "all"):
        content.load_model = lambda m=_MODELS[key]: m
        outs.append(cleaner.clean(text))
    return outs[0], outs[1]


def _fmt(s) -> str:
    return f"{s.p:.4f}/{s.r:.4f}/{s.f1:.4f}"


def _rules_and_labels(task: tuple[str, str, object]) -> tuple[str, str]:
    """The lines that the rule stages keep, and of those the ones not labelled boilerplate."""
    from cleaner.pipeline import prepare, run_stages

    name, text, gold = task
    doc, rules = prepare(text, mode="default")
    run_stages(doc, rules, ("line", "block"))
    label = linedata.labeller(name, gold)
    kept = [doc.rest(i) for i in doc.alive_indices()]
    return "\n".join(kept), "\n".join(key for key in kept if label(key) != 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=linedata.DEFAULT_BENCH)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cache", type=Path, help="pickle of the line data (read if it exists, else written)")
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args(argv)
    sets, dumps = ("sh", "tr", "wx"), ("fullpage", "recall")

    if args.cache and args.cache.exists():
        docs = pickle.loads(args.cache.read_bytes())
    else:
        docs = linedata.load(args.bench, sets=sets, dumps=dumps, jobs=args.jobs)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(docs))
    docs = [d for d in docs if d.vectors]
    models: dict = {"all": fit_model(docs, args.l2)}
    for f in range(FOLDS):
        models[f] = fit_model([d for d in docs if fold_of(d.id) != f], args.l2)

    bench = R.Bench(args.bench)
    print(f"line model l2={args.l2}; {FOLDS} folds by page id; main metric of each set (P/R/F1)")
    print()
    print("| dump | rules only | rules + line labels | trained on all pages | fold held out | F1 change |")
    print("|---|---|---|---|---|---|")
    with multiprocessing.Pool(args.jobs, initializer=_init, initargs=(models,)) as pool:
        for dump in dumps:
            for name in sets:
                pages = bench.pages(name)
                tasks = [(bench.input(p, dump), fold_of(p.id)) for p in pages]
                held, seen = zip(*pool.map(_clean_both, tasks, chunksize=4))
                ruled, labelled = zip(*pool.map(
                    _rules_and_labels, [(name, text, linedata.gold_of(bench, name, p)) for (text, _), p in zip(tasks, pages)],
                    chunksize=4))
                metric = R.PRIMARY[name]
                r, l, a, b = (R.score_outputs(bench, name, pages, list(o)).scores[metric]
                              for o in (ruled, labelled, seen, held))
                print(f"| {dump} {name} | {_fmt(r)} | {_fmt(l)} | {_fmt(a)} | {_fmt(b)} | {b.f1 - a.f1:+.4f} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
