"""PRM: promotional lines: ticker banners, newsletter and subscription calls, cookie notices,
affiliate disclosures and the placeholders of embedded posts."""

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
    notre newsletter``, ``Leave a Reply``, ``Diese Seite nutzt Spamwacht, um Spam zu
    reduzieren.``

    Safe because the phrase list holds only calls (not topics), and the line must be short: at
    most 20 words and two sentences. A paragraph about newsletters is longer than its call.
    """
    if lex.promo.search(line.folded) and sentences(line.key) <= 2:
        return Hit()
    return None


@rule("PRM003", "cookie-notice", "line",
      summary="A cookie or consent notice (We use cookies …, Diese Website verwendet Cookies …, This cookie is used to …).",
      reason="cookie notice", concepts=("cookie_phrases",), max_words=150)
def cookie_notice(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line of a cookie banner or a site's cookie table: it names a cookie
    (``cookie``, ``Cookies``, ``pliki cookie``) and holds a phrase that only such notices use:
    the site telling that it uses cookies (``We use cookies``, ``Diese Website verwendet
    Cookies``, ``Ce site utilise des cookies``), asking for consent (``Accept all``, ``Tout
    refuser``, ``stimmen Sie der … zu``), or describing its cookies (``This cookie is used
    to``, ``Diese Cookies``, ``necessary cookies``).

    Safe because both must be in the line: a recipe with cookies has no consent phrase, and an
    article about tracking says what websites do, not that this one does. The price is an
    article sentence that quotes a banner (``… the banner read "We use cookies"``).
    """
    if lex.cookie_re.search(line.key) is None:  # no cookie word even inside another word
        return None
    toks = line.folded
    if lex.cookie_words.isdisjoint(toks):
        return None
    if lex.cookie.search(toks):
        return Hit()
    return None


@rule("PRM004", "affiliate-disclosure", "line",
      summary="An affiliate or advertiser disclosure (We may earn a commission …, Affiliate-Links …).",
      reason="affiliate disclosure", concepts=("disclosure_phrases",), max_words=60)
def affiliate_disclosure(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that tells the reader the site earns from the links or products on the
    page: ``We may earn a commission when you buy through links on our site``, ``As an Amazon
    Associate we earn from qualifying purchases``, ``Die folgenden Links sind Affiliate-Links
    …``, ``Nous pouvons percevoir une commission …``.

    Safe because the phrases speak of the site itself (``we may earn``, ``erhalten wir eine
    Provision``), not of affiliate marketing as a topic, and the line must be short (at most
    60 words): a paragraph of the article that mentions its links in passing is longer.
    """
    if lex.disclosure.search(line.folded):
        return Hit()
    return None


@rule("PRM005", "embed-placeholder", "line",
      summary="The placeholder of an embedded post or video that waits for the reader's consent "
              "(Externen Inhalt anzeigen, placeholder content from …).",
      reason="placeholder of an embedded post", concepts=("embed_phrases",), max_words=80)
def embed_placeholder(line: Line, lex: Lexicon) -> Hit | None:
    """Removes the text that news sites and consent tools print where an embedded post,
    video or map would be until the reader agrees to load it: ``An dieser Stelle finden Sie
    einen externen Inhalt von X, der den Artikel ergänzt``, ``Ich bin damit einverstanden,
    dass mir externe Inhalte angezeigt werden. Damit können personenbezogene Daten an
    Drittplattformen übermittelt werden.``, ``You are currently viewing a placeholder content
    from Facebook. To access the actual content, click the button below.``

    Safe because the phrases are the consent tools' own wording (``placeholder content
    from``, ``einen externen Inhalt von``), not words an article uses about embedded media,
    and the line must be short (at most 80 words).
    """
    if lex.embed.search(line.folded):
        return Hit()
    return None


_LEAD = "-–—•·*>»›#+ "


@rule("PRM006", "follow-call", "line",
      summary="A call to follow the site on a social network (Follow The Daily Times on Twitter …).",
      reason="call to follow on a social network", concepts=("follow_calls",), max_words=40)
def follow_call(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that opens with a call to follow the site, its author or its section on a
    social network, and whatever follows in the line (handles, other networks, a contact
    address): ``Follow The Daily Courier on Twitter and Instagram @…``, ``Folgen Sie uns auf
    Facebook``, ``Suivez-nous sur X``, ``*** Follow me on Instagram … ***``.

    Safe because the call must open the line and the network must follow it within six words
    (``Follow … on`` Twitter); a sentence of an article that mentions following someone on a
    network does not start with the imperative. The line must be short (at most 40 words).
    """
    if lex.follow_words.isdisjoint(line.folded):
        return None  # no network named: the cheap test first
    if lex.follow.match(line.key.lstrip(_LEAD)):
        return Hit()
    return None


RULES = (promo_framed, promo_call, cookie_notice, affiliate_disclosure, embed_placeholder, follow_call)
