"""Per-line evidence for the document-level stages: what a line looks like on its own and
where it stands.

Every feature is language-free except the stopword share, which uses the document's
language (or, for a language without a list, the document's own most frequent short words).
The features feed a small linear model (:mod:`cleaner.linemodel`); their names are stable
because the model's weights are stored by name.
"""

from __future__ import annotations

import math
from collections import Counter

import regex

from .rules.base import Doc
from .text import SENTENCE_END, tokens

_URL = regex.compile(r"https?://|www\.|\.(?:com|org|net|de|fr|uk|io|html?|php)\b|/[\w-]+/", regex.IGNORECASE)
_AT = regex.compile(r"\S@\S|(?:^|\s)@\w")
_BULLET = regex.compile(r"^(?:[-–—•·*►▶>»›✓✔]|\d{1,2}[.)]\s|\(\d{1,2}\)\s|[a-z][.)]\s)")
_SEPS = regex.compile(r"\s[|•·»›/]\s|\s[-–]\s")
_QUOTE = regex.compile(r"[\"„“”«»‚‘’]")
_UPPER = regex.compile(r"\p{Lu}")
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\d")
_PUNCT = regex.compile(r"[^\w\s]")
_SENT = regex.compile(r"[.!?…][\"'”’«»)]*\s+(?=\p{Lu})|[。！？]")

#: Names of the per-line features, in vector order.
LINE_FEATURES: tuple[str, ...] = (
    "log_chars", "log_words", "stop_ratio", "log_stops", "terminal", "ends_colon", "ends_open",
    "starts_lower", "cap_ratio", "upper_ratio", "digit_ratio", "punct_ratio", "url_like", "at_sign",
    "bullet", "boiler_ratio", "comma_rate", "avg_word_len", "sentences", "separators", "headline",
    "question", "quotes", "words_1", "words_2_3", "words_4_7", "words_8_15", "words_16_plus",
    "stop_0", "stop_low", "stop_high", "lead_caps",
)
#: Features of a line's place among the document's kept lines. They do not look at blank
#: lines or at removed lines, so a clean body laid out one paragraph per line gets the same
#: features as it had inside the page it came from.
PLACE_FEATURES: tuple[str, ...] = (
    "near_avg_words", "near_short_share", "far_avg_words", "short_run", "prose_dist", "repeated",
    "doc_log_lines", "doc_prose_share", "blk_multi", "blk_log_lines", "blk_short_share", "blk_menu",
    "gap_before", "gap_after", "prev_removed", "next_removed",
)

#: The sign each place feature's weight must have so that taking boilerplate out of a
#: document never lowers the score of a line that stays (see ``benchmarks/train.py``): a
#: line's neighbours get longer and fewer of them short, the document gets shorter and more
#: of it prose. This keeps the cleaner a fixed point on its own output.
MONOTONE_SIGNS: dict[str, int] = {
    "near_avg_words": +1, "near_short_share": -1, "far_avg_words": +1, "short_run": -1, "prose_dist": -1,
    "repeated": -1, "doc_log_lines": -1, "doc_prose_share": +1,
    # blocks (lines not parted by a blank line): zero for a line standing alone, as every line
    # of the output does, so they may only count against a line
    "blk_multi": -1, "blk_log_lines": -1, "blk_short_share": -1, "blk_menu": -1,
    # every line of the output stands between blank lines, and nothing around it was removed
    "gap_before": +1, "gap_after": +1, "prev_removed": -1, "next_removed": -1,
}
FEATURES: tuple[str, ...] = LINE_FEATURES + PLACE_FEATURES


def _doc_stopwords(doc: Doc, token_lists: list[list[str]]) -> frozenset[str]:
    """The stopwords to use: the document language's list, or the document's own most frequent
    short tokens among its longer lines (a fallback that works for any language with spaces)."""
    if doc.lang and doc.lang in doc.lex.stopwords:
        return doc.lex.stopwords[doc.lang]
    counts: Counter[str] = Counter()
    for toks in token_lists:
        if len(toks) >= 8:
            counts.update(t for t in toks if len(t) <= 4 and not t.isdigit())
    return frozenset(w for w, _ in counts.most_common(25))


def _intrinsic(key: str, toks: list[str], stops: frozenset[str], boiler: frozenset[str]) -> list[float]:
    """The features of a line on its own (:data:`LINE_FEATURES`)."""
    nw = len(toks) or 1
    nc = len(key)
    nstop = sum(map(stops.__contains__, toks))
    stop_ratio = nstop / nw
    final = key.rstrip("\"'”’“«»)]}* ")[-1:]
    letters = sum(map(str.isalpha, key)) or 1
    first_letter = _LETTER.search(key)
    caps = [w[:1].isupper() for w in key.split(" ")]
    words_cap = sum(caps)
    # capitalised words opening the line: a Title Case headline run into its blurb
    lead = caps.index(False) if False in caps else len(caps)
    terminal = final in SENTENCE_END
    headline = (not terminal) and final not in ":;," and nw <= 20
    return [
        math.log1p(nc) / 6.0,
        math.log1p(nw) / 5.0,
        stop_ratio,
        math.log1p(nstop) / 4.0,
        1.0 if terminal else 0.0,
        1.0 if final == ":" else 0.0,
        1.0 if final in ",;(-–" else 0.0,
        1.0 if first_letter and first_letter.group().islower() else 0.0,
        words_cap / (key.count(" ") + 1),
        len(_UPPER.findall(key)) / letters,
        len(_DIGIT.findall(key)) / nc,
        len(_PUNCT.findall(key)) / nc,
        1.0 if _URL.search(key) else 0.0,
        1.0 if "@" in key and _AT.search(key) else 0.0,
        1.0 if _BULLET.match(key) else 0.0,
        sum(map(boiler.__contains__, toks)) / nw,
        key.count(",") / nw,
        min(nc / nw, 20.0) / 10.0,
        min(len(_SENT.findall(key)) + (1 if terminal else 0), 5) / 5.0,
        min(len(_SEPS.findall(key)), 5) / 5.0,
        1.0 if headline else 0.0,
        1.0 if final == "?" else 0.0,
        1.0 if _QUOTE.search(key) else 0.0,
        1.0 if nw == 1 else 0.0,
        1.0 if 2 <= nw <= 3 else 0.0,
        1.0 if 4 <= nw <= 7 else 0.0,
        1.0 if 8 <= nw <= 15 else 0.0,
        1.0 if nw >= 16 else 0.0,
        1.0 if nstop == 0 else 0.0,
        1.0 if 0 < stop_ratio < 0.15 else 0.0,
        1.0 if stop_ratio >= 0.3 else 0.0,
        min(lead, 10) / 10.0 if nw >= 8 else 0.0,
    ]


def line_vectors(doc: Doc) -> list[list[float] | None]:
    """The feature vector of every line (``None`` for lines a rule already removed).

    A line's own features depend on its text and the document language only; they are kept
    in ``doc.memo`` for the later passes of the same analysis.
    """
    lines = doc.lines
    n = len(lines)
    boiler = doc.lex.boilerplate_words
    alive = [d is None for d in doc.dead]
    keys = [doc.rest(i) if alive[i] else "" for i in range(n)]
    token_memo: dict[str, list[str]] = doc.memo.setdefault("tokens", {})
    token_lists = []
    for k in keys:
        toks = token_memo.get(k)
        if toks is None:
            toks = token_memo[k] = tokens(k) if k else []
        token_lists.append(toks)
    stops = _doc_stopwords(doc, token_lists)
    feat_memo: dict[tuple, list[float]] = doc.memo.setdefault("features", {})  # (stopwords, key) ->

    idx = [i for i in range(n) if alive[i]]
    pos_of = {i: k for k, i in enumerate(idx)}
    m = len(idx)
    counts = [len(token_lists[i]) for i in idx]
    key_counts = Counter(keys[i].casefold() for i in idx)
    prose = sum(1 for i in idx if len(token_lists[i]) >= 12 and lines[i].final in SENTENCE_END)
    doc_log_lines = math.log1p(m) / 8.0
    doc_prose_share = prose / max(1, m)
    # blocks of kept lines: a blank line or a removed line ends a block
    block = [0] * n
    b = 0
    for i in range(n):
        if lines[i].gap_before or (i > 0 and not alive[i - 1]):
            b += 1
        block[i] = b
    # only where blank lines carry structure: a text without any (one line per paragraph, or a
    # hard-wrapped text) has no blocks to speak of
    gaps = sum(1 for ln in lines if ln.gap_before)
    blocky = gaps * 10 >= n
    blk_n: Counter[int] = Counter(block[i] for i in idx)
    blk_short: Counter[int] = Counter(block[i] for i in idx if len(token_lists[i]) <= 4)
    blk_words: Counter[int] = Counter()
    for i in idx:
        blk_words[block[i]] += len(token_lists[i])
    # runs of short kept lines (menus, link lists) and the distance to the nearest prose line
    short = [c <= 4 for c in counts]
    run = [0] * m
    k = 0
    while k < m:
        j = k
        while j < m and short[j] == short[k]:
            j += 1
        for q in range(k, j):
            run[q] = j - k if short[k] else 0
        k = j
    is_prose = [counts[q] >= 15 and lines[idx[q]].final in SENTENCE_END for q in range(m)]
    dist = [m] * m
    last = None
    for q in range(m):
        if is_prose[q]:
            last = q
        if last is not None:
            dist[q] = q - last
    last = None
    for q in range(m - 1, -1, -1):
        if is_prose[q]:
            last = q
        if last is not None:
            dist[q] = min(dist[q], last - q)

    out: list[list[float] | None] = []
    for i in range(n):
        if not alive[i]:
            out.append(None)
            continue
        key = keys[i]
        toks = token_lists[i]
        k = pos_of[i]
        near = counts[max(0, k - 2):k] + counts[k + 1:k + 3] or [counts[k]]
        bn = blk_n[block[i]] if blocky else 1
        far = counts[max(0, k - 6):k] + counts[k + 1:k + 7] or [counts[k]]
        fkey = (stops, key)
        own = feat_memo.get(fkey)
        if own is None:
            own = feat_memo[fkey] = _intrinsic(key, toks, stops, boiler)
        out.append(own + [
            # place
            math.log1p(sum(near) / len(near)) / 5.0,
            sum(1 for c in near if c <= 4) / len(near),
            math.log1p(sum(far) / len(far)) / 5.0,
            math.log1p(run[k]) / 4.0,
            math.log1p(dist[k]) / 4.0,
            1.0 if key_counts[key.casefold()] > 1 else 0.0,
            doc_log_lines,
            doc_prose_share,
            1.0 if bn > 1 else 0.0,
            math.log1p(bn - 1) / 4.0,
            blk_short[block[i]] / bn if bn > 1 else 0.0,
            1.0 if bn > 2 and blk_words[block[i]] / bn <= 4 else 0.0,
            1.0 if lines[i].gap_before else 0.0,
            1.0 if i + 1 >= n or lines[i + 1].gap_before else 0.0,
            1.0 if i > 0 and not alive[i - 1] else 0.0,
            1.0 if i + 1 < n and not alive[i + 1] else 0.0,
        ])
    return out
