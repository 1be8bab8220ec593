"""Measurement script for HTML mode (issue 4): which trafilatura options, and what cleaner's
stages and the HTML hints add behind them. For choosing ``cleaner.htmlmode.TRAFILATURA_OPTIONS``
and ``cleaner.htmlmode.MODE``; the project benchmark is ``benchmarks/run.py``.

    python -m benchmarks.html_eval extract --opts ref,default-u,recall-u --jobs 2
    python -m benchmarks.html_eval score --opts recall-u --variants raw,pipe@rules,hints@rules --rehint
    python -m benchmarks.html_eval time --pages 400 --breakdown
    python -m benchmarks.html_eval time-opts --opts default,recall --pages 200

``extract`` runs the HTML stage of :mod:`cleaner.htmlmode` (decode, parse, metadata,
trafilatura, hints) once per page and option set (:data:`OPTION_SETS`; ``unwrap`` is
``htmlmode.UNWRAP``, default on) and caches the result under
``benchmarks/out/html_eval/<opts>/<set>.jsonl`` (an option set with ``+nolead``,
``recall-u+nolead``, leaves out the lead that ``htmlmode.find_lead`` would put back); option
set ``ref`` is the bench README's
reference, ``trafilatura.extract(page_bytes, include_comments=False)``. ``score`` runs the text
stages on the cached extractions and prints P/R/F1 per set (sh and wx shingle, tr snippet, wx
snippet); ``--rehint`` collects the hints again with the current code (they depend on it;
always use it after changing ``collect_hints``). ``time`` compares ``cleaner.clean_html`` with
``trafilatura.extract`` page by page, interleaved, in one process (``--breakdown`` splits
clean_html's time into its steps); ``time-opts`` times the extraction alone per option set
against the reference.

Variants of ``score``: ``raw`` the extraction as it is; ``pipe0`` cleaner's stages without the
page title or hints; ``pipe`` with the title; ``hints`` with the title and the HTM hints
(``hints0``: without the title). An ``@MODE`` suffix runs that cleaner mode (``hints@default``;
without one, ``cleaner.htmlmode.MODE``), a ``-HTM00N`` suffix switches one HTM rule off
(``hints@rules-HTM003``).

The tree of this repository changes under the script (other people work on the rules): compare
rows of one run only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

from benchmarks import metrics as M

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(os.environ.get("CLEANER_BENCH") or ROOT.parent / "shared" / "bench")
CACHE = ROOT / "benchmarks" / "out" / "html_eval"
SETS = ("sh", "tr", "wx")

BASE = {"include_comments": False}
OPTION_SETS: dict[str, dict] = {
    "default": {},
    "recall": {"favor_recall": True},
    "precision": {"favor_precision": True},
    "notables": {"include_tables": False},
    "recall-notables": {"favor_recall": True, "include_tables": False},
    "dedup": {"deduplicate": True},
    "recall-dedup": {"favor_recall": True, "deduplicate": True},
    "fast": {"fast": True},
    "recall-fast": {"favor_recall": True, "fast": True},
    "recall-wrapped": {"favor_recall": True, "unwrap": False},
    "default-wrapped": {"unwrap": False},
    "recall-u": {"favor_recall": True, "unwrap": True},
    "default-u": {"unwrap": True},
}


def pages(name: str) -> list[tuple[str, str, str]]:
    out = []
    with open(BENCH / name / "manifest.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                out.append((name, rec["id"], rec.get("url") or ""))
    return out


def html_bytes(s: str, pid: str) -> bytes:
    return gzip.decompress((BENCH / s / "html" / f"{pid}.html.gz").read_bytes())


# --------------------------------------------------------------------------- extract


def _extract_one(task):
    opts, s, pid, url = task
    data = html_bytes(s, pid)
    if opts == "ref":
        import trafilatura

        text = trafilatura.extract(data, include_comments=False) or ""
        return {"id": pid, "text": text, "extractor": "ref"}
    from cleaner import htmlmode

    base, _, flag = opts.partition("+")
    try:
        page = htmlmode.extract_page(data, url=url, trafilatura_options={**BASE, **OPTION_SETS[base]},
                                     lead=flag != "nolead")
    except ValueError as e:
        return {"id": pid, "text": "", "error": str(e)}
    return {
        "id": pid, "text": page.text, "title": page.title, "metadata": page.metadata,
        "extractor": page.extractor, "encoding": page.encoding,
        "hints": {k: sorted(v) for k, v in page.hints.items()},
    }


def cmd_extract(args) -> None:
    for opts in args.opts:
        for s in args.sets:
            out = CACHE / opts / f"{s}.jsonl"
            if out.exists() and not args.force:
                print(f"{opts}/{s}: cached")
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            tasks = [(opts, s, pid, url) for s, pid, url in pages(s)]
            t0 = time.perf_counter()
            with multiprocessing.Pool(args.jobs) as pool:
                recs = pool.map(_extract_one, tasks, chunksize=4)
            with open(out, "w", encoding="utf-8") as f:
                for r in recs:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            paths = {}
            for r in recs:
                paths[r.get("extractor", "error")] = paths.get(r.get("extractor", "error"), 0) + 1
            print(f"{opts}/{s}: {len(recs)} pages in {time.perf_counter() - t0:.1f}s {paths}")


# --------------------------------------------------------------------------- score


def load(opts: str, s: str) -> list[dict]:
    with open(CACHE / opts / f"{s}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _clean_one(task):
    variant, rec, s, rehint = task
    if rehint and rec.get("text"):
        from cleaner import htmlmode

        text, _ = htmlmode.decode_html(html_bytes(s, rec["id"]))
        url = rec.get("url") or (rec.get("metadata") or {}).get("url")
        rec = {**rec, "hints": htmlmode.collect_hints(htmlmode.parse_html(text), url,
                                                      htmlmode.extracted_keys(rec["text"]))}
    if variant == "raw" or rec.get("extractor") == "ref" and variant != "pipe0":
        return rec["text"]
    if not rec["text"]:
        return ""
    from cleaner import htmlmode

    base, _, off = variant.partition("-")
    base, _, mode = base.partition("@")
    mode = mode or None
    page = htmlmode.Page(
        rec["text"], rec.get("extractor", ""), rec.get("encoding", ""), rec.get("title"),
        dict(rec.get("metadata") or {}), {k: frozenset(v) for k, v in (rec.get("hints") or {}).items()},
    )
    if base in ("pipe0", "hints0"):
        page.title = None
    disable = [d for d in off.split("+") if d] if off else []
    res = htmlmode.finish(page, use_hints=base in ("hints", "hints0"), disable=disable, mode=mode)
    return res.text


def score(s: str, recs: list[dict], outs: list[str]) -> dict[str, tuple]:
    by_id = dict(zip((r["id"] for r in recs), outs))
    res = {}
    if s in ("sh", "wx"):
        items = []
        for r in recs:
            gold = (BENCH / s / "gold" / f"{r['id']}.txt").read_text(encoding="utf-8")
            items.append((gold, by_id[r["id"]]))
        sc = M.shingle_corpus(items)
        res["shingle"] = (sc.p, sc.r, sc.f1)
    if s in ("tr", "wx"):
        gold = json.loads((BENCH / s / "gold.json").read_text(encoding="utf-8"))
        sc = M.snippet_corpus((gold[r["id"]]["with"], gold[r["id"]]["without"], by_id[r["id"]]) for r in recs)
        res["snippet"] = (sc.p, sc.r, sc.f1)
    return res


def cmd_score(args) -> None:
    cols = [("sh", "shingle"), ("tr", "snippet"), ("wx", "shingle"), ("wx", "snippet")]
    cols = [c for c in cols if c[0] in args.sets]
    print("| options | stages | " + " | ".join(f"{s} ({m})" for s, m in cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    with multiprocessing.Pool(args.jobs) as pool:
        for opts in args.opts:
            data = {s: load(opts, s) for s in args.sets}
            for variant in args.variants:
                cells = {}
                for s in args.sets:
                    outs = pool.map(_clean_one, [(variant, r, s, args.rehint) for r in data[s]], chunksize=8)
                    if args.dump:
                        d = CACHE / "outputs" / opts / variant / s
                        d.mkdir(parents=True, exist_ok=True)
                        for r, o in zip(data[s], outs):
                            (d / f"{r['id']}.txt").write_text(o, encoding="utf-8")
                    for m, v in score(s, data[s], outs).items():
                        cells[(s, m)] = v
                row = " | ".join("{:.3f}/{:.3f}/{:.3f}".format(*cells[c]) for c in cols)
                print(f"| {opts} | {variant} | {row} |", flush=True)


# --------------------------------------------------------------------------- time


def cmd_time(args) -> None:
    import random

    import trafilatura

    import cleaner

    allp = [p for s in args.sets for p in pages(s)]
    random.Random(0).shuffle(allp)
    sample = allp[: args.pages]
    datas = [(html_bytes(s, pid), url) for s, pid, url in sample]
    opts = {"mode": args.mode} if args.mode else {}
    for d, u in datas[:3]:  # warm-up
        cleaner.clean_html(d, url=u, **opts)
        trafilatura.extract(d, include_comments=False)
    tc = tt = 0.0
    for k, (d, u) in enumerate(datas):
        order = (0, 1) if k % 2 == 0 else (1, 0)
        for o in order:
            t0 = time.perf_counter()
            try:
                if o == 0:
                    cleaner.clean_html(d, url=u, **opts)
                else:
                    trafilatura.extract(d, include_comments=False)
            except ValueError:
                pass
            dt = time.perf_counter() - t0
            if o == 0:
                tc += dt
            else:
                tt += dt
    n = len(datas)
    print(f"{n} pages: clean_html {1000 * tc / n:.1f} ms/page, trafilatura.extract {1000 * tt / n:.1f} ms/page, "
          f"ratio {tc / tt:.3f}")
    if args.breakdown:
        from cleaner import htmlmode

        steps = {"decode+parse": 0.0, "extract": 0.0, "metadata": 0.0, "hints": 0.0, "pipeline": 0.0}
        for d, u in datas:
            t0 = time.perf_counter()
            text, _ = htmlmode.decode_html(d)
            tree = htmlmode.parse_html(text)
            t1 = time.perf_counter()
            ext = htmlmode._trafilatura(tree, u, htmlmode.TRAFILATURA_OPTIONS)
            t2 = time.perf_counter()
            meta = htmlmode.page_metadata(tree, u)
            t3 = time.perf_counter()
            hints = htmlmode.collect_hints(tree, u, htmlmode.extracted_keys(ext))
            t4 = time.perf_counter()
            page = htmlmode.Page(ext or "x", "trafilatura", "", meta.pop("title", None), meta, hints)
            htmlmode.finish(page, **opts)
            t5 = time.perf_counter()
            for key, dt in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                steps[key] += dt
        print("breakdown (ms/page): " + ", ".join(f"{k} {1000 * v / n:.1f}" for k, v in steps.items()))


def cmd_time_opts(args) -> None:
    """trafilatura alone, per option set, interleaved with ``trafilatura.extract`` (the
    reference): the extraction's share of the 1.15 budget."""
    import random

    import trafilatura

    from cleaner import htmlmode

    allp = [p for s in args.sets for p in pages(s)]
    random.Random(0).shuffle(allp)
    datas = [(html_bytes(s, pid), url) for s, pid, url in allp[: args.pages]]
    trees = [htmlmode.parse_html(htmlmode.decode_html(d)[0]) for d, u in datas]
    names = ["ref", *args.opts]
    totals = dict.fromkeys(names, 0.0)
    for k, ((d, u), tree) in enumerate(zip(datas, trees)):
        order = names if k % 2 == 0 else list(reversed(names))
        for name in order:
            t0 = time.perf_counter()
            if name == "ref":
                trafilatura.extract(d, include_comments=False)
            else:
                htmlmode._trafilatura(tree, u, {**BASE, **OPTION_SETS[name]})
            totals[name] += time.perf_counter() - t0
    n = len(datas)
    for name in names:
        print(f"{name}: {1000 * totals[name] / n:.1f} ms/page, {totals[name] / totals['ref']:.3f} of ref")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.html_eval")
    sub = ap.add_subparsers(dest="cmd", required=True)
    csv = lambda v: [x.strip() for x in v.split(",") if x.strip()]  # noqa: E731
    for name in ("extract", "score", "time", "time-opts"):
        p = sub.add_parser(name)
        p.add_argument("--sets", type=csv, default=list(SETS))
        p.add_argument("--jobs", type=int, default=2)
        if name != "time":
            p.add_argument("--opts", type=csv, default=["default", "recall"])
        if name == "time-opts":
            p.add_argument("--pages", type=int, default=200)
        if name == "extract":
            p.add_argument("--force", action="store_true")
        if name == "score":
            p.add_argument("--variants", type=csv, default=["raw", "pipe0", "pipe", "hints"])
            p.add_argument("--dump", action="store_true", help="write outputs under the cache folder")
            p.add_argument("--rehint", action="store_true", help="collect the hints again from the HTML")
        if name == "time":
            p.add_argument("--pages", type=int, default=300)
            p.add_argument("--breakdown", action="store_true")
            p.add_argument("--mode", default=None, help="cleaner mode for clean_html")
    args = ap.parse_args(argv)
    {"extract": cmd_extract, "score": cmd_score, "time": cmd_time, "time-opts": cmd_time_opts}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
