"""Benchmark runner: clean the bench pages, score the outputs, print one table.

Run from the repository root::

    python -m benchmarks.run                                   # every set, dump and mode
    python -m benchmarks.run --modes '' --dumps fullpage,recall  # only the "unchanged" rows
    python -m benchmarks.run --limit 5                         # smoke run
    python -m benchmarks.run --jobs 2 --speed --memory --write   # full run, RESULTS.md

The bench (``--bench``, env ``CLEANER_BENCH``, default ``../shared/bench``) and both metrics are
described in its README. Rows of the table:

* one row per cleaner mode (default: ``cleaner.MODES``): ``cleaner.clean(text, mode=MODE)`` on the
  text dumps and ``cleaner.clean_html(page_bytes, url=url)`` on the HTML (other modes than
  ``default`` also get ``mode=MODE`` there);
* ``unchanged``: the text dump itself, checked against the README's "unchanged" rows;
* ``trafilatura``: ``trafilatura.extract(page_bytes, include_comments=False)`` on the HTML, the
  README's reference, measured in the same run.

sh and wx are scored with the shingle metric against ``gold/<id>.txt``, tr with the snippet metric,
and wx also with its snippets as a secondary column. A failed output counts as empty and is
reported. ``--speed``, ``--memory`` and ``--profile`` add the speed section (see :func:`speed_section`).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import json
import multiprocessing
import os
import platform
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any, Callable, Iterable

from benchmarks import metrics as M

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
RESULTS_MD = ROOT / "benchmarks" / "RESULTS.md"

SETS = ("sh", "tr", "wx")
DUMPS = ("fullpage", "recall", "html")
TEXT_DUMPS = ("fullpage", "recall")
METRICS = {"sh": ("shingle",), "tr": ("snippet",), "wx": ("shingle", "snippet")}
PRIMARY = {"sh": "shingle", "tr": "snippet", "wx": "shingle"}

# F1 targets of the default mode, on each set's primary metric. A (row, margin) pair means
# "the F1 that row measures in the same run, plus the margin".
TARGETS: dict[str, dict[str, float | tuple[str, float]]] = {
    "fullpage": {"sh": 0.91, "tr": 0.87, "wx": 0.90},
    "recall": {"sh": 0.975, "tr": 0.945, "wx": 0.955},
    "html": {"sh": 0.975, "tr": 0.945, "wx": ("trafilatura", 0.01)},
}
RECALL_SLACK = 0.01  # on the recall dump, R may be at most this much below the unchanged R
CHECK_TOLERANCE = 0.001  # allowed gap between our reference rows and the README's
SPEED_TARGETS = {"floor_ratio": 5.0, "j2_speedup": 1.6, "html_ratio": 1.15, "memory_mb": 250.0}

REFERENCE_ROWS = {"unchanged": "unchanged", "trafilatura.extract": "trafilatura"}


# --------------------------------------------------------------------------- bench data


@dataclass(frozen=True)
class Page:
    set: str
    id: str
    url: str


class Bench:
    """Read access to a bench folder laid out as the bench README describes."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._gold_text: dict[tuple[str, str], str] = {}
        self._gold_json: dict[str, dict[str, Any]] = {}

    def pages(self, name: str, limit: int | None = None) -> list[Page]:
        pages = []
        with open(self.root / name / "manifest.jsonl", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    pages.append(Page(name, rec["id"], rec.get("url") or ""))
        return pages[:limit] if limit is not None else pages

    def input(self, page: Page, dump: str) -> str | bytes:
        """The page's text dump as str, or its HTML as the raw (gunzipped) bytes."""
        if dump == "html":
            return gzip.decompress((self.root / page.set / "html" / f"{page.id}.html.gz").read_bytes())
        return (self.root / page.set / dump / f"{page.id}.txt").read_bytes().decode("utf-8")

    def gold_text(self, page: Page) -> str:
        key = (page.set, page.id)
        if key not in self._gold_text:
            path = self.root / page.set / "gold" / f"{page.id}.txt"
            self._gold_text[key] = path.read_bytes().decode("utf-8")
        return self._gold_text[key]

    def gold_snippets(self, page: Page) -> tuple[list[str], list[str]]:
        if page.set not in self._gold_json:
            with open(self.root / page.set / "gold.json", encoding="utf-8") as f:
                self._gold_json[page.set] = json.load(f)
        entry = self._gold_json[page.set][page.id]
        return entry["with"], entry["without"]


def md_tables(text: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """All markdown tables of a document as (last heading, header cells, body rows)."""
    tables: list[tuple[str, list[str], list[list[str]]]] = []
    heading, current = "", None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#"):
            heading, current = s.lstrip("#").strip(), None
        elif s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            if current is None:
                current = (heading, cells, [])
                tables.append(current)
            elif not all(c and set(c) <= set("-: ") for c in cells):
                current[2].append(cells)
        else:
            current = None
    return tables


@dataclass
class Readme:
    """What the runner takes from the bench README: page counts and the baseline table."""

    pages: dict[str, int] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    # (row name, dump) -> {(set, metric): (p, r, f1)} for the rows this runner reproduces
    reference: dict[tuple[str, str], dict[tuple[str, str], tuple[float, ...]]] = field(
        default_factory=dict
    )

    @classmethod
    def parse(cls, text: str) -> Readme:
        readme = cls()
        for heading, header, rows in md_tables(text):
            low = [h.lower() for h in header]
            if "folder" in low and "pages" in low:
                f, n = low.index("folder"), low.index("pages")
                for r in rows:
                    if len(r) > max(f, n) and r[n].isdigit():
                        readme.pages[r[f].strip("`/ ")] = int(r[n])
            elif "baseline" in heading.lower() and not readme.header:
                readme.header, readme.rows = header, rows
        keys = []
        for h in readme.header[1:]:
            name, _, metric = h.partition("(")
            keys.append((name.strip(), metric.strip(") ")))
        for r in readme.rows:
            dump, _, method = r[0].partition(",")
            row = REFERENCE_ROWS.get(method.strip())
            if row is None:
                continue
            figures = {}
            for key, cell in zip(keys, r[1:]):
                try:
                    figures[key] = tuple(float(x) for x in cell.split("/"))
                except ValueError:
                    pass
            readme.reference[(row, dump.strip().lower())] = figures
        return readme


# --------------------------------------------------------------------------- producing outputs


def _produce(task: tuple[str, str, str, str | bytes, str]) -> tuple[str, str | None]:
    """Compute one output. Returns (text, error); a failure gives ("", "ErrorType: message")."""
    kind, name, dump, data, url = task
    try:
        if kind == "unchanged":
            out = data
        elif kind == "trafilatura":
            import trafilatura

            out = trafilatura.extract(data, include_comments=False)
        else:
            import cleaner

            if dump == "html":
                opts = {} if name == "default" else {"mode": name}
                out = cleaner.clean_html(data, url=url, **opts)
            else:
                out = cleaner.clean(data, mode=name)
    except Exception as exc:  # any failure of the code under test counts as an empty output
        return "", f"{type(exc).__name__}: {exc}"
    if out is None:
        return "", None
    if not isinstance(out, str):
        return "", f"returned {type(out).__name__}, not str"
    return out, None


@dataclass(frozen=True)
class Row:
    name: str
    kind: str  # "mode", "unchanged" or "trafilatura"
    dumps: tuple[str, ...]


@dataclass
class Cell:
    """One row × dump × set: scores per metric, per-page scores and what went wrong."""

    row: str
    dump: str
    set: str
    pages: list[Page]
    scores: dict[str, M.Score | M.SnippetScore] = field(default_factory=dict)
    page_scores: dict[str, list[Any]] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    empty: int = 0
    seconds: float = 0.0
    bytes_in: int = 0
    skipped: str | None = None


def score_outputs(bench: Bench, name: str, pages: list[Page], outputs: list[str]) -> Cell:
    cell = Cell("", "", name, pages)
    if "shingle" in METRICS[name]:
        ps = [M.shingle_page(bench.gold_text(p), o) for p, o in zip(pages, outputs)]
        cell.scores["shingle"], cell.page_scores["shingle"] = M.shingle_corpus(ps), ps
    if "snippet" in METRICS[name]:
        cs = [M.snippet_page(*bench.gold_snippets(p), o) for p, o in zip(pages, outputs)]
        cell.scores["snippet"], cell.page_scores["snippet"] = M.snippet_corpus(cs), cs
    return cell


def run_cell(
    bench: Bench,
    row: Row,
    dump: str,
    name: str,
    pages: list[Page],
    pool: Any,
    outputs_dir: Path | None,
) -> Cell:
    inputs = [bench.input(p, dump) for p in pages]
    tasks = [(row.kind, row.name, dump, data, p.url) for p, data in zip(pages, inputs)]
    start = perf_counter()
    if pool is not None and row.kind != "unchanged":
        results = list(pool.imap(_produce, tasks, chunksize=1))
    else:
        results = [_produce(t) for t in tasks]
    seconds = perf_counter() - start
    errors = [(p.id, err) for p, (_, err) in zip(pages, results) if err]
    import_errors = [e for _, e in errors if e.startswith(("ImportError", "ModuleNotFoundError"))]
    if import_errors:
        return Cell(row.name, dump, name, pages, skipped=import_errors[0])
    outputs = [out for out, _ in results]
    cell = score_outputs(bench, name, pages, outputs)
    cell.row, cell.dump = row.name, dump
    cell.failures = errors
    cell.empty = sum(not o.strip() and not err for o, err in results)
    cell.seconds = seconds
    cell.bytes_in = sum(len(x.encode("utf-8")) if isinstance(x, str) else len(x) for x in inputs)
    if outputs_dir is not None and row.kind != "unchanged":
        folder = outputs_dir / row.name / name / dump
        folder.mkdir(parents=True, exist_ok=True)
        for p, o in zip(pages, outputs):
            (folder / f"{p.id}.txt").write_text(o, encoding="utf-8", newline="")
    return cell


# --------------------------------------------------------------------------- reporting


def fmt_score(s: M.Score | M.SnippetScore) -> str:
    return f"{s.p:.3f}/{s.r:.3f}/{s.f1:.3f}"


def md_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def columns(sets: Iterable[str], dumps: Iterable[str]) -> list[tuple[str, str, str]]:
    return [(d, s, m) for d in dumps for s in sets for m in METRICS[s]]


def col_label(dump: str, name: str, metric: str) -> str:
    return f"{dump} {name}" + ("" if metric == PRIMARY[name] else f" ({metric})")


def quality_table(
    rows: list[Row], cells: dict[tuple[str, str, str], Cell], cols: list[tuple[str, str, str]]
) -> str:
    header = ["row", *(col_label(*c) for c in cols), "docs/s", "MB/s"]
    body = []
    for row in rows:
        line = [row.name]
        docs = nbytes = 0
        seconds = 0.0
        for dump, name, metric in cols:
            cell = cells.get((row.name, dump, name))
            if cell is None:
                line.append("—")
            elif cell.skipped:
                line.append("skipped")
            else:
                line.append(fmt_score(cell.scores[metric]))
                if metric == PRIMARY[name]:  # count each output once for the speed columns
                    docs += len(cell.pages)
                    nbytes += cell.bytes_in
                    seconds += cell.seconds
        if row.kind == "unchanged" or not seconds:
            line += ["—", "—"]
        else:
            line += [f"{docs / seconds:.1f}", f"{nbytes / seconds / 1e6:.2f}"]
        body.append(line)
    return md_table(header, body)


def cell_notes(cells: Iterable[Cell]) -> list[str]:
    notes = []
    for c in cells:
        where = f"{c.row} {c.dump} {c.set}"
        if c.skipped:
            notes.append(f"{where}: skipped ({c.skipped})")
            continue
        if c.failures:
            page, error = c.failures[0]
            error = error if len(error) <= 160 else error[:157] + "..."
            notes.append(
                f"{where}: {len(c.failures)} failed outputs counted as empty (first: {page}: {error})"
            )
        if c.empty and c.row != "unchanged":
            notes.append(f"{where}: {c.empty} empty outputs")
    return notes


def check_reference(
    cells: dict[tuple[str, str, str], Cell], readme: Readme | None, limited: bool
) -> list[str]:
    """Compare the unchanged and trafilatura rows with the README; one line per finding."""
    if readme is None or not readme.reference:
        return ["check against the README: no baseline table found"]
    lines, matched, skipped = [], 0, set()
    for (row, dump, name), cell in cells.items():
        ref = readme.reference.get((row, dump))
        if ref is None or cell.skipped:
            continue
        if limited or readme.pages.get(name) != len(cell.pages):
            skipped.add(name)
            continue
        for metric, score in cell.scores.items():
            want = ref.get((name, metric))
            if want is None:
                continue
            got = (score.p, score.r, score.f1)
            if max(abs(a - b) for a, b in zip(got, want)) > CHECK_TOLERANCE:
                lines.append(
                    f"WARNING: {row} {dump} {name} ({metric}) = {fmt_score(score)}, "
                    f"README {'/'.join(f'{x:.3f}' for x in want)}"
                )
            else:
                matched += 1
    if matched:
        lines.append(f"check against the README: {matched} reference cells match within {CHECK_TOLERANCE}")
    if skipped:
        lines.append(
            "check against the README skipped for " + ", ".join(sorted(skipped))
            + " (page counts differ from the README's)"
        )
    return lines


def target_value(dump: str, name: str, cells: dict[tuple[str, str, str], Cell]) -> float | None:
    t = TARGETS.get(dump, {}).get(name)
    if isinstance(t, tuple):
        ref = cells.get((t[0], dump, name))
        if ref is None or ref.skipped:
            return None
        return ref.scores[PRIMARY[name]].f1 + t[1]
    return t


def targets_table(
    default: str | None,
    cells: dict[tuple[str, str, str], Cell],
    sets: list[str],
    dumps: list[str],
) -> str:
    cols = [(d, s) for d in dumps for s in sets]
    header = ["", *(f"{d} {s}" for d, s in cols)]
    target_row = ["target F1"]
    f1_row = [f"{default} F1"]
    meets_row = ["meets target"]
    recall_row = [f"recall dump: R ≥ unchanged R − {RECALL_SLACK}"]
    for d, s in cols:
        t = TARGETS.get(d, {}).get(s)
        value = target_value(d, s, cells)
        if isinstance(t, tuple):
            target_row.append(f"{t[0]} + {t[1]} = {value:.3f}" if value is not None else f"{t[0]} + {t[1]}")
        else:
            target_row.append(f"{value:.3f}" if value is not None else "—")
        cell = cells.get((default, d, s)) if default else None
        if cell is None or cell.skipped:
            f1_row.append("—")
            meets_row.append("—")
            recall_row.append("—" if d == "recall" else "")
            continue
        score = cell.scores[PRIMARY[s]]
        f1_row.append(f"{score.f1:.3f}")
        meets_row.append("—" if value is None else ("yes" if score.f1 >= value else "no"))
        base = cells.get(("unchanged", d, s))
        if d == "recall" and base is not None:
            floor = base.scores[PRIMARY[s]].r - RECALL_SLACK
            recall_row.append(f"{'yes' if score.r >= floor else 'no'} ({score.r:.3f} vs {floor:.3f})")
        else:
            recall_row.append("")
    rows = [target_row]
    if default:
        rows += [f1_row, meets_row]
        if "recall" in dumps:
            rows.append(recall_row)
    return md_table(header, rows)


def worst_pages(cells: Iterable[Cell], n: int) -> list[str]:
    lines = []
    for c in cells:
        if c.skipped:
            continue
        metric = PRIMARY[c.set]
        failed = {i for i, _ in c.failures}
        ranked = sorted(
            zip(c.pages, c.page_scores[metric]), key=lambda ps: (ps[1].f1, ps[0].id)
        )[:n]
        lines.append(f"worst {n}: {c.row} {c.dump} {c.set} ({metric}, per-page F1)")
        for page, s in ranked:
            if metric == "shingle":
                detail = f"P {s.precision:.3f} R {s.recall:.3f}"
            else:
                detail = f"tp {s.tp} fp {s.fp} fn {s.fn} tn {s.tn}"
            mark = " FAILED" if page.id in failed else ""
            lines.append(f"  {s.f1:.3f}  {detail}  {page.id}  {page.url}{mark}")
    return lines


# --------------------------------------------------------------------------- speed


def _time_command(cmd: list[str], infile: Path, repeat: int) -> tuple[float, int, str, int]:
    """Best wall time of ``repeat`` runs of ``cmd < infile``: (seconds, exit code, stderr tail,
    output lines). Stops at the first nonzero exit."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        with open(infile, "rb") as fin, tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr:
            start = perf_counter()
            code = subprocess.run(cmd, stdin=fin, stdout=fout, stderr=ferr, cwd=ROOT).returncode
            best = min(best, perf_counter() - start)
            ferr.seek(0)
            tail = ferr.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            fout.seek(0)
            lines = sum(1 for _ in fout)
            if code != 0:
                return best, code, tail[0], lines
    return best, 0, "", lines


def _cleaner_cmd(*extra: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", "--jsonl", *extra]


def speed_floor(records: list[bytes], repeat: int, say: Callable[[str], None]) -> None:
    """(a) floor script vs ``cleaner --jsonl -j 1``, (b) ``-j 2`` vs ``-j 1``."""
    mb = sum(map(len, records)) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fullpage.jsonl"
        path.write_bytes(b"".join(records))
        say(f"input: {len(records)} fullpage records, {mb:.1f} MB JSONL (best of {max(1, repeat)} runs, "
            "the floor and -j 1 taken in turns)")
        # In turns, so that a slower spell of the machine weighs on both timings alike.
        floor = t1 = float("inf")
        lines = 0
        for _ in range(max(1, repeat)):
            t, code, tail, _ = _time_command([sys.executable, str(Path(__file__).with_name("floor.py"))], path, 1)
            if code:
                say(f"floor script failed (exit {code}): {tail}")
                return
            floor = min(floor, t)
            t, code, tail, lines = _time_command(_cleaner_cmd("-j", "1"), path, 1)
            if code:
                say(f"cleaner --jsonl -j 1: exit {code}, no timing ({tail})")
                return
            t1 = min(t1, t)
        say(f"floor (json + one regex per line): {floor:.2f} s, {mb / floor:.1f} MB/s")
        ratio = t1 / floor
        ok = "meets" if ratio <= SPEED_TARGETS["floor_ratio"] else "misses"
        say(
            f"cleaner --jsonl -j 1: {t1:.2f} s, {mb / t1:.2f} MB/s; ratio to floor {ratio:.2f}× "
            f"({ok} target ≤ {SPEED_TARGETS['floor_ratio']:g}×)"
        )
        if lines != len(records):
            say(f"cleaner --jsonl -j 1 wrote {lines} lines for {len(records)} records")
        t2, code, tail, _ = _time_command(_cleaner_cmd("-j", "2"), path, repeat)
        if code:
            say(f"cleaner --jsonl -j 2: exit {code}, no timing ({tail})")
            return
        speedup = t1 / t2
        ok = "meets" if speedup >= SPEED_TARGETS["j2_speedup"] else "misses"
        say(
            f"cleaner --jsonl -j 2: {t2:.2f} s; speedup vs -j 1 {speedup:.2f}× "
            f"({ok} target ≥ {SPEED_TARGETS['j2_speedup']:g}×; {os.cpu_count()} CPUs)"
        )


def speed_html(bench: Bench, pages: list[Page], say: Callable[[str], None]) -> None:
    """(c) ``cleaner.clean_html`` vs ``trafilatura.extract`` per page, interleaved, same process."""
    try:
        import trafilatura
        from cleaner import clean_html
    except Exception as exc:
        say(f"html timing skipped ({type(exc).__name__}: {exc})")
        return
    if not pages:
        return

    def run_cleaner(data: bytes, url: str) -> None:
        clean_html(data, url=url)

    def run_trafilatura(data: bytes, url: str) -> None:
        trafilatura.extract(data, include_comments=False)

    funcs = {"cleaner": run_cleaner, "trafilatura": run_trafilatura}
    totals = dict.fromkeys(funcs, 0.0)
    failures = dict.fromkeys(funcs, 0)
    first = bench.input(pages[0], "html")
    for name, fn in funcs.items():  # warm-up: imports and lazy initialisation
        try:
            fn(first, pages[0].url)
        except ImportError as exc:
            say(f"html timing skipped ({name}: ImportError: {exc})")
            return
        except Exception:
            pass
    for k, page in enumerate(pages):
        data = bench.input(page, "html")
        order = list(funcs) if k % 2 == 0 else list(reversed(funcs))
        for name in order:
            start = perf_counter()
            try:
                funcs[name](data, page.url)
            except Exception:
                failures[name] += 1
            totals[name] += perf_counter() - start
    ratio = totals["cleaner"] / totals["trafilatura"] if totals["trafilatura"] else float("nan")
    ok = "meets" if ratio <= SPEED_TARGETS["html_ratio"] else "misses"
    n = len(pages)
    say(
        f"html, {n} pages: clean_html {totals['cleaner']:.2f} s ({1000 * totals['cleaner'] / n:.1f} ms/page), "
        f"trafilatura.extract {totals['trafilatura']:.2f} s ({1000 * totals['trafilatura'] / n:.1f} ms/page); "
        f"ratio {ratio:.3f} ({ok} target ≤ {SPEED_TARGETS['html_ratio']:g})"
    )
    if any(failures.values()):
        say(f"html timing: failed calls {failures}")


def speed_memory(records: list[bytes], target_mb: float, say: Callable[[str], None]) -> None:
    """(d) stream ~target_mb of repeated records into ``cleaner --jsonl``; report peak RSS."""
    if not records:
        return
    target = int(target_mb * 1e6)
    sent = 0
    with tempfile.TemporaryFile() as ferr:
        start = perf_counter()
        # The child's own peak: a forked child's high-water mark starts from this (large)
        # process's, so measure through GNU time where it exists (one line, KiB, at the end).
        gnu_time = Path("/usr/bin/time")
        cmd = _cleaner_cmd()
        if gnu_time.exists():
            cmd = [str(gnu_time), "-f", "maxrss_kib=%M", *cmd]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=ferr, cwd=ROOT)
        assert proc.stdin is not None
        try:
            while sent < target:
                for rec in records:
                    proc.stdin.write(rec)
                    sent += len(rec)
                    if sent >= target:
                        break
            proc.stdin.close()
        except BrokenPipeError:
            pass
        # wait4 gives this child's own rusage; ru_maxrss is the largest single process among
        # the child and the descendants it waited for, in KiB on Linux.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        seconds = perf_counter() - start
        ferr.seek(0)
        tail = (ferr.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""])[0]
    if code:
        say(f"memory: cleaner --jsonl exit {code} after {sent / 1e6:.0f} MB ({tail})")
        return
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    if tail.startswith("maxrss_kib="):
        peak = int(tail.split("=", 1)[1]) / 1024
    ok = "meets" if peak < SPEED_TARGETS["memory_mb"] else "misses"
    say(
        f"memory: {sent / 1e6:.0f} MB JSONL through cleaner --jsonl in {seconds:.1f} s "
        f"({sent / 1e6 / seconds:.2f} MB/s); peak RSS {peak:.0f} MB "
        f"({ok} target < {SPEED_TARGETS['memory_mb']:g} MB)"
    )


def speed_profile(records: list[bytes], say: Callable[[str], None]) -> None:
    """(e) Where the time of text mode goes, in this process: the parts of ``cleaner.analyze``
    per document, and three lower bounds (work any line-level cleaner does before it decides
    anything), each as a multiple of the floor's work on the same records in the same process."""
    import cleaner
    from benchmarks.floor import floor_record
    from cleaner import pipeline
    from cleaner.features import _intrinsic
    from cleaner.lexicon import get_lexicon
    from cleaner.text import split_lines, tokens

    if not records:
        return
    texts = [json.loads(r).get("text") or "" for r in records]
    n = len(texts)
    cleaner.analyze(texts[0])  # warm-up: the lexicon, the model, compiled patterns

    def per_doc(fn: Callable[[], object], repeat: int = 1) -> float:
        """Milliseconds a record of ``fn`` over all records, best of ``repeat`` runs."""
        best = float("inf")
        for _ in range(repeat):
            start = perf_counter()
            fn()
            best = min(best, perf_counter() - start)
        return 1000 * best / n

    def run_floor() -> float:
        return per_doc(lambda: [floor_record(r) for r in records], 3)

    floor = run_floor()
    parts: dict[str, float] = {}

    def timed(name: str, fn: Callable) -> Callable:
        def run(*args, **kwargs):
            start = perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                parts[name] = parts.get(name, 0.0) + perf_counter() - start
        return run

    def part_of(rule) -> str:
        return "line model (CTX002)" if rule.id == "CTX002" else f"{rule.stage} rules"

    saved = pipeline.prepare, pipeline._line_stage, pipeline.RULES
    pipeline.prepare = timed("segmentation and language", pipeline.prepare)
    pipeline._line_stage = timed("line rules", pipeline._line_stage)
    # line rules are timed as one stage: a timer per call would cost more than most of them
    pipeline.RULES = tuple(r if r.stage == "line" else dataclasses.replace(r, fn=timed(part_of(r), r.fn))
                           for r in pipeline.RULES)
    try:
        total = per_doc(lambda: [json.dumps({"text": cleaner.analyze(t).text}, ensure_ascii=False)
                                 for t in texts])
    finally:
        pipeline.prepare, pipeline._line_stage, pipeline.RULES = saved
    floor = min(floor, run_floor())  # before and after: a slower spell of the machine weighs less
    say(f"profile (one process, {n} fullpage records): the floor's work {floor:.3f} ms a record; "
        f"cleaner.analyze with JSON {total:.2f} ms ({total / floor:.1f}× the floor)")
    rest = total - 1000 * sum(parts.values()) / n
    for name, seconds in sorted(parts.items(), key=lambda kv: -kv[1]) + [("rendering, bookkeeping and JSON", None)]:
        ms = rest if seconds is None else 1000 * seconds / n
        say(f"profile, {name}: {ms:.2f} ms ({100 * ms / total:.0f} %, {ms / floor:.1f}× the floor)")
    lex = get_lexicon()
    lines = [split_lines(t) for t in texts]
    stops = lex.stopwords.get("en", frozenset())  # the cost does not depend on the list
    bounds = [
        ("splitting into lines", lambda: [split_lines(t) for t in texts]),
        ("tokenising the lines (split already)", lambda: [[tokens(ln.key) for ln in ls] for ls in lines]),
        ("one line's own features (stage 1), every line", lambda: [
            [_intrinsic(ln.key, tokens(ln.key), stops, lex.boilerplate_words) for ln in ls] for ls in lines]),
    ]
    for name, fn in bounds:
        ms = per_doc(fn, 2)
        say(f"lower bound, {name} alone: {ms:.2f} ms a record ({ms / floor:.1f}× the floor)")


def speed_section(
    bench: Bench,
    pages: dict[str, list[Page]],
    speed: bool,
    memory: bool,
    memory_mb: float,
    repeat: int,
    profile: bool = False,
) -> list[str]:
    """Run the requested speed measurements; returns the lines printed."""
    lines: list[str] = []

    def say(line: str) -> None:
        print(f"- {line}", flush=True)
        lines.append(f"- {line}")

    all_pages = [p for ps in pages.values() for p in ps]
    records = [
        (json.dumps({"text": bench.input(p, "fullpage")}, ensure_ascii=False) + "\n").encode("utf-8")
        for p in all_pages
    ]
    if speed:
        speed_floor(records, repeat, say)
        speed_html(bench, all_pages, say)
    if memory:
        speed_memory(records, memory_mb, say)
    if profile:
        speed_profile(records, say)
    return lines


# --------------------------------------------------------------------------- main


def _csv(allowed: tuple[str, ...]) -> Callable[[str], list[str]]:
    def parse(value: str) -> list[str]:
        items = [x.strip() for x in value.split(",") if x.strip()]
        bad = [x for x in items if x not in allowed]
        if bad:
            raise argparse.ArgumentTypeError(f"unknown {bad}; choose from {','.join(allowed)}")
        return items

    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Score the cleaner on the bench pages (see the bench README for the metrics).",
    )
    ap.add_argument(
        "--bench",
        type=Path,
        default=Path(os.environ.get("CLEANER_BENCH") or DEFAULT_BENCH),
        help="bench folder (default: $CLEANER_BENCH or ../shared/bench from the repo root)",
    )
    ap.add_argument("--sets", type=_csv(SETS), default=list(SETS), help="default: sh,tr,wx")
    ap.add_argument("--dumps", type=_csv(DUMPS), default=list(DUMPS), help="default: fullpage,recall,html")
    ap.add_argument(
        "--modes",
        type=lambda v: [x.strip() for x in v.split(",") if x.strip()],
        default=None,
        help="cleaner modes, comma-separated (default: cleaner.MODES); '' runs none",
    )
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="first N pages of each set")
    ap.add_argument("--write", action="store_true", help=f"write the results to {RESULTS_MD.relative_to(ROOT)}")
    ap.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst pages per cell of the default mode")
    ap.add_argument("--outputs", type=Path, default=None, metavar="DIR", help="write outputs to DIR/<row>/<set>/<dump>/<id>.txt")
    ap.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes for the quality run (default 1)")
    ap.add_argument("--speed", action="store_true", help="time the JSONL CLI against a floor script, -j 2, and clean_html")
    ap.add_argument("--memory", action="store_true", help="peak RSS of cleaner --jsonl on a ~300 MB stream")
    ap.add_argument("--profile", action="store_true",
                    help="where text mode's time goes: its parts and lower bounds, per record, against the floor")
    ap.add_argument("--memory-mb", type=float, default=300.0, metavar="MB", help="stream size for --memory")
    ap.add_argument("--repeat", type=int, default=1, metavar="N", help="best of N runs for the CLI timings")
    ap.add_argument("--no-quality", action="store_true", help="skip the quality table (speed only)")
    args = ap.parse_args(argv)
    if args.limit is not None and args.limit < 0:
        ap.error("--limit must be ≥ 0")
    if args.jobs < 1:
        ap.error("--jobs must be ≥ 1")
    return args


def load_cleaner(notes: list[str]) -> Any:
    try:
        import cleaner
    except Exception as exc:
        notes.append(f"import cleaner failed ({type(exc).__name__}: {exc}); no mode rows")
        return None
    return cleaner


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = "python -m benchmarks.run" + (" " + shlex.join(argv if argv is not None else sys.argv[1:])).rstrip()
    bench = Bench(args.bench)
    if not (bench.root / "README.md").is_file():
        print(f"no bench at {bench.root} (use --bench or CLEANER_BENCH)", file=sys.stderr)
        return 1
    readme = Readme.parse((bench.root / "README.md").read_text(encoding="utf-8"))
    notes: list[str] = []
    cleaner = load_cleaner(notes)
    has_clean = callable(getattr(cleaner, "clean", None))
    has_html = callable(getattr(cleaner, "clean_html", None))
    if cleaner is not None and not has_clean:
        notes.append("cleaner.clean does not exist; no mode rows on the text dumps")
    if cleaner is not None and not has_html and "html" in args.dumps:
        notes.append("cleaner.clean_html does not exist; no mode rows on html")
    if args.modes is not None:
        modes = args.modes
    elif has_clean or has_html:
        modes = list(getattr(cleaner, "MODES", ("default",)))
    else:
        modes = []
    mode_dumps = tuple(d for d in args.dumps if (d == "html" and has_html) or (d != "html" and has_clean))
    rows = [Row(m, "mode", mode_dumps) for m in modes if mode_dumps]
    rows.append(Row("unchanged", "unchanged", tuple(d for d in args.dumps if d in TEXT_DUMPS)))
    rows.append(Row("trafilatura", "trafilatura", tuple(d for d in args.dumps if d == "html")))
    rows = [r for r in rows if r.dumps]
    default = "default" if "default" in modes else (modes[0] if modes else None)

    pages = {s: bench.pages(s, args.limit) for s in args.sets}
    cells: dict[tuple[str, str, str], Cell] = {}
    report: list[str] = []

    def emit(text: str = "") -> None:
        print(text, flush=True)
        report.append(text)

    started = perf_counter()
    if not args.no_quality:
        pool = multiprocessing.Pool(args.jobs) if args.jobs > 1 else None
        try:
            for row in rows:
                for dump in row.dumps:
                    for name in args.sets:
                        cell = run_cell(bench, row, dump, name, pages[name], pool, args.outputs)
                        cells[(row.name, dump, name)] = cell
                        print(
                            f"[{row.name} {dump} {name}] {len(cell.pages)} pages, {cell.seconds:.1f} s",
                            file=sys.stderr,
                            flush=True,
                        )
        finally:
            if pool is not None:
                pool.close()
                pool.join()
    quality_seconds = perf_counter() - started

    counts = ", ".join(f"{s} {len(p)}" for s, p in pages.items())
    if not args.no_quality:
        emit(f"## Quality ({counts} pages; cells P/R/F1; --jobs {args.jobs})")
        emit()
    if cells:
        cols = columns(args.sets, args.dumps)
        emit(quality_table(rows, cells, cols))
        emit()
        for line in notes + cell_notes(cells.values()):
            emit(f"- {line}")
        for line in check_reference(cells, readme, args.limit is not None):
            emit(f"- {line}")
        emit(f"- quality run: {quality_seconds:.1f} s wall")
        emit()
        emit("## Targets (default mode, primary metric of each set)")
        emit()
        emit(targets_table(default, cells, args.sets, args.dumps))
        emit()
    elif notes:
        for line in notes:
            emit(f"- {line}")
        emit()
    if readme.header and not args.no_quality:
        emit("## Baselines (bench README)")
        emit()
        emit(md_table(readme.header, readme.rows))
        emit()
    if args.worst and cells:
        chosen = [default] if default else ["unchanged", "trafilatura"]
        lines = worst_pages((c for k, c in cells.items() if k[0] in chosen), args.worst)
        print("\n".join(lines) + "\n")

    speed_lines: list[str] = []
    if args.speed or args.memory or args.profile:
        emit("## Speed")
        emit()
        speed_lines = speed_section(bench, pages, args.speed, args.memory, args.memory_mb, args.repeat,
                                    args.profile)
        report.extend(speed_lines)
        emit()

    if args.write:
        write_results(command, args, report, speed_lines)
        print(f"wrote {RESULTS_MD.relative_to(ROOT)}")
    return 0


def write_results(command: str, args: argparse.Namespace, report: list[str], speed_lines: list[str]) -> None:
    try:
        from importlib.metadata import version

        traf = version("trafilatura")
    except Exception:
        traf = "not installed"
    try:
        bench = args.bench.resolve().relative_to(ROOT.parent)
        bench_shown = f"../{bench}"
    except ValueError:
        bench_shown = str(args.bench)
    head = [
        "# Benchmark results",
        "",
        f"- command: `{command}`",
        f"- date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- bench: `{bench_shown}`" + (f", first {args.limit} pages per set" if args.limit is not None else ""),
        f"- Python {platform.python_version()}, trafilatura {traf}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f} at the end",
        "",
    ]
    body = list(report)
    if not speed_lines:
        body += ["## Speed", "", "Not measured in this run (use `--speed` and `--memory`).", ""]
    RESULTS_MD.write_text("\n".join(head + body).rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
