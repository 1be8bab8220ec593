"""What a cleaner that keeps or drops whole lines can reach on the text dumps, beside the targets.

    python -m benchmarks.ceiling --jobs 2

For every set and text dump it prints, on the set's main metric:

* ``unchanged``: the dump as it is;
* ``line oracle``: the dump with every line dropped whose gold label is boilerplate (the labels of
  ``benchmarks.linedata``, which the line model is trained on; a tr line that holds no snippet
  has no label and is kept). A cleaner that keeps or drops whole lines does better than this
  only where a label's majority vote is wrong for the page's score (a line half gold, half
  not); one that cuts lines (an image credit at a caption's end) can gain a little more;
* ``default``: ``cleaner.clean`` (the default mode);
* the target of ``benchmarks.run``;
* ``closed``: the share of the gap from unchanged to the oracle that the default mode closes, and
  ``needed``: the share that the target needs.

``closed`` says how hard a dump is for line-level cleaning. Where ``needed`` is far above what
the default mode closes on every cell, the target asks for near-perfect line decisions there.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

from benchmarks import linedata
from benchmarks import run as R


def oracle_text(name: str, text: str, gold) -> str:
    """``text`` without the lines that the gold labels boilerplate (``gold`` from
    :func:`benchmarks.linedata.gold_of`); unlabelled lines are kept."""
    label = linedata.labeller(name, gold)
    return "\n".join(line for line in text.split("\n") if label(line) != 0)


def gap_share(unchanged: float, value: float, oracle: float) -> float:
    """The share of the gap from ``unchanged`` to ``oracle`` that ``value`` closes (nan when
    there is no gap)."""
    gap = oracle - unchanged
    return (value - unchanged) / gap if gap > 0 else float("nan")


def _oracle(task: tuple[str, str, object]) -> str:
    return oracle_text(*task)


def _clean(text: str) -> str:
    import cleaner

    return cleaner.clean(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=R.DEFAULT_BENCH)
    ap.add_argument("--sets", default=",".join(R.SETS))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    bench = R.Bench(args.bench)
    sets = [s for s in args.sets.split(",") if s]
    print("main metric of each set; cells P/R/F1")
    print()
    print("| dump | unchanged | line oracle | default | target F1 | closed | needed |")
    print("|---|---|---|---|---|---|---|")
    with multiprocessing.Pool(args.jobs) as pool:
        for dump in R.TEXT_DUMPS:
            for name in sets:
                pages = bench.pages(name)
                texts = [bench.input(p, dump) for p in pages]
                oracle = pool.map(_oracle, [(name, t, linedata.gold_of(bench, name, p))
                                            for t, p in zip(texts, pages)], chunksize=4)
                cleaned = pool.map(_clean, texts, chunksize=4)
                metric = R.PRIMARY[name]
                u, o, d = (R.score_outputs(bench, name, pages, list(out)).scores[metric]
                           for out in (texts, oracle, cleaned))
                target = R.TARGETS[dump][name]
                print(f"| {dump} {name} | {R.fmt_score(u)} | {R.fmt_score(o)} | {R.fmt_score(d)} "
                      f"| {target:.3f} | {gap_share(u.f1, d.f1, o.f1):.0%} "
                      f"| {gap_share(u.f1, target, o.f1):.0%} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
