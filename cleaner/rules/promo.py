"""PRM: promotional lines: ticker banners, newsletter and subscription calls."""

from __future__ import annotations

import regex

from ..lexicon import Lexicon
from ..text import Line
from .base import Hit, rule
from .shape import sentences

_FRAMED = regex.compile(r"^(?:\+{2,}+|►|▶|>>)\s*+(?P<body>.+?)\s*+(?:\+{2,}+|◄|◀|<<)$")


@rule("PRM001", "promo-framed", "line",
      summary="A banner framed by +++ … +++ (or ► … ◄) that points elsewhere.",
      reason="framed promotional banner", concepts=("promo_phrases",), max_words=40)
def promo_framed(line: Line, lex: Lexicon) -> Hit | None:
    """Removes banners such as ``+++ Alle News und Entwicklungen zum Krieg in der Ukraine
    lesen Sie in unserem Liveblog. +++``: a line opened and closed by ``+++`` (or arrows) whose
    body is short (at most 8 words) or holds a promotional phrase.

    Safe because live tickers that frame real entries with ``+++`` write longer entries
    without a call to go elsewhere; those are kept.
    """
    m = _FRAMED.match(line.key)
    if not m:
        return None
    body = m.group("body")
    if body.count(" ") + 1 <= 8 or lex.promo.search(body):
        return Hit()
    return None


@rule("PRM002", "promo-call", "line",
      summary="A short call to subscribe, register, follow, download or comment (newsletter, app, abo).",
      reason="promotional call or prompt", concepts=("promo_phrases",), max_words=20)
def promo_call(line: Line, lex: Lexicon) -> Hit | None:
    """Removes short lines that ask the reader to subscribe, register, download the app,
    follow the site or leave a comment, and the stock notices around such prompts:
    ``Jetzt Newsletter abonnieren``, ``Sign up for our daily newsletter``, ``Abonnez-vous à
    notre newsletter``, ``Leave a Reply``, ``Diese Website verwendet Akismet, um Spam zu
    reduzieren.``

    Safe because the phrase list holds only calls (not topics), and the line must be short: at
    most 20 words and two sentences. A paragraph about newsletters is longer than its call.
    """
    if lex.promo.search(line.folded) and sentences(line.key) <= 2:
        return Hit()
    return None


RULES = (promo_framed, promo_call)
