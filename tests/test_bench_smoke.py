"""Smoke tests of the benchmark runner on the three fixture pages in fixtures/bench.

The expected figures for the "unchanged" row were computed by an independent script (plain
lists of space-joined 4-grams, matched by removing each output shingle from a copy of the gold
list) and, for the snippets, by reading the pages: see the comments.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import (
    TEXT_DUMPS,
    Bench,
    Readme,
    Row,
    check_reference,
    run_cell,
)
from benchmarks.metrics import SnippetCounts

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "bench"
approx = pytest.approx


def test_runner_smoke():
    env = {k: v for k, v in os.environ.items() if k != "CLEANER_BENCH"}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--bench", "fixtures/bench", "--limit", "3"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for dump in ("fullpage", "recall"):
        for name in ("sh", "tr", "wx"):
            assert f"{dump} {name}" in out
    assert "| unchanged " in out
    assert "## Baselines" in out
    assert "0.528/0.994/0.689" in out  # the README's table, parsed and printed
    # The unchanged fullpage sh cell of the fixture: P 416/519, R 1, F1 0.890 (see below).
    assert "0.802/1.000/0.890" in out


@pytest.fixture(scope="module")
def unchanged():
    bench = Bench(FIXTURE)
    row = Row("unchanged", "unchanged", TEXT_DUMPS)
    return {
        (dump, name): run_cell(bench, row, dump, name, bench.pages(name), None, None)
        for dump in TEXT_DUMPS
        for name in ("sh", "tr", "wx")
    }


def test_unchanged_shingle_figures(unchanged):
    # sh page: gold 419 tokens -> 416 shingles; fullpage 522 tokens -> 519 shingles, all 416 gold
    # shingles among them: tp 416, fp 103, fn 0 -> P = 416/519 = 0.8015, R = 1.
    sh = unchanged[("fullpage", "sh")]
    page = sh.page_scores["shingle"][0]
    assert (page.tp, page.fp, page.fn) == (416, 103, 0)
    assert sh.scores["shingle"].p == approx(416 / 519)
    assert sh.scores["shingle"].r == 1.0
    # The sh recall dump has exactly the gold's tokens: P = R = 1 and an exact match.
    assert sh.scores["shingle"].exact == 0.0
    rec = unchanged[("recall", "sh")].scores["shingle"]
    assert (rec.p, rec.r, rec.exact) == (1.0, 1.0, 1.0)
    # wx page: gold 97 tokens -> 94 shingles; fullpage 639 -> 636 (tp 94, fp 542),
    # recall 132 -> 129 (tp 94, fp 35).
    assert unchanged[("fullpage", "wx")].scores["shingle"].p == approx(94 / 636)
    assert unchanged[("recall", "wx")].scores["shingle"].p == approx(94 / 129)
    assert unchanged[("recall", "wx")].scores["shingle"].r == 1.0


def test_unchanged_snippet_figures(unchanged):
    # tr page (flowfx.de): the fullpage dump holds all three `with` snippets and all three
    # `without` ones ("Next post", "All content is licensed", "Powered by Nikola") -> P 0.5.
    # The recall dump stops after the code block: tp 3, tn 3.
    tr = unchanged[("fullpage", "tr")].scores["snippet"]
    assert tr.counts == SnippetCounts(tp=3, fp=3, fn=0, tn=0)
    assert (tr.p, tr.r, tr.f1) == (0.5, 1.0, approx(2 / 3))
    assert unchanged[("recall", "tr")].scores["snippet"].counts == SnippetCounts(tp=3, tn=3)
    # wx page: fullpage has "Privacy Policy" and "Copyright © 2026 Erin Spain. Log in" (the
    # snippet has an NBSP, the page a space) but writes "Filed Under: DIY, Home" without the
    # snippet's space before the comma: tp 3, fp 2, tn 1 -> P 0.6, accuracy 4/6.
    wx = unchanged[("fullpage", "wx")].scores["snippet"]
    assert wx.counts == SnippetCounts(tp=3, fp=2, fn=0, tn=1)
    assert wx.p == approx(0.6)
    assert wx.accuracy == approx(4 / 6)


def test_readme_table_is_parsed():
    readme = Readme.parse((FIXTURE / "README.md").read_text(encoding="utf-8"))
    assert readme.pages == {"sh": 78, "tr": 490, "wx": 709}
    assert readme.reference[("unchanged", "fullpage")][("sh", "shingle")] == (0.528, 0.994, 0.689)
    assert readme.reference[("unchanged", "recall")][("wx", "snippet")] == (0.957, 0.864, 0.908)
    assert readme.reference[("trafilatura", "html")][("tr", "snippet")] == (0.903, 0.937, 0.920)
    assert len(readme.rows) == 7


def test_reference_check_warns_and_skips(unchanged):
    readme = Readme.parse((FIXTURE / "README.md").read_text(encoding="utf-8"))
    cells = {("unchanged", dump, name): c for (dump, name), c in unchanged.items()}
    # The fixture has 1 page per set, the README's figures are for 78/490/709 pages: skipped.
    lines = check_reference(cells, readme, limited=False)
    assert not any(line.startswith("WARNING") for line in lines)
    assert any("skipped" in line for line in lines)
    # With matching page counts the fixture figures differ from the README's: 8 warnings.
    readme.pages = {"sh": 1, "tr": 1, "wx": 1}
    lines = check_reference(cells, readme, limited=False)
    assert sum(line.startswith("WARNING") for line in lines) == 8


def test_floor_script():
    records = [{"text": "a  \nb\t\n\nc "}, {"text": "ü ", "id": 7}]
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "floor.py")],
        input="".join(json.dumps(r) + "\n" for r in records).encode("utf-8"),
        capture_output=True,
        check=True,
    )
    out = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert out == [{"text": "a\nb\n\nc"}, {"text": "ü", "id": 7}]


def test_profile_parts_add_up_to_the_total():
    """``--profile`` splits the time of ``cleaner.analyze`` into parts that add up to it, and
    prints three lower bounds; each figure is also given as a multiple of the floor's time."""
    import re

    env = {k: v for k, v in os.environ.items() if k != "CLEANER_BENCH"}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--bench", "fixtures/bench", "--limit", "3", "--no-quality",
         "--profile"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    head = re.search(r"profile \(one process, (\d+) fullpage records\): the floor's work ([\d.]+) ms a record; "
                     r"cleaner.analyze with JSON ([\d.]+) ms \(([\d.]+)× the floor\)", proc.stdout)
    assert head, proc.stdout
    assert head.group(1) == "3"  # one fullpage record per page of the three sets
    floor, total = float(head.group(2)), float(head.group(3))
    # the ratio is printed from unrounded times: allow for the rounding of the two printed ones
    ratio = total / floor
    assert float(head.group(4)) == pytest.approx(ratio, abs=0.05 + ratio * (0.0005 / floor + 0.005 / total))
    parts = dict(re.findall(r"- profile, ([^:]+): ([\d.]+) ms \(", proc.stdout))
    assert {"line rules", "line model (CTX002)", "segmentation and language", "block rules",
            "rendering, bookkeeping and JSON"} <= set(parts)
    # the last part is what the others leave of the total: never negative, and all add up
    assert all(float(v) >= 0 for v in parts.values())
    assert sum(float(v) for v in parts.values()) == pytest.approx(total, abs=0.01 * len(parts))
    bounds = re.findall(r"- lower bound, (.+) alone: [\d.]+ ms a record \([\d.]+× the floor\)", proc.stdout)
    assert len(bounds) == 3
