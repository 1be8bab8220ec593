"""Hand-worked cases for benchmarks.metrics (the bench README's shingle and snippet metrics)."""

import pytest

from benchmarks.metrics import (
    PageScore,
    SnippetCounts,
    f1_from,
    norm,
    ratio,
    shingle_corpus,
    shingle_page,
    shingles,
    snippet_corpus,
    snippet_page,
    tokens,
)

approx = pytest.approx

# --------------------------------------------------------------------------- tokens, shingles


def test_tokens_ignore_punctuation_and_keep_case():
    # "Don't" splits at the apostrophe; the dash and the full stop are not word characters.
    assert tokens("Don't stop—now.") == ["Don", "t", "stop", "now"]


def test_tokens_are_unicode_words_with_digits_and_underscore():
    assert tokens("Straße über 3 Äpfel, snake_case!") == ["Straße", "über", "3", "Äpfel", "snake_case"]


def test_tokens_of_none_and_blank():
    assert tokens(None) == []
    assert tokens(" \n… — ") == []


def test_shingles_are_a_multiset_of_4_grams():
    # 8 tokens give 5 windows: xyzw yzwx zwxy wxyz xyzw -> xyzw twice.
    s = shingles("x y z w x y z w")
    assert sum(s.values()) == 5
    assert s[("x", "y", "z", "w")] == 2
    assert s[("y", "z", "w", "x")] == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("one", {("one",): 1}),
        ("one two", {("one", "two"): 1}),
        ("one, two; three", {("one", "two", "three"): 1}),
        ("", {}),
        ("?!", {}),
    ],
)
def test_short_texts_form_one_shingle_and_empty_has_none(text, expected):
    assert dict(shingles(text)) == expected


# --------------------------------------------------------------------------- shingle page


def test_identical_texts():
    # 6 tokens -> 3 shingles, all shared: tp 3, fp 0, fn 0 -> P = R = 1.
    s = shingle_page("the quick brown fox jumps over", "the quick brown fox jumps over")
    assert (s.tp, s.fp, s.fn) == (3, 0, 0)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.exact


def test_punctuation_whitespace_and_quotes_do_not_matter():
    s = shingle_page("“Hello,” she said — twice.", "Hello she\n\nsaid twice")
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert s.exact


def test_case_matters():
    # One shingle each, ("Hello","world") vs ("hello","world"): tp 0, fp 1, fn 1 -> P 0, R 0.
    s = shingle_page("Hello world", "hello world")
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    assert (s.precision, s.recall) == (0.0, 0.0)
    assert not s.exact


def test_three_tokens_against_four_tokens_share_nothing():
    # gold: one shingle (a,b,c); output: one shingle (a,b,c,d) -> tp 0, fp 1, fn 1.
    s = shingle_page("a b c", "a b c d")
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_partial_overlap():
    # gold abcd bcde cdef, output abcd bcde cdeg: tp 2, fp 1, fn 1 -> P = R = 2/3.
    s = shingle_page("a b c d e f", "a b c d e g")
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)
    assert s.precision == approx(2 / 3)
    assert s.recall == approx(2 / 3)
    assert s.normalized == approx((0.5, 0.25, 0.25))


def test_multiset_repeated_gold_shingle_counts_once_per_occurrence():
    # gold: 5 shingles with xyzw twice; output: xyzw once.
    # tp = min(2, 1) = 1, fp = 0, fn = (2 - 1) + 1 + 1 + 1 = 4 -> P = 1/1, R = 1/5.
    s = shingle_page("x y z w x y z w", "x y z w")
    assert (s.tp, s.fp, s.fn) == (1, 0, 4)
    assert s.precision == 1.0
    assert s.recall == approx(0.2)


def test_multiset_repeated_output_is_penalised():
    # The output repeats the gold: tp 1, fp 4, fn 0 -> P = 1/5, R = 1; normalized 1/5, 4/5, 0.
    s = shingle_page("x y z w", "x y z w x y z w")
    assert (s.tp, s.fp, s.fn) == (1, 4, 0)
    assert s.precision == approx(0.2)
    assert s.recall == 1.0
    assert s.normalized == approx((0.2, 0.8, 0.0))
    assert s.f1 == approx(2 * 0.2 / 1.2)


def test_empty_output():
    # gold "a b c d e" has 2 shingles: tp 0, fp 0, fn 2 -> P 0 (tp = fp = 0), R 0/2 = 0.
    s = shingle_page("a b c d e", "")
    assert (s.tp, s.fp, s.fn) == (0, 0, 2)
    assert (s.precision, s.recall) == (0.0, 0.0)
    assert not s.in_precision and s.in_recall


def test_empty_gold():
    # output "a b c d" has 1 shingle: tp 0, fp 1, fn 0 -> P 0/1 = 0, R 0 (tp = fn = 0).
    s = shingle_page("", "a b c d")
    assert (s.tp, s.fp, s.fn) == (0, 1, 0)
    assert (s.precision, s.recall) == (0.0, 0.0)
    assert s.in_precision and not s.in_recall


def test_both_empty():
    # All counts 0: fp = fn = 0 gives P = R = 1, the normalised counts are all 0, and the page
    # counts in neither mean.
    s = shingle_page("", None)
    assert (s.tp, s.fp, s.fn) == (0, 0, 0)
    assert (s.precision, s.recall) == (1.0, 1.0)
    assert s.normalized == (0.0, 0.0, 0.0)
    assert not s.in_precision and not s.in_recall
    assert s.exact


# --------------------------------------------------------------------------- shingle corpus

# A: identical            P 1    R 1    in P and R    exact
# B: empty output          -     R 0    only in R
# C: output doubled        P 0.2  R 1    in P and R
# D: empty gold            P 0    -     only in P
PAGES = [
    ("a b c d e f", "a b c d e f"),
    ("a b c d e", ""),
    ("x y z w", "x y z w x y z w"),
    ("", "a b c d"),
]


def test_corpus_macro_means_over_the_right_subsets():
    # P = mean(A 1, C 0.2, D 0) = 0.4 (B left out); R = mean(A 1, B 0, C 1) = 2/3 (D left out).
    # F1 = 2 * 0.4 * 2/3 / (0.4 + 2/3) = (8/15) / (16/15) = 0.5; exact 1 of 4 = 0.25.
    s = shingle_corpus(PAGES)
    assert s.p == approx(0.4)
    assert s.r == approx(2 / 3)
    assert s.f1 == approx(0.5)
    assert s.exact == approx(0.25)
    assert s.pages == 4


def test_corpus_f1_is_not_the_mean_of_page_f1():
    # Page F1s: A 1, B 0, C 1/3, D 0 -> mean 1/3, while the folder F1 is 0.5.
    pages = [shingle_page(*p) for p in PAGES]
    assert sum(p.f1 for p in pages) / 4 == approx(1 / 3)
    assert shingle_corpus(pages).f1 == approx(0.5)


def test_corpus_empty_output_costs_only_recall():
    # Only A and B: P = mean(A) = 1, R = mean(1, 0) = 0.5, F1 = 2 * 0.5 / 1.5 = 2/3.
    s = shingle_corpus(PAGES[:2])
    assert (s.p, s.r) == (1.0, 0.5)
    assert s.f1 == approx(2 / 3)


def test_corpus_accepts_page_scores_and_handles_nothing():
    assert shingle_corpus([PageScore(1, 4, 0, False)]).p == approx(0.2)
    s = shingle_corpus([])
    assert (s.p, s.r, s.f1, s.exact, s.pages) == (0.0, 0.0, 0.0, 0.0, 0)
    # Only a both-empty page: it is in neither mean, so P = R = 0; its token lists match.
    s = shingle_corpus([("", "")])
    assert (s.p, s.r, s.f1, s.exact) == (0.0, 0.0, 0.0, 1.0)


# --------------------------------------------------------------------------- snippet metric


def test_norm_collapses_whitespace_runs_and_strips():
    assert norm("  a \n\t b\u00a0\u00a0c\r\n") == "a b c"
    assert norm(None) == ""
    assert norm(" \n ") == ""


def test_snippet_page_counts():
    # "foo  bar" is found across the line break after normalisation (tp), "missing" is not (fn);
    # "baz" is found (fp), "qux" is not (tn).
    c = snippet_page(["foo  bar", "missing"], ["baz", "qux"], "xx foo\nbar yy baz")
    assert c == SnippetCounts(tp=1, fp=1, fn=1, tn=1)


def test_snippet_whitespace_in_snippet_and_output_both_normalised():
    # NBSP in the snippet, a tab and a newline in the output: both become one space.
    c = snippet_page(["Copyright ©\u00a02026 Erin"], [], "Copyright ©\t2026\nErin Spain")
    assert c == SnippetCounts(tp=1)


def test_snippet_matching_is_exact_apart_from_whitespace():
    # Case and typographic quotes count: neither snippet matches.
    c = snippet_page(["Foo", "it's"], [], "foo it’s")
    assert c == SnippetCounts(fn=2)


def test_snippet_empty_output_finds_nothing():
    # Even an empty snippet is not found in an empty (or blank) output.
    assert snippet_page(["a", ""], ["b", "c", "d"], "") == SnippetCounts(fn=2, tn=3)
    assert snippet_page(["a"], ["b"], " \n ") == SnippetCounts(fn=1, tn=1)
    assert snippet_page(["a"], ["b"], None) == SnippetCounts(fn=1, tn=1)


def test_snippet_corpus_pools_counts():
    # Page 1: 3 of 3 `with` found -> tp 3. Page 2: `with` missed (fn 1), `without` found (fp 1).
    # Pooled tp 3, fp 1, fn 1, tn 0: P = 3/4, R = 3/4, F1 = 6/8, accuracy 3/5.
    # (A mean of page precisions would be (1 + 0) / 2 = 0.5.)
    s = snippet_corpus(
        [
            (["a", "b", "c"], [], "a b c"),
            (["gone"], ["menu"], "menu only"),
        ]
    )
    assert s.counts == SnippetCounts(tp=3, fp=1, fn=1, tn=0)
    assert (s.p, s.r, s.f1) == (0.75, 0.75, 0.75)
    assert s.accuracy == approx(0.6)
    assert s.pages == 2


def test_snippet_f1_formula():
    # tp 2, fp 1, fn 3: F1 = 4 / (4 + 1 + 3) = 0.5, the harmonic mean of P 2/3 and R 2/5.
    s = snippet_corpus([SnippetCounts(tp=2, fp=1, fn=3, tn=0)])
    assert s.f1 == approx(0.5)
    assert f1_from(2 / 3, 2 / 5) == approx(0.5)


def test_snippet_zero_denominators_give_zero():
    s = snippet_corpus([])
    assert (s.p, s.r, s.f1, s.accuracy) == (0.0, 0.0, 0.0, 0.0)
    # Only `without` snippets, none found: tp = fp = fn = 0, tn 2 -> P, R, F1 0, accuracy 1.
    s = snippet_corpus([([], ["x", "y"], "hello")])
    assert s.counts == SnippetCounts(tn=2)
    assert (s.p, s.r, s.f1, s.accuracy) == (0.0, 0.0, 0.0, 1.0)


def test_ratio_helpers():
    assert ratio(1, 0) == 0.0
    assert ratio(1, 4) == 0.25
    assert f1_from(0.0, 0.0) == 0.0


def test_line_labels_of_the_training_data():
    from benchmarks.linedata import gold_index, label_from_gold, label_from_snippets, norm

    index = gold_index("Storm cuts power\nThe storm cut power to 40,000 homes on Tuesday, officials said.\n")
    # half or more of a long line's 4-grams in the gold: article text
    assert label_from_gold("The storm cut power to 40,000 homes on Tuesday night.", index) == 1
    assert label_from_gold("Sign up for our newsletter to get the news.", index) == 0
    # a short line: a gold line, or a run of words inside a short gold line
    assert label_from_gold("Storm cuts power", index) == 1
    assert label_from_gold("cuts power", index) == 1
    assert label_from_gold("Share", index) == 0
    snippets = {"with": [norm(" the storm  cut ")], "without": [norm("Sign up")]}
    assert label_from_snippets("Yesterday the storm\tcut power.", snippets) == 1
    assert label_from_snippets("Sign up now", snippets) == 0
    assert label_from_snippets("Weather", snippets) is None
