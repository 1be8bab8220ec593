"""CRD: image credits and copyright notices, whole-line and at the end of a line."""

from __future__ import annotations

import functools
import re

import regex

from ..lexicon import Anchored, Lexicon
from ..text import Line
from .base import Hit, rule
from .shape import is_upper, words

_NAME_WORD = regex.compile(r"^(?:\p{Lu}[\p{L}'’.\-]*|\p{Lu}{2,}|[\p{Ll}]{1,3}\.?)$")


#: A photographer's name as wire photos credit it: one to four capitalised words.
_NAME = r"(?:\p{Lu}[\p{L}'’.\-]*+\s++){0,3}\p{Lu}[\p{L}'’.\-]*+"


@functools.lru_cache(maxsize=4)
def _patterns(prefix: str, by: str, by_words: tuple[str, ...], agency: str, agency_starts: frozenset[str],
              source: str, prefix_starts: frozenset[str], source_starts: frozenset[str]):
    by_forms = sorted({f for w in by_words for f in (w, w[:1].upper() + w[1:])}, key=lambda f: (-len(f), f))
    # after a credit word: a colon, a bar, a slash, ©, an ellipsis, or a word like "by"
    # ("Foto: X", "Credit… X", "Photo by X")
    joint = rf"(?:\s*+(?::|\||/|©|\.{{2,3}}|…)|(?<=\.)\s|\s++(?P<by>(?i:{by}))(?::|(?=\s)))"
    # the same within a line, after a caption, but for a colon: an ellipsis or a joining word
    # (a slash or a bar parts the caption from the credit there)
    inline_joint = rf"(?:\s*+(?:\.{{2,3}}|…)|\s++(?i:{by})(?::|(?=\s)))"
    # where a credit may start within a line: after a separator, or after the end of a sentence
    # (a whitespace run is entered at its start only: linear time on long runs of spaces)
    inline_sep = r"(?P<sep>(?<!\s)\s*+(?:[/|•·]|(?<=\s)[–—-]|\(|\[)\s*+|(?<=[.!?…\"”»])\s++)"
    # a photographer's name and the agency after a slash or a bar: "Jane Doe/AP", "Jane Doe |
    # Getty Images", "Robert Michael / picture alliance/dpa"
    named = rf"{_NAME}(?:\s*+[/|]\s*+(?:{agency})(?![\p{{L}}]))++"
    # an agency and the photographer after it, as agencies credit their own pictures: "REUTERS/Jane
    # Doe", "AP Photo/Jane Doe, File", "picture alliance/dpa | Jane Doe"
    agency_first = rf"(?:{agency})(?:\s*+[/|]\s*+(?:{agency}))*+\s*+[/|]\s*+(?P<name>{_NAME})(?:,\s*+\p{{Lu}}\p{{L}}++)?"
    return {
        # "Quelle: X", "Source: X"
        "source": Anchored(regex.compile(rf"^(?i:{source})\s*+(?::|\|)\s*+(?P<v>\S.*)$"), source_starts),
        # "© Quelle: X", "(c) X", "Copyright X", "Ⓒ X"
        "sign": regex.compile(r"^(?:©|Ⓒ|\(c\)|\(C\)|Copyright\b|copyright\b)\s*:?\s*(?P<v>.*)$"),
        # "Foto: X", "Bild: © X", "Crédit photo : X", "Photo via X", "Photo by X"
        "prefix": Anchored(regex.compile(
            rf"^(?i:{prefix}){joint}\s*+(?:©\s*+)?(?P<v>\S.*)$"
        ), prefix_starts),
        # "... / Foto: © X", "... | Bild: X", "... (Foto: X)"
        "inline_prefix": regex.compile(
            rf"{inline_sep}(?i:{prefix})\s*+:\s*+(?:©\s*+)?(?P<v>[^:\n]{{1,120}}?)[)\]]?\s*+$"
        ),
        # "... Photo by X on Unsplash", "... Credit… X"
        "inline_by": regex.compile(
            rf"{inline_sep}(?=\p{{Lu}})(?i:{prefix}){inline_joint}\s*+(?:©\s*+)?(?P<v>[^:\n]{{1,120}}?)[)\]]?\s*+$"
        ),  # (a capital must follow the separator: a cheap test before the credit words)
        # "... Mikaela Shiffrin. © AFP / JEFF PACHOUD"
        "inline_sign": regex.compile(r"(?P<sep>(?:\G|(?<!\s))\s*+(?:[/|•·]\s*+)?)(?<!\w)(?:©|Ⓒ)\s*+(?P<v>[^©\n]{1,100}?)\s*+$"),
        # "... at the summit. (AP Photo/Jane Doe)", "... at the summit. REUTERS/Jane Doe",
        # "... at the summit. Jane Doe / AP"
        # (a whitespace run is entered at its start only: linear time on long runs of spaces)
        "inline_agency": regex.compile(
            rf"(?:(?<!\s)\s*+\((?=\p{{L}})(?P<v>{agency_first})\)|(?<=[.!?…\"”»])\s++(?P<v>{agency_first}|{named}))\s*+$"
        ),
        "agency": regex.compile(rf"(?i:^|[\s/|,(])(?:{agency})(?:$|[\s/|,)])"),
        # a photographer's name and the agency, the way wire photos are credited under their
        # caption
        "named": regex.compile(rf"^(?P<v>{named}(?:\s++via\s++(?:{agency}))?)$"),
        # "REUTERS/Jane Doe", "AP Photo/Jane Doe, File"
        "agency_first": Anchored(regex.compile(rf"^(?P<v>{agency_first})$"), agency_starts),
        # a word joining a credit word to the name, in lower case or capitalised: found first,
        # then the word before it is looked up (see _joined_credit), before "inline_by" runs
        # (the standard engine scans a plain alternation much faster)
        "by": re.compile(r"\s(?:" + "|".join(re.escape(w) for w in by_forms) + r")[\s:]"),
    }


def _pats(lex: Lexicon) -> dict:
    return _patterns(lex.credit_prefix, lex.credit_by, lex.credit_by_words, lex.agency, lex.agency_starts,
                     lex.source_prefix, lex.credit_starts, lex.source_starts)


@functools.lru_cache(maxsize=4)
def _agency_names(agency: str) -> regex.Pattern:
    """The known agencies as whole words, multi-word ones (``picture alliance``) included."""
    return regex.compile(rf"(?<![\p{{L}}])(?:{agency})(?![\p{{L}}])")


_PLAIN_WORD = regex.compile(r"^\p{Ll}\p{Ll}++[,.;!?]?$")  # all lower-case: "iFixit" names a brand
_PARTICLES = frozenset("via von van der den de di da du la le del and und et y e of for für by".split())


def _is_credit_text(value: str, lex: Lexicon, max_words: int = 14, plain_share: int = 3) -> bool:
    """Short, and names rather than prose: at most two plain lower-case words (name
    particles aside), and at most one in ``plain_share`` of the words (a third; a half for a
    source, which may name a kind of source: ``News agencies``, ``Company reports``)."""
    n = words(value)
    if not 0 < n <= max_words or value.endswith(":"):
        return False
    value = _agency_names(lex.agency).sub(" Agency ", value)  # "picture alliance/dpa" names one
    plain = 0
    for w in value.split():
        if _PLAIN_WORD.match(w):
            bare = w.rstrip(",.;!?")
            if bare not in _PARTICLES and bare not in lex.agencies:
                plain += 1
    return plain <= 2 and plain * plain_share <= n


@rule("CRD001", "credit-line", "line",
      summary="A line that is only an image credit (© …, Foto: …, Photo by X, REUTERS/X, FOTO X, ARCHIV REUTERS).",
      reason="image credit", concepts=("credit_prefixes", "credit_by", "credit_words", "agencies"),
      field="image_credits", max_words=18)
def credit_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a whole line that credits an image: it opens with ``©``/``(c)``/``Copyright``,
    or with a credit word and a colon, an ellipsis or a joining word (``Foto:``, ``Photo:``,
    ``Crédit photo :``, ``Credit… X``, ``Photo by X on Unsplash``, ``Bild von X auf
    Pixabay``), or is written in capitals and opens with a credit word (``FOTO ANTON
    SHYNKARENKO, ARCHIV REUTERS``), or is a photographer's name and a known agency after a
    slash, or the agency and then the photographer, as wire photos are credited (``Jane
    Doe/AP``, ``Robert Michael / picture alliance/dpa``, ``REUTERS/Jane Doe``, ``(AP
    Photo/Jane Doe, File)``). The credited names go to ``image_credits``.

    Safe because the line must be short (at most 14 words after the prefix) and must open with
    the credit marker, and what follows must read as names (at most two plain lower-case
    words); a sentence that merely mentions a photo (``Photos by Ansel Adams are displayed
    …``) does not. After an agency, the photographer must be one to four capitalised words
    and no agency. Copyright notices of the site (``All rights reserved``) are left to CRD003.
    """
    key = line.key
    pats = _pats(lex)
    if lex.copyright.search(line.folded):
        return None
    if key[:1] == "(" and key[-1:] == ")":  # "(Credit: X / Y)", "(Foto: dpa)"
        key = key[1:-1].strip()
    m = pats["sign"].match(key) or pats["prefix"].match(key)
    if m:
        value = m.group("v").strip(" :")
        inner = pats["prefix"].match(value) or pats["source"].match(value)  # "© Quelle: X" -> "X"
        if inner:
            value = inner.group("v").strip(" :")
        if _is_credit_text(value, lex) or not value:
            return Hit(value=value or None)
        if " " not in value and m.groupdict().get("by") is None:
            return Hit(value=value)  # one word after a colon: "Foto: privat", "Photo: courtesy"
        return None
    first = key.split(" ", 1)[0].strip(":,")
    if first in lex.credit_words and is_upper(key) and line.words <= 14:
        return Hit(value=key)
    if ("/" in key or "|" in key) and line.words <= 10:
        if pats["named"].match(key):
            name = key.replace("|", "/").split("/", 1)[0].strip()
            if not is_upper(name) and name not in lex.agencies:  # a person, not "AFP/Reuters"
                return Hit(value=key)
        m = pats["agency_first"].match(key)
        if m and m.group("name").casefold() not in lex.agencies:  # "REUTERS/Jane Doe", not "AFP/Getty Images"
            return Hit(value=key)
    return None


#: A caption that ends in a credit joined by a word (``… Photo by Jane Doe``) has at most this
#: many words; longer lines are not looked at for one.
_JOINED_CREDIT_WORDS = 80
#: A credit joined by a word, an ellipsis or an agency's slash starts at most this many
#: characters before the end of its line (``Photo by Jane Doe on Unsplash``, ``picture
#: alliance/dpa | Jane Doe``, ``(AP Photo/Jane Doe, File)``): the tests look there only.
_SHORT_CREDIT_CHARS = 160


def _joined_credit(tail: str, start: int, pats: dict, lex: Lexicon) -> bool:
    """Whether a credit word (``Photo``) is followed by a joining word (``by``, ``von``) or an
    ellipsis (``Credit…``) in ``tail`` from ``start`` on: the cheap test before ``inline_by``."""
    ends = [m.start() for m in pats["by"].finditer(tail, start)]  # the space before the joining word
    for mark in ("…", "..."):
        k = tail.find(mark, start)
        while k != -1:
            ends.append(k)
            k = tail.find(mark, k + len(mark))
    for end in ends:
        if tail[tail.rfind(" ", 0, end) + 1:end].casefold() in lex.credit_last_words:
            return True
    return False


@rule("CRD002", "credit-inline", "line",
      summary="An image credit at the end of a line (… / Foto: © X, … © AFP / NAME, … (AP Photo/NAME)).",
      reason="image credit at end of line", concepts=("credit_prefixes", "credit_by", "agencies"),
      field="image_credits")
def credit_inline(line: Line, lex: Lexicon) -> Hit | None:
    """Removes the credit appended to a line: ``Title / Foto: © RUSSIAN FOREIGN MINISTRY /
    HANDOUT/AFP`` keeps ``Title``; ``… Mikaela Shiffrin. © AFP / JEFF PACHOUD``, ``… Jutta
    Breitner. Foto: VdP/Lorenz Eckhoff``, ``… on Tuesday. (AP Photo/Jane Doe)``, ``… on
    Tuesday. REUTERS/Jane Doe`` and ``… in April. Photo by Jane Doe on Unsplash`` keep the
    caption text. Only the span from the separator to the end of the line is removed; what is
    left is judged by the title and caption rules.

    Safe because the credit must close the line, open with ``©``, with a credit word and a
    colon or a joining word (``Photo by``), or with an agency and a slash after the end of a
    sentence or in brackets, and be short names (at most 14 words, at most two plain lower-case
    words).
    """
    if line.words < 3:
        return None
    text = line.text
    pats = _pats(lex)
    # Only the tail can hold the credit: bound the search so long lines cost nothing.
    offset = max(0, len(text) - 260)
    tail = text[offset:]
    sign = "©" in tail or "Ⓒ" in tail
    colon = ":" in tail
    near_end = max(0, len(tail) - _SHORT_CREDIT_CHARS)
    slash = tail.find("/", near_end) != -1 or tail.find("|", near_end) != -1
    # a joining word after a credit word ("Photo by"), or an ellipsis ("Credit…"): the line's
    # tokens (which the phrase rules read too) must hold both kinds of word
    joined = tail.find("…", near_end) != -1 or tail.find("...", near_end) != -1 or (
        line.words <= _JOINED_CREDIT_WORDS and not lex.credit_by_tokens.isdisjoint(line.folded)
        and not lex.credit_last_tokens.isdisjoint(line.folded))
    if not (sign or colon or slash or joined):
        return None  # most lines: nothing that could open a credit
    tries = []
    if sign or colon:
        tries.append("inline_prefix")
    if sign:
        tries.append("inline_sign")
    if joined and _joined_credit(tail, near_end, pats, lex):
        tries.append("inline_by")
    if slash:
        tries.append("inline_agency")
    for name in tries:
        m = pats[name].search(tail, near_end if name in ("inline_by", "inline_agency") else 0)
        if m is not None:
            value = m.group("v").strip(" :)]")
            head = text[: offset + m.start()]
            if not head.strip() or not _is_credit_text(value, lex):
                continue
            if name == "inline_agency" and (m.group("name") or "").casefold() in lex.agencies:
                continue  # "… (AFP/Getty Images)": agencies only, no photographer
            if name == "inline_sign" and value[:4].isdigit() and words(value) > 6:
                continue  # "© 2024 Publisher ..." footers are CRD003's
            return Hit(span=(offset + m.start(), len(text)), value=value)
    return None


@rule("CRD004", "source-line", "line",
      summary="A line that only names a source (Quelle: X, Source: X, Fuente: X).",
      reason="source line", concepts=("source_prefixes",), field="sources", max_words=16)
def source_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a short line that opens with a source word and a colon and goes on with names:
    ``Quelle: Mieterverein Hollbach``, ``Source: Quillmark Systems``, ``Fuente: EFE``. The names go
    to ``sources``. Unlike image credits, a source line is not taken as the credit of a
    caption: it may stand under a chart, a table or a paragraph.

    Safe because the rest must read like names (at most two plain lower-case words, at most
    half of its words: ``Source: News agencies``) and be short; ``Quelle: Die Regierung hat am
    Montag beschlossen, …`` is a sentence and is kept.
    """
    m = _pats(lex)["source"].match(line.key)
    if m:
        value = m.group("v").strip(" :")
        if _is_credit_text(value, lex, plain_share=2):
            return Hit(value=value)
    return None


_YEAR_SIGN = regex.compile(r"^(?:©|Ⓒ|\(c\)|Copyright)\s*(?:\d{4}|\d{4}\s*[-–]\s*\d{4})\b", regex.IGNORECASE)


@rule("CRD003", "copyright-notice", "line",
      summary="A site copyright notice (© 2024 Publisher, All rights reserved).",
      reason="copyright notice", concepts=("copyright_phrases",), max_words=40)
def copyright_notice(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a short line holding a copyright phrase (``Alle Rechte vorbehalten``,
    ``All rights reserved``) or opening with ``©`` and a year.

    Safe because the line must be short (at most 40 words); an article about copyright law
    writes sentences longer than its notice, and such a sentence rarely opens with ``© 2024``.
    """
    key = line.key
    if lex.copyright.search(line.folded) or _YEAR_SIGN.match(key):
        return Hit()
    return None


RULES = (copyright_notice, credit_line, source_line, credit_inline)
