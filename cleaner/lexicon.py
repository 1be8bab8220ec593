"""The vocabulary of the rules, loaded from the per-language data files in ``patterns/``.

A :class:`Lexicon` is immutable and built once per distinct configuration (cached), so
rules share compiled patterns without any mutable global state.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Mapping

import regex

from .text import label_key, tokens

LANGS: tuple[str, ...] = ("de", "en", "fr", "es", "it", "nl", "pl", "pt")

#: Concepts a language file may define (see patterns/README.md).
CONCEPTS: tuple[str, ...] = (
    "stopwords", "credit_prefixes", "credit_by", "source_prefixes", "credit_words", "widget_labels", "nav_labels", "nav_prefixes",
    "nav_prefixes_cased", "tag_prefixes", "teaser_headers", "teaser_prefixes", "comment_headers", "comment_verbs", "promo_phrases", "published_labels",
    "updated_labels", "available_labels", "time_words", "undated_words", "byline_prefixes", "contact_labels", "agency_connectors", "copyright_phrases",
    "boilerplate_words", "cookie_phrases", "disclosure_phrases", "embed_phrases", "measure_units", "follow_calls",
    "elsewhere_prefixes", "updated_frames", "published_frames", "caption_frames", "figure_labels",
)
COMMON_CONCEPTS: tuple[str, ...] = ("agencies", "social_labels", "image_extensions", "cookie_words", "measure_units")



def fold_tokens(text: str) -> list[str]:
    """The case-folded word tokens of ``text``, as phrase sets compare them."""
    return tokens(text.casefold())


class PhraseSet:
    """Phrases found as runs of case-folded word tokens (punctuation and spacing ignored).

    One dictionary lookup per token of the text instead of a regex alternation of hundreds
    of phrases: linear in the text, whatever the number of phrases.
    """

    __slots__ = ("_index",)

    def __init__(self, phrases) -> None:
        index: dict[str, set[tuple[str, ...]]] = {}
        for p in phrases:
            toks = tuple(fold_tokens(p))
            if toks:
                index.setdefault(toks[0], set()).add(toks)
        self._index = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}

    def search(self, text: str | list[str]) -> bool:
        """Does any phrase occur in ``text`` (a string, or its :func:`fold_tokens`)?"""
        index = self._index
        toks = fold_tokens(text) if isinstance(text, str) else text
        if index.keys().isdisjoint(toks):  # no token opens a phrase: one pass in C
            return False
        n = len(toks)
        for i, t in enumerate(toks):
            cands = index.get(t)
            if cands:
                for c in cands:
                    k = len(c)
                    if i + k <= n and (k == 1 or tuple(toks[i:i + k]) == c):
                        return True
        return False


def _load(name: str) -> dict:
    with resources.files("cleaner.patterns").joinpath(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def phrase_alternation(phrases) -> str:
    """A regex alternation matching any of ``phrases`` literally (whitespace flexible),
    longest first so that the longest phrase wins."""
    alts = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    if not alts:
        return "(?!)"
    return "(?:" + "|".join(regex.escape(p).replace("\\ ", " ").replace(" ", r"\s+") for p in alts) + ")"


#: Words that may stand at a ``…`` of a call pattern (see :func:`call_alternation`).
CALL_GAP_WORDS = 6


def call_alternation(patterns) -> str:
    """A regex alternation of call patterns: phrases in which ``…`` stands for up to
    :data:`CALL_GAP_WORDS` words (``Follow … on``: ``Follow us on``, ``Follow The Daily Times
    on``)."""
    alts = []
    for p in patterns:
        parts = [x.strip() for x in p.split("…")]
        if not all(parts):
            continue
        gap = rf"\s+(?:\S+\s+){{0,{CALL_GAP_WORDS}}}?"
        alts.append(gap.join(phrase_alternation([x]) for x in parts))
    return "(?:" + "|".join(alts) + ")" if alts else "(?!)"


def frame_alternation(frames) -> str:
    """A regex alternation of ``frames``: phrases in which ``…`` stands for a run of up to 80
    characters, captured as group ``t`` (``This article was last updated …``, ``Dieser Artikel
    wurde … aktualisiert``)."""
    alts = []
    for f in frames:
        parts = [x.strip() for x in f.split("…")]
        if len(parts) != 2 or not parts[0]:
            continue
        before, after = parts
        alt = phrase_alternation([before]) + r"\s+(?P<t>[^\n]{1,80}?)"
        if after:
            alt += r"\s+" + phrase_alternation([after])
        alts.append(alt)
    return "(?:" + "|".join(alts) + ")" if alts else "(?!)"


def first_chars(phrases) -> frozenset[str]:
    """The case-folded first characters of ``phrases`` (see :class:`Anchored`)."""
    return frozenset(p.strip()[:1].casefold()[:1] for p in phrases if p.strip())


class Anchored:
    """A pattern that can only match at the start of a text beginning with one of a known set
    of characters (the first characters of the phrases of its leading alternation). ``match``
    looks at the text's first character before running the pattern: most lines start with
    none of them, and a set lookup is much cheaper than trying hundreds of alternatives.

    The test compares case-folded first characters, so it never refuses a text the pattern
    (case-sensitive or not) would match."""

    __slots__ = ("pattern", "starts")

    def __init__(self, pattern: regex.Pattern, starts: frozenset[str]) -> None:
        self.pattern = pattern
        self.starts = starts

    def match(self, text: str):
        if text[:1].casefold()[:1] not in self.starts:
            return None
        return self.pattern.match(text)


#: Characters of a label key that :meth:`Lexicon.bar_start` compares.
_BAR_START = 3


@dataclass(frozen=True)
class Lexicon:
    """Compiled vocabulary. Label sets hold :func:`label_key` forms; ``*_re`` are compiled."""

    words: Mapping[str, Mapping[str, tuple[str, ...]]]  # lang -> concept -> entries
    common: Mapping[str, tuple[str, ...]]
    stopwords: Mapping[str, frozenset[str]]
    stop_langs: Mapping[str, tuple[str, ...]]  # stopword -> the languages it belongs to
    widget_labels: frozenset[str]
    nav_labels: frozenset[str]
    bar_labels: frozenset[str]  # widget and navigation labels together (WID002)
    bar_heads: frozenset[str]  # their first words
    bar_starts: frozenset[str]  # how a row of labels can begin: see bar_start()
    teaser_headers: frozenset[str]
    comment_headers: frozenset[str]
    comment_sig_re: regex.Pattern
    boilerplate_words: frozenset[str]
    agencies: frozenset[str]
    credit_prefix: str  # alternation source, embedded by rules into their patterns
    credit_by: str  # the words joining a credit word to the name (Photo by X), as above
    credit_by_words: tuple[str, ...]  # the same words, as listed
    credit_last_words: frozenset[str]  # the case-folded last words of the credit prefixes
    credit_by_tokens: frozenset[str]  # the first tokens of the joining words (fold_tokens)
    credit_last_tokens: frozenset[str]  # the last tokens of the credit prefixes (fold_tokens)
    source_prefix: str
    credit_starts: frozenset[str]  # first characters of the credit and source prefixes
    source_starts: frozenset[str]
    credit_words: frozenset[str]
    caption_frame_re: Anchored  # a wire caption's opening: "FILE - ", "In this … photo" (CAP003)
    figure_label_re: Anchored  # a numbered figure or table caption's opening: "Abbildung 3:" (CAP004)
    nav_prefix_re: Anchored
    teaser_prefix_re: Anchored
    elsewhere_re: Anchored  # "Also on example.com": a link to a story on the site (TSR002)
    tag_prefix_re: Anchored
    promo: PhraseSet
    published_re: Anchored
    updated_re: Anchored
    available_re: Anchored  # "Verfügbar bis", "Available until": how long a video stays online
    updated_frame_re: Anchored  # a sentence that dates the article's update, its time as group t (TIM001)
    published_frame_re: Anchored  # a sentence that dates the article's publication, as above
    time_words: frozenset[str]
    undated_words: frozenset[str]  # time words that date nothing alone: units, reading, fillers
    byline_re: Anchored
    contact_re: Anchored
    agency_connector: str
    copyright: PhraseSet
    cookie: PhraseSet  # cookie and consent notices (PRM003)
    cookie_words: frozenset[str]  # case-folded tokens naming a browser cookie
    cookie_re: regex.Pattern  # any of them as a substring, case-insensitive: a cheap first test
    disclosure: PhraseSet  # affiliate and advertiser disclosures (PRM004)
    embed: PhraseSet  # placeholders of embedded posts and videos awaiting consent (PRM005)
    units: frozenset[str]  # case-folded units of measure that follow a quantity (CTX002)
    follow: Anchored  # a call to follow the site on a social network, at the start (PRM006)
    profile_re: regex.Pattern  # a bare link to a profile on a social network (WID001)
    follow_words: frozenset[str]  # the case-folded tokens of the networks' names
    agency: str  # alternation source of agency names
    agency_starts: frozenset[str]  # their case-folded first characters
    image_ext: str

    def bar_start(self, label: str) -> bool:
        """Can a line whose :func:`label_key` is ``label`` be a row of widget labels? Its first
        label is a prefix of it (or its first word heads a run of labels), so its first few
        characters must be those of some label: a cheap test before splitting the line."""
        starts = self.bar_starts
        return label[:_BAR_START] in starts or label[:2] in starts or label[:1] in starts

    def languages_for(self, concept: str) -> tuple[str, ...]:
        """The languages whose data define ``concept`` (``*`` for language-free concepts)."""
        if concept in self.common:
            return ("*",)
        return tuple(lang for lang in self.words if self.words[lang].get(concept))

    def union(self, concept: str) -> tuple[str, ...]:
        out: list[str] = []
        for lang in self.words:
            out.extend(self.words[lang].get(concept, ()))
        return tuple(out)


def _merge(base: dict, extra: Mapping[str, Mapping[str, tuple[str, ...]]], lang: str) -> dict:
    merged = {k: tuple(v) for k, v in base.items() if isinstance(v, list)}
    for concept, entries in extra.get(lang, {}).items():
        merged[concept] = merged.get(concept, ()) + tuple(entries)
    return merged


def _build(extra_items: tuple) -> Lexicon:
    extra: dict[str, dict[str, tuple[str, ...]]] = {}
    for lang, concept, entries in extra_items:
        extra.setdefault(lang, {})[concept] = entries
    words = {}
    for lang in LANGS:
        words[lang] = MappingProxyType(_merge(_load(lang), extra, lang))
    for lang in extra:
        if lang not in words and lang != "common":
            words[lang] = MappingProxyType(_merge({}, extra, lang))
    common = {k: tuple(v) for k, v in _load("common").items()}
    for concept, entries in extra.get("common", {}).items():
        common[concept] = common.get(concept, ()) + tuple(entries)

    def union(concept: str) -> list[str]:
        return [e for lang in words for e in words[lang].get(concept, ())]

    def labels(*concepts: str) -> frozenset[str]:
        return frozenset(k for c in concepts for e in union(c) if (k := label_key(e)))

    stop_langs: dict[str, list[str]] = {}
    for lang in words:
        for w in {w.casefold() for w in words[lang].get("stopwords", ())}:
            stop_langs.setdefault(w, []).append(lang)
    nav_cased = phrase_alternation(union("nav_prefixes_cased"))
    nav_free = phrase_alternation(union("nav_prefixes"))
    time_words = frozenset(w.casefold() for w in union("time_words"))
    agencies = common.get("agencies", ())
    widget_labels = labels("widget_labels") | frozenset(label_key(s) for s in common.get("social_labels", ()))
    # the networks a reader can follow a site on: the social labels that are no channel of
    # their own (mail, SMS, a copied link)
    networks = [s for s in common.get("social_labels", ())
                if not any(w in s.casefold() for w in ("mail", "sms", "link", "messenger"))]
    nav_labels = labels("nav_labels")
    bar_labels = widget_labels | nav_labels
    return Lexicon(
        words=MappingProxyType(words),
        common=MappingProxyType(common),
        stopwords=MappingProxyType(
            {lang: frozenset(w.casefold() for w in words[lang].get("stopwords", ())) for lang in words}
        ),
        stop_langs={w: tuple(v) for w, v in stop_langs.items()},  # read only; a dict for speed
        widget_labels=widget_labels,
        nav_labels=nav_labels,
        bar_labels=bar_labels,
        bar_heads=frozenset(k.split(" ")[0] for k in bar_labels),
        bar_starts=frozenset(k[:_BAR_START] for k in widget_labels)
        | frozenset((k.split(" ")[0] + " ")[:_BAR_START] for k in bar_labels),
        teaser_headers=labels("teaser_headers"),
        comment_headers=labels("comment_headers"),
        comment_sig_re=regex.compile(rf"(?i:\b{phrase_alternation(union('comment_verbs'))})\s*+:$"),
        boilerplate_words=frozenset(w.casefold() for w in union("boilerplate_words")),
        agencies=frozenset(a.casefold() for a in agencies),
        credit_prefix=phrase_alternation(union("credit_prefixes")),
        credit_by=phrase_alternation(union("credit_by")),
        credit_by_words=tuple(union("credit_by")),
        credit_last_words=frozenset(p.split()[-1].casefold() for p in union("credit_prefixes") if p.strip()),
        credit_by_tokens=frozenset(t[0] for w in union("credit_by") if (t := fold_tokens(w))),
        credit_last_tokens=frozenset(t[-1] for p in union("credit_prefixes") if (t := fold_tokens(p))),
        source_prefix=phrase_alternation(union("source_prefixes")),
        credit_starts=first_chars(union("credit_prefixes")),
        source_starts=first_chars(union("source_prefixes")),
        credit_words=frozenset(union("credit_words")),
        caption_frame_re=Anchored(regex.compile(
            rf"^(?:(?:{phrase_alternation(union('credit_words'))})\s++[-–—]\s++(?=\S)"
            rf"|(?i:{frame_alternation(union('caption_frames'))})(?![\p{{L}}]))"
        ), first_chars(union("credit_words") + union("caption_frames"))),
        figure_label_re=Anchored(regex.compile(
            rf"^(?:{phrase_alternation(union('figure_labels'))})\s*+\d{{1,3}}[a-z]?(?:\.\d{{1,2}})?"
            rf"\s*+[:.|–—-]\s*+(?=[\p{{L}}\d\"„“«(])"
        ), first_chars(union("figure_labels"))),
        nav_prefix_re=Anchored(regex.compile(
            rf"^(?:{nav_cased}\b|(?i:{nav_free})\b)\s*[:»›>|–—-]?\s*(?P<rest>\S.*)$"
        ), first_chars(union("nav_prefixes_cased") + union("nav_prefixes"))),
        tag_prefix_re=Anchored(regex.compile(
            rf"^(?i:{phrase_alternation(union('tag_prefixes'))})(?P<sep>\s*+:\s*+|\s++)(?P<rest>\S.*)$"
        ), first_chars(union("tag_prefixes"))),
        teaser_prefix_re=Anchored(regex.compile(
            rf"^(?i:{phrase_alternation(union('teaser_prefixes'))})(?P<sep>\s*[:|»›>→▶►–—-]\s*|\s+)(?P<rest>\S.*)$"
        ), first_chars(union("teaser_prefixes"))),
        elsewhere_re=Anchored(regex.compile(
            rf"^(?i:{phrase_alternation(union('elsewhere_prefixes'))})\s+(?:[\w-]{{1,63}}\.){{1,4}}"
            rf"(?i:[a-z]{{2,6}})(?![\w.])\s*+[:|»›>→–—-]?\s*+(?P<rest>.*)$"
        ), first_chars(union("elsewhere_prefixes"))),
        promo=PhraseSet(union("promo_phrases")),
        published_re=Anchored(regex.compile(
            rf"^(?i:{phrase_alternation(union('published_labels'))})(?![\p{{L}}])", regex.V1
        ), first_chars(union("published_labels"))),
        updated_re=Anchored(regex.compile(
            rf"^(?i:{phrase_alternation(union('updated_labels'))})(?![\p{{L}}])", regex.V1
        ), first_chars(union("updated_labels"))),
        available_re=Anchored(regex.compile(
            rf"^(?i:{phrase_alternation(union('available_labels'))})(?![\p{{L}}])", regex.V1
        ), first_chars(union("available_labels"))),
        updated_frame_re=Anchored(regex.compile(
            rf"^(?i:{frame_alternation(union('updated_frames'))})\s*+[.!]?$"
        ), first_chars(union("updated_frames"))),
        published_frame_re=Anchored(regex.compile(
            rf"^(?i:{frame_alternation(union('published_frames'))})\s*+[.!]?$"
        ), first_chars(union("published_frames"))),
        time_words=time_words,
        undated_words=frozenset(w.casefold() for w in union("undated_words")),
        byline_re=Anchored(regex.compile(
            rf"^{phrase_alternation(union('byline_prefixes'))}(?:\s*:\s*|\s+)(?P<rest>\S.*)$"
        ), first_chars(union("byline_prefixes"))),
        contact_re=Anchored(regex.compile(
            rf"^(?i:{phrase_alternation(union('contact_labels'))})(?:\s*+[:.]|\s++(?=[+\d(]))\s*+(?P<rest>\S.*)$"
        ), first_chars(union("contact_labels"))),
        agency_connector=phrase_alternation(union("agency_connectors")),
        copyright=PhraseSet(union("copyright_phrases")),
        cookie=PhraseSet(union("cookie_phrases")),
        cookie_words=frozenset(w.casefold() for w in common.get("cookie_words", ())),
        cookie_re=regex.compile(f"(?i:{phrase_alternation(common.get('cookie_words', ()))})"),
        disclosure=PhraseSet(union("disclosure_phrases")),
        embed=PhraseSet(union("embed_phrases")),
        units=frozenset(u.casefold() for u in (*union("measure_units"), *common.get("measure_units", ()))),
        profile_re=regex.compile(
            r"(?:https?://)?(?:www\.|m\.|mobile\.)?(?i:"
            + "|".join(sorted({regex.escape(n.casefold().replace(" ", "")) for n in networks}, key=lambda d: (-len(d), d)))
            + r")\.(?i:com|net|org|app|social|de|fr)/[\w.@%-]{1,80}+(?:/[\w.@%-]{1,80}+){0,3}/?"
        ),
        follow=Anchored(regex.compile(
            rf"^(?i:{call_alternation(union('follow_calls'))})\s+(?i:{phrase_alternation(networks)})(?!\w)"
        ), first_chars(union("follow_calls"))),
        follow_words=frozenset(t for name in networks for t in fold_tokens(name)),
        agency=phrase_alternation(agencies),
        agency_starts=first_chars(agencies),
        image_ext=phrase_alternation(common.get("image_extensions", ())),
    )


@functools.lru_cache(maxsize=16)
def get_lexicon(extra_items: tuple = ()) -> Lexicon:
    """The lexicon for a configuration. ``extra_items`` is a tuple of
    ``(lang, concept, entries)`` triples from user configuration (hashable, so cached)."""
    return _build(extra_items)
