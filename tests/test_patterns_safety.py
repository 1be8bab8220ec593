"""Every compiled pattern of the package is safe against catastrophic backtracking.

The patterns are collected generically (benchmarks/fuzz.py, :func:`collect_patterns`): module
globals of every module of the package (also inside dicts and tuples), the fields of the default
Lexicon, and what the cached pattern builders return when called with the lexicon's
alternations. A new pattern is covered without touching this file.

Each pattern gets 1 MB worst-case strings (one character or pair repeated and followed by a
character that does not fit, and the same runs inside a normal line) with ``.match`` and
``.search``. A call must finish within 2 s (a safety bound, not a speed target: safe patterns
take milliseconds). A call over 2 s still passes when the pattern is linear on that input
(its time grows ×4 from 1/32 to 1/8 of the size, where a quadratic one grows ×16) and stays
under 10 s: slow linear patterns are reported by ``python -m benchmarks.fuzz --patterns``.

Known problems are marked xfail(strict=True) with the measured figures: when a pattern is fixed
the test passes, pytest reports XPASS as a failure, and the entry below must be removed.
"""

from __future__ import annotations

import ast
import dataclasses
import multiprocessing
import os
from pathlib import Path

import pytest
import regex

from benchmarks.fuzz import PATTERN_INPUT, collect_patterns, worst_case

ROOT = Path(__file__).resolve().parent.parent
COLLECTION = collect_patterns()


#: Pattern id -> why it fails (measured on this machine, 2 cores, shared).
KNOWN_UNSAFE: dict[str, str] = {}


def _params():
    out = []
    for ref in COLLECTION.patterns:
        marks = ()
        if ref.id in KNOWN_UNSAFE:
            marks = (pytest.mark.xfail(strict=True, reason=KNOWN_UNSAFE[ref.id]),)
        out.append(pytest.param(ref.id, marks=marks, id=ref.id))
    return out


def _check_one(index: int):
    ref = COLLECTION.patterns[index]
    calls = worst_case(ref, PATTERN_INPUT, first_only=True, full=False)
    return ref.id, [(str(c), c.catastrophic) for c in calls]


@pytest.fixture(scope="module")
def verdicts():
    """Every pattern's slow calls, measured in parallel (one process per core, at most 4)."""
    n = len(COLLECTION.patterns)
    workers = max(1, min(4, os.cpu_count() or 1))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return dict(pool.map(_check_one, range(n), chunksize=1))
    return dict(_check_one(i) for i in range(n))


def test_collection_covers_the_package():
    ids = {r.id for r in COLLECTION.patterns}
    assert len(ids) >= 30
    # module globals, Lexicon fields and builder results are all found
    assert "cleaner.text._LINE_BREAK" in ids
    assert any(i.startswith("Lexicon.") for i in ids)
    assert any(i.startswith("cleaner.rules.credits._patterns()") for i in ids)
    assert any(i.startswith("cleaner.rules.bylines._agency_patterns()") for i in ids)
    # every cached function of the package could be called (or is the lexicon cache itself)
    assert COLLECTION.unresolved_builders == [], (
        "cached pattern builders whose parameters match no Lexicon alternation field; name them "
        f"after a field (agency, connector, prefix, ...): {COLLECTION.unresolved_builders}"
    )
    # every pattern field of the lexicon is among them
    from cleaner.lexicon import get_lexicon

    lex = get_lexicon()
    sources = {(r.pattern.pattern, r.pattern.flags) for r in COLLECTION.patterns}
    for f in dataclasses.fields(lex):
        v = getattr(lex, f.name)
        if isinstance(v, regex.Pattern):
            assert (v.pattern, v.flags) in sources, f.name


_RE_FUNCS = {"search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def _uncollectable(tree: ast.AST) -> list[str]:
    """Regex uses the collector cannot see: module-level functions called with a pattern string
    (``regex.sub(r"...", ...)``) and ``compile`` inside a function that is neither a cached
    builder nor a builder of the Lexicon (whose fields the collector walks)."""
    found = []

    def cached(fn) -> bool:
        if fn.returns is not None and "Lexicon" in ast.unparse(fn.returns):
            return True
        for d in fn.decorator_list:
            src = ast.unparse(d)
            if "lru_cache" in src or "functools.cache" in src or src == "cache":
                return True
        return False

    def visit(node, in_fn, fn_cached):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True, cached(child) if not isinstance(child, ast.Lambda) else fn_cached)
                continue
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and isinstance(
                child.func.value, ast.Name
            ) and child.func.value.id in ("re", "regex"):
                name = child.func.attr
                if name in _RE_FUNCS:
                    found.append(f"line {child.lineno}: {ast.unparse(child)[:80]}")
                elif name == "compile" and in_fn and not fn_cached:
                    found.append(f"line {child.lineno}: compile inside a function: {ast.unparse(child)[:80]}")
            visit(child, in_fn, fn_cached)

    visit(tree, False, False)
    return found


def test_every_pattern_is_where_the_collector_sees_it():
    """Patterns live in module globals, Lexicon fields or cached builders, so that the test
    below covers them; a pattern compiled on the fly would escape it."""
    problems = []
    for path in sorted((ROOT / "cleaner").rglob("*.py")):
        for p in _uncollectable(ast.parse(path.read_text(encoding="utf-8"))):
            problems.append(f"{path.relative_to(ROOT)} {p}")
    assert not problems, "compile these at module level (or in a functools-cached builder):\n" + "\n".join(problems)


@pytest.mark.parametrize("pattern_id", _params())
def test_pattern_is_bounded_on_worst_cases(pattern_id, verdicts):
    calls = verdicts[pattern_id]
    bad = [c for c, catastrophic in calls if catastrophic]
    ref = next(r for r in COLLECTION.patterns if r.id == pattern_id)
    assert not bad, f"{pattern_id}: {bad[0]}\nsource: {ref.source[:500]!r}"
