"""CTX: decisions from the document's shape rather than from one line's words."""

from __future__ import annotations

import regex

from .base import Doc, rule
from .shape import has_digit, is_headline, is_sentence


@rule("CTX001", "stray-label", "block",
      summary="A short label left alone at the end of the text: before removed page furniture, or "
              "announcing with a colon what does not follow.",
      reason="stray label after the text")
def stray_label(doc: Doc) -> None:
    """Removes the last kept line when it is a short label (at most four words, no sentence
    end, no digit) and only removed lines follow it: a country or section tag such as
    ``Belgium`` printed between the article's end and the navigation. Also removes the last
    kept lines while they announce something with a colon (a label of at most four words,
    ending in ``:``): ``Weitere Informationen:``, ``Sources:``, ``Participating blogs:``, whose
    list was a block of links that is not text. A longer line before a colon is a sentence
    that introduces an embedded post or picture (``Then I asked the model this:``) and stays.

    Safe because the label must close the kept text: followed by removed boilerplate, or
    introducing nothing at all. A short last line without a colon that ends the document on
    its own (nothing removed after it) is kept, and so is a line that is all that is left.
    """
    n = len(doc.lines)
    last = doc.prev_alive(n)
    while last is not None and doc.prev_alive(last) is not None:
        key = doc.rest(last)
        if doc.lines[last].words > 4 or not key.endswith(":") or key.endswith("::"):
            break
        doc.remove(last, stray_label, detail="announces what does not follow")
        last = doc.prev_alive(last)
    if last is None or last == n - 1:
        return
    key = doc.rest(last)
    if doc.lines[last].words > 4 or not is_headline(key, max_words=4) or has_digit(key):
        return
    if doc.prev_alive(last) is None:
        return  # the label is all that is left: keep it
    doc.remove(last, stray_label)


@rule("CTX003", "repeated-paragraph", "block",
      summary="A later verbatim copy of a paragraph already kept (galleries, mobile and desktop copies).",
      reason="repeated paragraph")
def repeated_paragraph(doc: Doc) -> None:
    """Removes every further copy of a sentence-shaped line of at least six words that the
    document already holds, letter for letter: image captions repeated by a gallery, a teaser printed in two
    widgets, the same block printed for mobile and desktop. The first copy is left to the
    other rules.

    A short record field (``Pet safety: Toxic to cats and dogs.``, ``- Soil: Rich, well-draining
    mix.``: a label of at most four words, a colon, at most 15 words in all, no question) is
    kept when it repeats alone: the cards of a list repeat their values. It goes when it is
    part of a copied run, i.e. the line before or after it also repeats the line before or
    after its first copy and goes as a copy too (a block printed twice).

    Safe because no text is lost: one copy stays where it first appears, and an article does
    not repeat a paragraph word for word. Lines that are not sentences (list items, table
    rows: a meal plan repeats its meals) are left alone.
    """
    alive = doc.alive_indices()
    keys = [doc.rest(i) for i in alive]
    first: dict[str, int] = {}  # a line's text -> its first position among the alive lines
    for k, key in enumerate(keys):
        first.setdefault(key, k)
    copies = [doc.lines[i].words >= 6 and is_sentence(keys[k]) for k, i in enumerate(alive)]
    seen: set[str] = set()
    for k, i in enumerate(alive):
        if not copies[k]:
            continue
        key = keys[k]
        if key not in seen:
            seen.add(key)
        elif _record_field(key, doc.lines[i].words) and not _copied_run(keys, first, k, copies):
            continue  # a list's cards repeat their values
        else:
            doc.remove(i, repeated_paragraph, detail="copy of an earlier line")


#: A record field: an optional bullet, a label of at most four words, a colon and a space.
_FIELD = regex.compile(r"^(?:[-–•·*▪►]\s*+)?+(?:[^\s:]++\s++){0,3}+[^\s:]++:\s")
FIELD_WORDS = 15


def _record_field(key: str, words: int) -> bool:
    """``Label: value`` of at most :data:`FIELD_WORDS` words that does not ask a question
    (``DIY solar panels: Can you install them yourself?`` is a headline)."""
    return words <= FIELD_WORDS and not key.endswith("?") and _FIELD.match(key) is not None


def _copied_run(keys: list[str], first: dict[str, int], k: int, copies: list[bool]) -> bool:
    """Whether the line at alive position ``k`` is part of a copied block: its neighbour
    before or after repeats the neighbour of the line's first occurrence, and would go as a
    copy itself (``copies``: sentence-shaped lines of six words and more). A repeated
    neighbour that stays (a list item, a heading) is no copied block that goes: the field
    stays with it."""
    m = first[keys[k]]
    after = k + 1 < len(keys) and m + 1 < k and copies[k + 1] and keys[k + 1] == keys[m + 1]
    before = m > 0 and copies[k - 1] and keys[k - 1] == keys[m - 1]
    return after or before


_PREFIX = 30
_MAX_CANDIDATES = 16


def _preview_body(key: str) -> str | None:
    """The text of a line cut short: at least 30 characters, then an ellipsis (``…`` or
    ``...``) and at most three short words (a "more" link in any language); else ``None``."""
    tail_start = max(0, len(key) - 60)
    a = key.rfind("…", tail_start)
    b = key.rfind("...", tail_start)
    if a < 0 and b < 0:
        return None
    cut, end = (a, a + 1) if a > b else (b, b + 3)
    tail = key[end:].split()
    if len(tail) > 3 or any(len(w) > 15 for w in tail):
        return None
    body = key[:cut].rstrip(" .…")
    return body if len(body) >= _PREFIX else None


@rule("CTX005", "truncated-copy", "block",
      summary="A line cut short with an ellipsis whose text stands whole in another line (a preview).",
      reason="truncated copy of another line")
def truncated_copy(doc: Doc) -> None:
    """Removes a line that ends in an ellipsis (``…`` or ``...``, possibly followed by a short
    "more" link) when another line of the document starts with the same text and goes on:
    the preview of a caption, a paragraph or a teaser shown beside its full version
    (``… to strengthen the military relations ... more`` beside the whole caption).

    Safe because no text is lost: the full line holds everything the preview does, and the
    preview must be at least 30 characters long and match the other line letter for letter.
    Whether the full line stays is left to the other rules.
    """
    # the distinct lines by their first 30 characters (a few per prefix: bounded work)
    by_prefix: dict[str, dict[str, int]] = {}
    for i, line in enumerate(doc.lines):
        if len(line.key) > _PREFIX:
            same = by_prefix.setdefault(line.key[:_PREFIX], {})
            if len(same) < _MAX_CANDIDATES:
                same.setdefault(line.key, i)
    if not by_prefix:
        return
    for i in doc.alive_indices():
        body = _preview_body(doc.rest(i))
        if body is None:
            continue
        for full, j in by_prefix.get(body[:_PREFIX], {}).items():
            if j != i and len(full) > len(body) + 3 and full.startswith(body):
                doc.remove(i, truncated_copy, detail=f"preview of line {j + 1}")
                break


def _comment_header(doc: Doc, i: int) -> bool:
    line = doc.lines[i]
    if line.words > 16:
        return False
    label = line.label
    headers = doc.lex.comment_headers
    if label in headers:
        return True
    # "34 responses to “Title”", "12 Kommentare zu …"
    return line.key[:1].isdigit() and any(label.startswith(h + " ") for h in headers)


@rule("CTX004", "comment-thread", "block",
      summary="A readers' comment thread after the article: its heading and everything after it.",
      reason="comment thread", concepts=("comment_headers", "comment_verbs"))
def comment_thread(doc: Doc) -> None:
    """Removes a thread of readers' comments: it starts at the comment heading (``Comments``,
    ``34 responses to …``, ``Kommentare``) or at the first signature line, and runs to the end
    of the document. A signature line is short and ends with a saying verb and a colon
    (``Milan Griffes on September 12, 2018 at 4:47 pm said:``, ``joetoronto says:``,
    ``Anna schrieb:``).

    Safe because it needs a heading and two signature lines, or three signature lines of which
    two carry a date or time, and at least three paragraphs of text before the thread; an
    article that introduces quotes with ``Scholz sagte:`` has no comment heading and no dates
    in those lines.
    """
    lines = doc.lines
    n = len(lines)
    sig_re = doc.lex.comment_sig_re
    sigs = [i for i in range(n) if lines[i].words <= 14 and sig_re.search(lines[i].key)]
    if len(sigs) < 2:
        return
    start = sigs[0]
    header = next((j for j in range(sigs[0] - 1, max(-1, sigs[0] - 6), -1) if _comment_header(doc, j)), None)
    if header is None and (len(sigs) < 3 or sum(1 for i in sigs if has_digit(lines[i].key)) < 2):
        return
    if header is not None:
        start = header
    prose = sum(1 for i in range(start) if doc.alive(i) and lines[i].words >= 15)
    if prose < 3:
        return
    for i in range(start, n):
        doc.remove(i, comment_thread, detail=f"thread from line {start + 1}")


BLOCK_RULES = (repeated_paragraph, truncated_copy, stray_label, comment_thread)
