"""A brief run of the fuzzer (benchmarks/fuzz.py) in CI, and the inputs it once found as
regression tests (fixtures/hostile/*.txt: each must keep the analyze contract)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.fuzz import HOSTILE_DIR, check_text

ROOT = Path(__file__).resolve().parent.parent


def test_fuzz_briefly(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.fuzz", "--seconds", "10", "--seed", "0", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "0 problem(s)" in proc.stdout
    # every target got inputs
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("fuzzed"))
    assert "analyze 0 " not in line and "jsonl 0 " not in line, line


def test_fuzz_reports_what_it_finds(tmp_path, monkeypatch):
    """The harness finds a planted crash and saves the (shrunk) input."""
    import benchmarks.fuzz as F

    def planted(text: str) -> None:
        if "©" in text:
            raise RuntimeError("planted")

    monkeypatch.setattr(F, "check_text", planted)
    findings, counts = F.fuzz_hypothesis(3, seed=1, html=False, log=lambda *_: None)
    assert counts["analyze"] > 0
    crash = [f for f in findings if f.target == "analyze"]
    assert crash and crash[0].kind == "crash" and "planted" in crash[0].message
    assert "©" in crash[0].input
    paths = F.save_findings(crash, tmp_path)
    saved = json.loads(paths[0].read_text())
    assert saved["input"] == crash[0].input and saved["kind"] == "crash"


REGRESSIONS = sorted(HOSTILE_DIR.glob("*.txt")) if HOSTILE_DIR.is_dir() else []


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_hostile_fixture_keeps_the_contract(path):
    from cleaner.text import decode

    check_text(decode(path.read_bytes()))
