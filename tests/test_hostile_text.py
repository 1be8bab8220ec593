"""Hostile text through the library: bounded time, no exception, nothing lost.

``analyze`` runs on 1 MB worst-case strings, as one line and as many lines, each in a forked
child with a generous time bound (a safety bound, not a speed target: these take well under a
second on an idle machine). Lines longer than ``MAX_PATTERN_LINE`` must be judged without
running the line rules on them. Known problems are xfail(strict=True) with their figures.
"""

from __future__ import annotations

import os

import pytest

import cleaner
from benchmarks.fuzz import NORMAL_LINE, PROSE, PROSE2, QUICK_CHARS, check_result, run_forked
from cleaner.pipeline import MAX_PATTERN_LINE

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

MB = 1_000_000
#: Seconds one analyze of about 1 MB may take (generous: ~0.3-2 s on an idle machine).
BOUND = 10.0


def _summary(text: str):
    """Analyze in the child and return what the parent checks (small and picklable)."""

    def run():
        r = cleaner.analyze(text)
        check_result(text, r)
        return {"text": r.text if len(r.text) < 2000 else None, "len": len(r.text), "removals": len(r.removals)}

    return run


def _analyze_bounded(text: str, bound: float = BOUND):
    try:
        seconds, summary = run_forked(_summary(text), bound)
    except TimeoutError:
        pytest.fail(f"analyze took over {bound:g} s on {len(text):,} characters")
    return seconds, summary


# -- one line ---------------------------------------------------------------------------

ONE_LINE = {}
for c in QUICK_CHARS + ("a -", " - ", "© ", "(dpa/", "+++ "):
    ONE_LINE[f"{c!r}*1MB+NUL"] = (c * (MB // len(c)) + "\x00")
    ONE_LINE[f"line({c!r}*1MB)"] = NORMAL_LINE[0] + c * (MB // len(c)) + NORMAL_LINE[1]


@pytest.mark.parametrize("name", list(ONE_LINE))
def test_analyze_one_huge_line(name):
    text = ONE_LINE[name]
    seconds, summary = _analyze_bounded(text)
    # A single line is never a title or a boilerplate block on its own: it is kept, unless it
    # holds no word at all (a separator line).
    assert summary["len"] <= len(text)


# -- many lines -------------------------------------------------------------------------

MANY_LINES = {}
for c in (" ", "-", "©", "|", "(", "a", "a -"):
    line = ("x" + c * (78 // len(c)) + "x")
    MANY_LINES[f"lines of {c!r}"] = (line + "\n") * (MB // (len(line) + 1))
MANY_LINES["prose lines"] = (PROSE + "\n" + PROSE2 + "\n\n") * (MB // (len(PROSE) + len(PROSE2) + 3))
MANY_LINES["blank lines"] = "\n \n\t\r\n" * (MB // 6)


@pytest.mark.parametrize("name", list(MANY_LINES))
def test_analyze_many_lines(name):
    _analyze_bounded(MANY_LINES[name], 3 * BOUND)


# -- once-quadratic cases in the rules: one reproduction each (regression tests) -------------------------------------


def test_one_word_line_of_punctuation():
    _analyze_bounded("x" + "-" * MB + "x")


def test_title_then_line_of_separators():
    _analyze_bounded("Ein Titel hier\n\nDer erste Absatz ist lang genug und endet hier.\n\n" + "a - " * (MB // 4))


def test_lines_at_the_pattern_bound():
    line = "x" + "-" * (MAX_PATTERN_LINE - 3) + "x"
    _analyze_bounded((line + "\n") * (MB // MAX_PATTERN_LINE))


# -- long lines: judged without the line rules ------------------------------------------


@pytest.fixture
def line_rule_inputs():
    """Wrap every line rule to record the length of the lines it is given."""
    from cleaner.rules import RULES

    seen: list[int] = []
    originals = {}
    for r in RULES:
        if r.stage != "line":
            continue
        originals[r] = r.fn

        def wrapped(line, lex, _fn=r.fn):
            seen.append(max(len(line.key), len(line.text)))
            return _fn(line, lex)

        object.__setattr__(r, "fn", wrapped)
    try:
        yield seen
    finally:
        for r, fn in originals.items():
            object.__setattr__(r, "fn", fn)


@pytest.mark.parametrize("length", [MAX_PATTERN_LINE + 1, 50_000, MB])
def test_long_lines_skip_the_line_rules(line_rule_inputs, length):
    words = ("Foto: dpa " + PROSE + " ") * (length // (len(PROSE) + 11) + 1)
    long_line = words[:length].rstrip() + "."
    boiler = "© " + "x" * (length - 2)  # would be a credit line if it were short
    text = "\n\n".join(["Titel der Geschichte", PROSE, long_line, boiler, PROSE2, "Teilen"])
    r = cleaner.analyze(text)
    check_result(text, r)
    assert line_rule_inputs, "the line rules ran on nothing: the instrumentation is broken"
    assert max(line_rule_inputs) <= MAX_PATTERN_LINE, "a line rule was given a line over MAX_PATTERN_LINE"
    # the short lines around them were judged as usual
    assert "Teilen" not in r.text.split("\n\n")
    # the long prose line is article text: kept whole
    assert long_line.strip() in r.text


def test_a_line_at_the_bound_is_still_judged(line_rule_inputs):
    text = "Titel\n\n" + PROSE + "\n\n" + "a" * MAX_PATTERN_LINE + "\n\nTeilen\n"
    cleaner.analyze(text)
    assert MAX_PATTERN_LINE in line_rule_inputs


# -- invalid input types and odd characters --------------------------------------------


def test_bytes_are_refused_with_a_clear_error():
    with pytest.raises(TypeError, match="decode bytes first"):
        cleaner.analyze(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [
    "", "\n", "\r", "\r\n", "\x00", "\udcff", "\ufeff", "\u200b\n\u200b", "\u2028\u2029", "\x0c\x0b\x1c",
    "\udcff\n\udcfe" * 1000, "\x00" * MB, "\ud800", "\U0010ffff" * 100,
])
def test_odd_input_keeps_the_contract(text):
    r = cleaner.analyze(text)
    check_result(text, r)


def test_surrogates_survive_to_the_output():
    line = "Ein Satz mit ungültigen Bytes \udcff\udcfe, der lang genug ist und hier in aller Ruhe endet."
    text = "\n\n".join(["Titel der Geschichte", PROSE, line, PROSE2])
    assert line in cleaner.clean(text)
