"""CAP: image and video captions, found by their binding to a credit or an image leftover."""

from __future__ import annotations

import regex

from ..lexicon import Lexicon
from ..text import Line
from .base import Doc, Hit, rule
from .shape import is_headline, is_sentence, sentences, words

#: Rules whose removed lines stand for an image (a credit or an image leftover).
IMAGE_MARKERS = frozenset({"CRD001", "LFT001", "LFT002"})


def _caption_shaped(key: str, max_words: int) -> bool:
    return 0 < words(key) <= max_words and len(key) <= 400 and sentences(key) <= 2


def _is_marker(doc: Doc, i: int) -> bool:
    r = doc.removed_by(i)
    return r is not None and r.id in IMAGE_MARKERS


def _text_elsewhere(doc: Doc, i: int) -> bool:
    """Some other kept line reads like article text (so ``i`` is not the whole article)."""
    return any(j != i and doc.lines[j].words >= 8 for j in doc.alive_indices())


def _groups(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of image markers; removed lines inside a run are part of it."""
    out = []
    n = len(doc.lines)
    i = 0
    while i < n:
        if _is_marker(doc, i):
            j = i
            k = i + 1
            while k < n and not doc.alive(k):
                if _is_marker(doc, k):
                    j = k
                k += 1
            out.append((i, j))
            i = j + 1
        else:
            i += 1
    return out


#: The longest sentence (in words) taken as the caption after an image credit.
AFTER_WORDS = 20


@rule("CAP001", "caption-near-credit", "block",
      summary="The caption bound to an image credit or image leftover, before or after it.",
      reason="image caption", field="captions")
def caption_near_credit(doc: Doc) -> None:
    """Removes the descriptive line(s) of an image or embedded video, found next to its
    credit or image leftover:

    * a short line between two image markers (``<image URL>`` / caption / ``© Quelle: X``);
    * else the single sentence just before the markers, when what precedes it is a boundary (the
      start, removed boilerplate, a heading) — and the heading too when it titles only that
      media block (the next kept line is another heading or nothing): an embedded video's
      title and description followed by its credit;
    * else the short sentence just after the markers, when the line before them is not a
      caption candidate (``FOTO X, ARCHIV REUTERS`` / ``Eine zerstörte Brücke …``).

    The caption text goes to ``captions``. Safe because captions are short (one sentence of at
    most 30 words before a marker, of at most 20 after it, at most two between markers), must
    touch a marker, and only one side of a marker is taken; a paragraph of the article that
    happens to stand next to a credit is longer or has a paragraph before it. (The first
    sentence of an article, which often follows the lead image's credit, runs to 20 words and
    more; a caption placed after its credit rarely does.)
    """
    for a, b in _groups(doc):
        # sandwich: marker, one short line, marker
        nxt = doc.next_alive(b)
        if nxt is not None:
            after_nxt = nxt + 1
            while after_nxt < len(doc.lines) and not doc.alive(after_nxt) and not _is_marker(doc, after_nxt):
                after_nxt += 1
            if after_nxt < len(doc.lines) and _is_marker(doc, after_nxt) and _caption_shaped(doc.rest(nxt), 60):
                doc.remove(nxt, caption_near_credit, value=doc.rest(nxt), detail="between image markers")
                continue
        before = doc.prev_alive(a)
        if before is not None:
            bkey = doc.rest(before)
            b2 = doc.prev_alive(before)
            boundary = (
                b2 is None
                or b2 != before - 1  # removed lines sit between
                or is_headline(doc.rest(b2), max_words=16)
            )
            if (
                is_sentence(bkey)
                and sentences(bkey) == 1
                and _caption_shaped(bkey, 30)
                and boundary
                and _text_elsewhere(doc, before)
            ):
                doc.remove(before, caption_near_credit, value=bkey, detail="before image credit")
                if b2 is not None and is_headline(doc.rest(b2), max_words=16):
                    nk = doc.next_alive(b)
                    if nk is None or is_headline(doc.rest(nk), max_words=16):
                        doc.remove(b2, caption_near_credit, value=doc.rest(b2), detail="title of media block")
                continue
        if nxt is not None:
            akey = doc.rest(nxt)
            n2 = doc.next_alive(nxt)
            if (
                is_sentence(akey)
                and sentences(akey) == 1
                and _caption_shaped(akey, AFTER_WORDS)
                and (before is None or not is_sentence(doc.rest(before)) or not _caption_shaped(doc.rest(before), 50))
                and n2 is not None
                and len(doc.rest(n2)) > len(akey)
            ):
                doc.remove(nxt, caption_near_credit, value=akey, detail="after image credit")


@rule("CAP002", "caption-with-credit", "block",
      summary="A short line that ends in an image credit is a caption: the rest of it goes too.",
      reason="image caption with credit", field="captions")
def caption_with_credit(doc: Doc) -> None:
    """Removes what is left of a short line whose end was an image credit (CRD002): ``…
    Mikaela Shiffrin. © AFP / JEFF PACHOUD`` is a caption, not article text. Runs after the
    title rules, so a title line with a credit is taken as the title.

    Safe because the remaining text must be caption-sized (at most 60 words, two sentences);
    a long paragraph keeps its text and loses only the credit.
    """
    for i in doc.alive_indices():
        if "CRD002" in (r.id for r in doc.mark_rules(i)):
            key = doc.rest(i)
            if _caption_shaped(key, 60):
                doc.remove(i, caption_with_credit, value=key)


_YEAR = regex.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


@rule("CAP003", "wire-caption", "line",
      summary="A photo caption as wire services open it (FILE - …, ARCHIV - …, In this Nov. 19, 2019, photo, …).",
      reason="wire photo caption", concepts=("credit_words", "caption_frames"), field="captions", max_words=60)
def wire_caption(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that opens the way wire services open a photo caption: a credit word in
    capitals and a dash (``FILE - Workers leave the plant …``, ``ARCHIV - Ein Polizist steht
    …``), or a caption frame of the language data with a year in it (``In this Sunday,
    Nov. 10, 2019, photograph, a row of unsold cars …``, ``This March 28, 2017, file photo,
    provided by the registry, shows …``). Such captions are syndicated with the picture and
    printed beside it, often without a credit line of their own. The text goes to
    ``captions``.

    Safe because a sentence of an article does not open with a capitalised archive word and a
    dash, and the frames need the photo's date: ``In this photo you can see …`` or ``This photo
    shows …`` in an article about photography is kept.
    """
    key = line.key
    if line.words < 4 or not key[:1].isupper():  # a caption opens with a capital
        return None
    m = lex.caption_frame_re.match(key)
    if m is None:
        return None
    gap = m.groupdict().get("t")
    if gap is not None and not _YEAR.search(gap):
        return None
    return Hit(value=key)


@rule("CAP004", "figure-caption", "line",
      summary="A numbered figure or table caption (Abbildung 3: …, Figure 2. …, Tabla 1: …).",
      reason="figure caption", concepts=("figure_labels",), field="captions", max_words=60)
def figure_caption(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that opens with a figure or table label of the language data, a number
    and a separator: ``Abbildung 3: Profil der Schneedecke am 12. Januar``, ``Figure 2.
    Inference latency against batch size``, ``Tabla 1: Resultados por región``. It is the
    caption of a picture, chart or table, numbered as reports and blogs number them. The text
    goes to ``captions``.

    Safe because a sentence that speaks of a figure does not put a colon or a full stop right
    after its number: ``Abbildung 3 zeigt die Verteilung …`` and ``Table 1 lists the results``
    are kept, as is ``Bild 3 von 12`` (a gallery counter, left to the widget rules).
    """
    key = line.key
    if line.words < 3:
        return None
    m = lex.figure_label_re.match(key)
    if m is None:
        return None
    return Hit(value=key)


RULES = (caption_with_credit, caption_near_credit)
LINE_RULES = (wire_caption, figure_caption)
