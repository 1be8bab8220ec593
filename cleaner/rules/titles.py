"""TTL: the document's title, removed from the body wherever it is repeated."""

from __future__ import annotations

import regex

from .base import Doc, rule
from .shape import is_bulleted, is_headline, sentences, words



def _title_shaped(key: str) -> bool:
    """Headline-shaped, one sentence, not a list item."""
    return is_headline(key, max_words=30, max_chars=300) and sentences(key) == 1 and not is_bulleted(key)

# Separators between a title and a site name: "Site - Title", "Title | Site", "Title – Site".
_SITE_SEP = regex.compile(r"(?:\G|(?<!\s))\s++[-–—|·•:]{1,2}+\s++")
_LOOKAHEAD = 40  # a title is repeated near the top of a page


def _fold(key: str) -> str:
    return key.casefold().strip(" .:!?\"'“”„«»")


def _split_site(key: str, later: set[str]) -> tuple[str, str | None]:
    """Split ``key`` into (title, site) when one side of a site separator is repeated
    later in the document on its own; otherwise the whole key is the title."""
    parts = _SITE_SEP.split(key)
    if len(parts) < 2:
        return key, None
    seps = list(_SITE_SEP.finditer(key))
    # try every cut: left part as title or right part as title
    for cut in seps:
        left, right = key[: cut.start()], key[cut.end():]
        if _fold(right) in later and words(left) <= 6:
            return right, left
        if _fold(left) in later and words(right) <= 6:
            return left, right
    return key, None


def _is_title_line(key: str, title: str) -> bool:
    """``key`` is the (folded) ``title``, alone or beside a site name of a few words."""
    if _fold(key) == title:
        return True
    return any(
        (_fold(key[cut.end():]) == title and words(key[: cut.start()]) <= 6)
        or (_fold(key[: cut.start()]) == title and words(key[cut.end():]) <= 6)
        for cut in _SITE_SEP.finditer(key)
    )


def _repeated(key: str, later: set[str]) -> bool:
    """``key``, or one side of a site separator in it, stands again on a later line."""
    if _fold(key) in later:
        return True
    return any(
        _fold(key[: cut.start()]) in later or _fold(key[cut.end():]) in later for cut in _SITE_SEP.finditer(key)
    )


@rule("TTL001", "title-line", "block",
      summary="The document's title: the first line, when it is repeated below or heads the text.",
      reason="document title", field="title")
def title_line(doc: Doc) -> None:
    """Takes the title out of the body and returns it as ``Result.title``: the first kept line
    when it (or its title part) is repeated within the top of the document, or when it is
    headline-shaped (one sentence, no final full stop, at most 30 words) and the next kept
    line is text rather than another headline. A site name joined to the title (``Deutsche
    Tageszeitung - Title``, ``Title | Site``) is split off when the title part is repeated on
    its own; it goes to ``site_name``. A title given by the caller (from HTML metadata) is
    used instead of guessing.

    Safe because the first line of a scraped page is its title in the vast majority of dumps.
    A run of headlines at the top (a list of stories, a kicker over a subtitle) is left alone
    unless one of them is repeated, so cleaning the output again never peels off its first
    lines one by one.
    """
    alive = doc.alive_indices()
    if len(alive) < 2:
        return
    top = alive[:_LOOKAHEAD]
    keys = {i: doc.rest(i) for i in top}
    hint = doc.hints.get("title")
    first: int | None = top[0]
    first_key = keys[top[0]]
    later = {_fold(keys[i]) for i in top[1:]}
    if hint:
        title = hint
        if not _is_title_line(first_key, _fold(hint)):
            first = None
    elif words(first_key) <= 40 and _repeated(first_key, later):
        title = first_key
    elif _title_shaped(first_key) and not is_headline(keys[top[1]], max_words=30, max_chars=300):
        title = first_key
    else:
        return
    site = None
    if first is not None:
        t, site = _split_site(keys[first], later)
        if not hint:
            title = t
    doc.title = title
    if site:
        doc.add_meta("site_name", site)
    if first is not None:
        doc.remove(first, title_line, value=title)
    doc.hints["title_fold"] = _fold(title)
    doc.hints["title_full"] = _fold(keys[first]) if first is not None else None


@rule("TTL002", "title-repeat", "block",
      summary="A repetition of the title (also with a site name, or what is left of a title line after its credit).",
      reason="repeated title")
def title_repeat(doc: Doc) -> None:
    """Removes every further line whose text equals the title: plain repetitions, the title
    with the site name, and a title line whose image credit was taken off (``Title / Foto: ©
    AFP`` once the credit is gone).

    Safe because the line must equal the title exactly (case and surrounding punctuation
    aside); a sentence that quotes the title has more words.
    """
    target = doc.hints.get("title_fold")
    if not target:
        return
    full = doc.hints.get("title_full")
    longest = len(target) + 80  # the title and a site name of a few words
    for i in doc.alive_indices():
        key = doc.rest(i)
        f = _fold(key)
        if f == target or (full and f == full) or (len(key) <= longest and _is_title_line(key, target)):
            doc.remove(i, title_repeat)


RULES = (title_line, title_repeat)
