"""NAV: navigation stubs (PREV/NEXT with another story's headline), separators, breadcrumbs."""

from __future__ import annotations

import regex

from ..lexicon import Lexicon
from ..text import Line, table_row
from .base import Hit, rule
from .shape import is_headline
from .times import bare_numbers

_NO_TEXT = regex.compile(r"^[^\p{L}\p{N}]++$")
_CRUMB_SPLIT = regex.compile(r"(?:\G|(?<!\s))\s*+(?:[>»›→]|\s/\s|\s\|\s)\s*+")
_CRUMB_CHARS = frozenset(">»›→/|")  # a line without one has one part: no trail


@rule("NAV001", "nav-stub", "line",
      summary="A navigation link: PREV/NEXT and another story's headline, or a lone Zurück/Next.",
      reason="navigation link", concepts=("nav_labels", "nav_prefixes", "nav_prefixes_cased"), max_words=30)
def nav_stub(line: Line, lex: Lexicon) -> Hit | None:
    """Removes ``PREV Diese Marke …``, ``NEXT Was geschah …``, ``Previous article: …``,
    ``Article suivant …``, arrow links (``← Kellersbach 1871 – 1918``, ``Nächster Beitrag →``) and lone
    labels such as ``Zurück``, ``Weiter``, ``Next``.

    Safe because capitalised stubs (``PREV``, ``NEXT``) are matched with case, and the free
    prefixes are multi-word phrases (``Previous article``); the rest must be headline-shaped,
    so ``Next, the minister said …`` (a sentence) is kept.
    """
    key = line.key
    if line.words <= 5 and line.label in lex.nav_labels:
        return Hit()
    m = lex.nav_prefix_re.match(key)
    if m and is_headline(m.group("rest"), max_words=25):
        return Hit()
    # "← Older post title", "Newer post title →": the arrow is the link. An ASCII "<" or ">"
    # that a bracket of the other kind closes or opens is a bracket: "git checkout <branch>".
    if key.startswith(_ARROWS_LEFT) and not (key[0] == "<" and ">" in key):
        rest = key.lstrip("←⟵⇐< ")
    elif key.endswith(_ARROWS_RIGHT) and not (key[-1] == ">" and "<" in key):
        rest = key.rstrip("→⟶⇒> ")
    else:
        return None
    if is_headline(rest, max_words=20):
        return Hit()
    return None


# arrows only: « » ‹ › are quotation marks in several languages
_ARROWS_LEFT = ("←", "⟵", "⇐", "<")
_ARROWS_RIGHT = ("→", "⟶", "⇒", ">")


@rule("NAV002", "separator-line", "line",
      summary="A line with no letter: separators (-, |, •, ***, >>>) or bare numbers that are no date (1 2 3 4, 3.).",
      reason="separator or numbers without text")
def separator_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes lines that hold only punctuation or symbols: lone separators between
    navigation items, decorative rules, bullets left without their item; and lines of bare
    numbers that do not read as a date: page lists (``1 2 3 4``), scores (``18 : 18``), list
    numbers left without their item (``3.``), phone numbers. A line of digits that reads as a
    date or a time is left to TIM002, which records it.

    Safe because such a line carries no word of the article. A single number alone (``12``)
    or one value (``4.7``, ``4.5/5``) is kept: it can be a figure of a table, a
    list or a rating; so is a table row as extractors write it (``| 2021 | 12.4 | 8.1 |``):
    a row is data, whatever its cells hold.
    """
    key = line.key
    if len(key) <= 200 and (_NO_TEXT.match(key) or bare_numbers(key)) and not table_row(key):
        return Hit()
    return None


@rule("NAV003", "breadcrumb", "line",
      summary="A breadcrumb trail: three or more short items joined by >, », ›, / or |.",
      reason="breadcrumb trail", max_words=24)
def breadcrumb(line: Line, lex: Lexicon) -> Hit | None:
    """Removes ``Home > News > Politik`` and ``Startseite » Welt » Europa``: at least three
    items, each at most four words, none ending like a sentence.

    Safe because prose does not chain three short fragments with these separators; a title
    with one ``|`` has two parts and is left to the title rules.
    """
    if _CRUMB_CHARS.isdisjoint(line.key):
        return None
    parts = _CRUMB_SPLIT.split(line.key)
    if len(parts) < 3:
        return None
    for p in parts:
        n = p.count(" ") + 1
        if not p or n > 4 or p[-1] in ".!?":
            return None
    return Hit()


_ITEM_SPLIT = regex.compile(r"(?:\G|(?<!\s))\s*+[,|/·•;]\s*+")


@rule("NAV004", "tag-list", "line",
      summary="A list of tags or categories (Schlagwörter: A, B; Filed under: X | Y).",
      reason="tag list", concepts=("tag_prefixes",), max_words=30)
def tag_list(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that opens with a tag or category word (``Schlagwörter:``, ``Tags:``,
    ``Mots-clés :``, ``Filed under``, ``Posted in``) and goes on with short items: ``Tags:
    Ukraine, Russland, Nordkorea``.

    Safe because the word is matched with its capital and must open the line, a one-word
    opener needs a colon, and every item must be short (at most five words) and not end like
    a sentence; ``Themen wie Rente und Pflege bestimmten den Wahlkampf.`` is kept.
    """
    m = lex.tag_prefix_re.match(line.key)
    if not m:
        return None
    if ":" not in m.group("sep") and " " not in line.key[: m.start("sep")]:
        return None
    items = [p for p in _ITEM_SPLIT.split(m.group("rest")) if p]
    if not items or any(p.count(" ") >= 5 or p[-1] in ".!?" for p in items):
        return None
    return Hit()


RULES = (separator_line, nav_stub, breadcrumb, tag_list)
