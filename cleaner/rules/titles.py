"""TTL: the document's title, removed from the body wherever it is repeated."""

from __future__ import annotations

import regex

from .base import Doc, rule
from .shape import is_headline, words

# Separators between a title and a site name: "Site - Title", "Title | Site", "Title – Site".
_SITE_SEP = regex.compile(r"\s++[-–—|·•:]{1,2}+\s++")
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


@rule("TTL001", "title-line", "block",
      summary="The document's title: the first line when it is headline-shaped, or a line repeated at the top.",
      reason="document title", field="title")
def title_line(doc: Doc) -> None:
    """Takes the title out of the body and returns it as ``Result.title``: the first kept line
    when it is headline-shaped (no final full stop, at most 30 words) and text follows it, or
    the first line repeated within the top of the document. A site name joined to the title
    (``Deutsche Tageszeitung - Title``, ``Title | Site``) is split off when the title part is
    repeated on its own; it goes to ``site_name``. A title given by the caller (from HTML
    metadata) is used instead of guessing.

    Safe because the first line of a scraped page is its title in the vast majority of
    dumps, and a first line that ends like a sentence is only taken when it is repeated.
    """
    alive = doc.alive_indices()
    if len(alive) < 2:
        return
    top = alive[:_LOOKAHEAD]
    keys = {i: doc.rest(i) for i in top}
    hint = doc.hints.get("title")
    first = top[0]
    first_key = keys[first]
    later = {_fold(keys[i]) for i in top[1:]}
    title = None
    if hint:
        title = hint
        if _fold(first_key) != _fold(hint) and _fold(hint) not in _fold(first_key):
            first = None
    elif is_headline(first_key, max_words=30, max_chars=300):
        title = first_key
    elif _fold(first_key) in later and words(first_key) <= 40:
        title = first_key
    else:
        # a repeated headline among the first lines (site chrome before it)
        seen: dict[str, int] = {}
        for i in top[:12]:
            f = _fold(keys[i])
            if f in seen and is_headline(keys[i], max_words=30, max_chars=300):
                title, first = keys[seen[f]], seen[f]
                break
            seen[f] = i
        if title is None:
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
    for i in doc.alive_indices():
        f = _fold(doc.rest(i))
        if f == target or (full and f == full):
            doc.remove(i, title_repeat)
        else:
            # "Site - Title" / "Title | Site" variants
            for cut in _SITE_SEP.finditer(doc.rest(i)):
                key = doc.rest(i)
                if _fold(key[cut.end():]) == target and words(key[: cut.start()]) <= 6 or (
                    _fold(key[: cut.start()]) == target and words(key[cut.end():]) <= 6
                ):
                    doc.remove(i, title_repeat)
                    break


RULES = (title_line, title_repeat)
