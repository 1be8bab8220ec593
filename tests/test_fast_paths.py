"""The cheap tests in front of costly ones must never change an answer: each is checked
against the costly path it guards.

- :class:`cleaner.lexicon.Anchored` (first-character test before a phrase alternation);
- :meth:`cleaner.lexicon.Lexicon.bar_start` (first characters before WID002 splits a line);
- :func:`cleaner.text.label_key`'s shortcut for keys that start and end with a letter;
- the HTML parser's substring searches for characters XML forbids (one regex scan before).
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.lexicon import Anchored, first_chars, get_lexicon
from cleaner.rules.widgets import share_bar
from cleaner.text import label_key, make_line

LEX = get_lexicon()

#: Every phrase-anchored pattern of the lexicon with the concepts its phrases come from.
ANCHORED = {
    "nav_prefix_re": ("nav_prefixes_cased", "nav_prefixes"),
    "tag_prefix_re": ("tag_prefixes",),
    "teaser_prefix_re": ("teaser_prefixes",),
    "published_re": ("published_labels",),
    "updated_re": ("updated_labels",),
    "available_re": ("available_labels",),
    "byline_re": ("byline_prefixes",),
    "contact_re": ("contact_labels",),
}


def _phrases(concepts) -> list[str]:
    return sorted({p for c in concepts for p in LEX.union(c) if p.strip()})


def _variants(phrase: str) -> list[str]:
    tails = [": Die Lage in Kursk", " 12.03.2024", ": +49 30 1234", " Anna Muster", " » Politik"]
    forms = {phrase, phrase.lower(), phrase.upper(), phrase.title(), phrase.swapcase()}
    return [f + t for f in sorted(forms) for t in tails]


@pytest.mark.parametrize("name", sorted(ANCHORED))
def test_anchored_patterns_answer_as_the_pattern_alone(name):
    anchored = getattr(LEX, name)
    assert isinstance(anchored, Anchored)
    phrases = _phrases(ANCHORED[name])
    assert phrases, name
    matched = 0
    for p in phrases:
        for text in _variants(p):
            fast = anchored.match(text)
            slow = anchored.pattern.match(text)
            assert (fast is None) == (slow is None), (name, text)
            matched += slow is not None
    assert matched >= len(phrases)  # the variants do reach the pattern: the check is not vacuous
    # and lines that start with none of the first characters are refused without the pattern
    assert anchored.match("§§ nothing") is None
    assert anchored.match("") is None


def test_anchored_compares_case_folded_first_characters():
    pat = Anchored(regex.compile(r"^(?i:straße|kelvin)\b"), first_chars(["Straße", "kelvin"]))
    for text in ["STRASSE", "straße 1", "Straße", "\u212aelvin", "KELVIN"]:
        assert (pat.match(text) is None) == (pat.pattern.match(text) is None), text
    assert pat.match("Kelvin") is not None
    assert pat.match("xkelvin") is None


_LABELS = sorted(LEX.widget_labels)
_BAR_LABELS = sorted(LEX.bar_labels)


@settings(derandomize=True, database=None, deadline=None, max_examples=300,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_LABELS), min_size=2, max_size=4),
       st.sampled_from([" | ", " • ", " / ", ", ", "  ", " "]),
       st.sampled_from(["", "1 ", "» ", "(3) ", "• "]))
def test_rows_of_labels_pass_the_bar_start_test(labels, sep, lead):
    line = make_line(0, 0, 0, lead + sep.join(labels), True)
    assert LEX.bar_start(line.label)


@settings(derandomize=True, database=None, deadline=None, max_examples=300,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_BAR_LABELS), min_size=2, max_size=4))
def test_run_together_labels_pass_the_bar_start_test(labels):
    line = make_line(0, 0, 0, " ".join(labels), True)
    assert LEX.bar_start(line.label)


def test_share_bar_still_sees_bars_and_refuses_prose():
    assert share_bar.fn(make_line(0, 0, 0, "Facebook | Twitter | E-Mail", True), LEX) is not None
    assert share_bar.fn(make_line(0, 0, 0, "Teilen Drucken Merken", True), LEX) is not None
    assert share_bar.fn(make_line(0, 0, 0, "Quarterly results beat the forecast", True), LEX) is None


_LEAD = regex.compile(r"^[\W\d_]++")
_TRAIL = regex.compile(r"[\W\d_]++$", regex.REVERSE)


def _label_key_reference(text: str) -> str:
    return " ".join(_TRAIL.sub("", _LEAD.sub("", text.casefold())).split())


@settings(derandomize=True, database=None, deadline=None, max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("aZß ẞİı1_-.:»\u0301\u00a0Ⅻ한é ") + ["ǅ", "\u212a"]), max_size=12))
def test_label_key_shortcut_matches_the_full_rule(text):
    assert label_key(text) == _label_key_reference(text)


# --------------------------------------------------------------------------- HTML parse checks

_FORBIDDEN_XML_BYTES = regex.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=64) | st.text(max_size=32).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_invalid_xml_byte_search_agrees_with_the_regex(data):
    # the substring searches that replaced one regex scan find the same characters
    htmlmode = pytest.importorskip("cleaner.htmlmode")
    assert htmlmode._has_invalid_xml(data) == (_FORBIDDEN_XML_BYTES.search(data) is not None)


@pytest.mark.parametrize("data", [b"<p>plain</p>", b"<p>a\x0bb</p>", "<p>\ufffe</p>".encode(), "<p>\uffff</p>".encode(),
                                  "<p>\ufffd ok</p>".encode(), b"\x1f", b"\x7f\x80", "<p>\uefbf</p>".encode()])
def test_invalid_xml_byte_search_cases(data):
    htmlmode = pytest.importorskip("cleaner.htmlmode")
    assert htmlmode._has_invalid_xml(data) == (_FORBIDDEN_XML_BYTES.search(data) is not None)
