"""CTX: the line model's verdict: lines that read like page furniture, judged with their
neighbours and their place in the document."""

from __future__ import annotations

import math
from operator import mul

from ..features import FEATURES
from ..linemodel import CONTEXT_FEATURES, load_model, score
from ..text import make_line, quantity_line, table_row
from .base import Doc, rule
from .shape import is_paragraph

#: A kept line whose stage-2 probability of being article text is below this is removed.
THRESHOLD = 0.5
#: Documents with fewer kept lines are left alone: too little context to judge a line by its
#: neighbours (the model was trained on whole pages).
MIN_LINES = 4
#: When the lines the model would keep hold less than this share of the document's stopwords
#: (its prose), the model is taken to have missed the text (a layout it does not know, such as
#: a hard-wrapped article) and nothing is removed.
MIN_PROSE_KEPT = 0.15
#: In a document of fewer kept lines than this there is no page around the text to judge a
#: line by: a line that reads as a paragraph (a sentence of at least eight words) is kept.
SHORT_DOC = 8
#: When the document's main run of good text (see :mod:`cleaner.linemodel`) holds at least
#: this share of its words, the document is an article extraction already, not a page: a
#: line goes only when the model is surer, below :data:`EXTRACTION_THRESHOLD`.
EXTRACTION_SHARE = 0.98
EXTRACTION_THRESHOLD = 0.3
#: A line between two lines that the model keeps and that hold at least
#: :data:`BODY_LINE_WORDS` words each lies inside the body of the text: it goes only below
#: :data:`BODY_THRESHOLD`. Page furniture mostly sits before and after the body.
BODY_THRESHOLD = 0.45
BODY_LINE_WORDS = 15


def _why(x1, x2, model) -> str:
    """The features that weighed most against the line: the three lowest contributions of
    its own evidence and the two lowest of its context (ties in feature order)."""
    return ", ".join(_lowest(model.stage1, x1, 3) + _lowest(model.stage2, x2, 2))


def _lowest(lin, x, n: int) -> list[str]:
    """The names of the ``n`` most negative contributions of ``lin`` on ``x``."""
    c = list(map(mul, lin.weights, x))
    names = lin.names
    neg = [k for k in range(len(c)) if c[k] < 0 and names[k] not in _NOT_REASONS]
    neg.sort(key=c.__getitem__)
    return [names[k] for k in neg[:n]]


_LOG_STOPS = FEATURES.index("log_stops")
_REGION_SHARE = CONTEXT_FEATURES.index("region_share")
# the same for every line of a document, or the line's own score again: no reason for one line
_NOT_REASONS = frozenset({"doc_log_lines", "doc_prose_share", "z1", "region_share"})


@rule("CTX002", "low-content-line", "context",
      summary="A line the line model scores as page furniture (menus, footers, lists of links, prompts).",
      reason="scored as boilerplate", modes=("default",))
def low_content_line(doc: Doc) -> None:
    """Removes lines that the line model (``cleaner/linemodel.py``) scores below 0.5: it
    weighs each line's own evidence (length, stopword share, sentence end, capitals, digits,
    URL-likeness, boilerplate vocabulary, block shape, repetition) and then its neighbours and
    whether it lies in the document's main run of good text. The detail names the features
    that weighed most against the line and its probability.

    Documents of fewer than four kept lines are not judged (too little context), nor are
    documents in which the lines the model would keep hold less than 15 % of the document's
    stopwords: the model has then missed the text (a layout it does not know), and keeping is
    safer. A hard-wrapped text (lines broken where the next word would pass a fixed width, see
    :func:`wrapped_paragraphs`) is judged by its paragraphs: each paragraph's lines are joined
    for the model and go or stay together, as one of them alone is only a fragment. In a
    document of fewer than eight kept lines, a line that reads as a paragraph (a sentence of
    at least eight words) is kept: a short text has no page around it to judge it by. In a
    document whose main run of text holds at least 98 % of its words (an article extraction,
    not a page), a line goes only below 0.3: there is no page furniture around the text to
    outweigh, and the lines the model doubts there are more often the article's own lists
    (recipe ingredients, table rows, verses) than furniture. Elsewhere a line inside the body
    of the text (between the first and the last line of at least 15 words that the model
    keeps) goes only below 0.45: furniture mostly sits before and after the body. A table
    row as extractors write it (``| 2021 | 12.4 | 8.1 |``) is never removed: it is data, and
    the model, trained on page text where tables are not written so, has no evidence about
    it.

    Safe because the model was trained to keep article text on thousands of pages in eight
    languages, headings inherit the score of the text they introduce, and lines inside the
    main run of text need strong evidence to go. Switch it off (``--disable CTX002``) or use
    ``--mode rules`` to keep only the phrase and shape rules.
    """
    model = load_model()
    if model is None or len(doc.alive_indices()) < MIN_LINES:
        return
    groups = wrapped_paragraphs(doc)
    if groups is None:
        for i, detail in _judge(doc, model):
            doc.remove(i, low_content_line, detail=detail)
        return
    # a hard-wrapped text is judged by its paragraphs: one line of it is no more than a
    # fragment of a sentence, however well the paragraph reads
    view = _joined(doc, groups)
    for k, detail in _judge(view, model):
        for i in groups[k]:
            doc.remove(i, low_content_line, detail=detail)


def _judge(doc: Doc, model) -> list[tuple[int, str]]:
    """The lines the model takes out of ``doc``, with the detail of each removal."""
    out: list[tuple[int, str]] = []
    alive = len(doc.alive_indices())
    if alive < MIN_LINES:
        return out
    s = score(doc, model)
    kept = gone = 0.0
    for i, p in enumerate(s.p2):
        if p is not None:
            stops = math.expm1(4.0 * s.x1[i][_LOG_STOPS])  # the line's stopword count
            if p >= THRESHOLD:
                kept += stops
            else:
                gone += stops
    if kept <= MIN_PROSE_KEPT * (kept + gone):
        return out  # the model would take most of the prose: unsure, keep everything
    short = alive < SHORT_DOC
    # the main run's share of the words is the same in every line's context vector
    share = next(x[_REGION_SHARE] for x in s.x2 if x is not None)
    threshold = EXTRACTION_THRESHOLD if share >= EXTRACTION_SHARE else THRESHOLD
    # the body: from the first to the last long line the model keeps
    long_kept = [i for i, p in enumerate(s.p2)
                 if p is not None and p >= THRESHOLD and doc.lines[i].words >= BODY_LINE_WORDS]
    body_start, body_end = (long_kept[0], long_kept[-1]) if long_kept else (0, -1)
    body_threshold = min(threshold, BODY_THRESHOLD)
    measures = _MeasureLines(doc)
    for i, p in enumerate(s.p2):
        if p is not None and p < threshold:
            if body_start < i < body_end and p >= body_threshold:
                continue
            if short and is_paragraph(doc.rest(i)):
                continue
            if table_row(doc.lines[i].key):
                continue  # a table's row is data; the model never saw tables written as rows
            if measures.holds(i):
                continue  # a list of ingredients or measures is data too
            out.append((i, f"p={p:.2f}: {_why(s.x1[i], s.x2[i], model)}"))
    return out


class _MeasureLines:
    """Which kept lines belong to a list of ingredients or measures
    (:func:`cleaner.text.quantity_line`): a line with a quantity and a unit that has another
    such line among the two kept lines before or after it, and a line with a number and a word
    (``2 Eier``) between two such lines. Computed for the lines asked about (and their
    neighbours) only."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.alive = doc.alive_indices()
        self.pos = {i: q for q, i in enumerate(self.alive)}
        self.kinds: dict[int, int] = {}

    def _kind(self, q: int) -> int:
        k = self.kinds.get(q)
        if k is None:
            k = self.kinds[q] = quantity_line(self.doc.rest(self.alive[q]), self.doc.lex.units)
        return k

    def _unit(self, q: int) -> bool:
        n = len(self.alive)
        return self._kind(q) == 2 and any(
            self._kind(j) == 2 for j in range(max(0, q - 2), min(n, q + 3)) if j != q)

    def holds(self, i: int) -> bool:
        q = self.pos[i]
        kind = self._kind(q)
        if kind == 2:
            return self._unit(q)
        return kind == 1 and 0 < q < len(self.alive) - 1 and self._unit(q - 1) and self._unit(q + 1)


#: A text is hard-wrapped when its lines break where the next word would pass a fixed width.
#: The width is the 95th percentile of its line lengths and must lie in this range.
WRAP_WIDTHS = (40, 200)
#: A line near the width is one of at least this share of it.
WRAP_NEAR = 0.7
#: At least this many lines, and this share of the lines near the width, are broken there:
#: the next line's first word would not have fitted after them ...
WRAP_MIN_LINKS = 5
WRAP_SHARE = 0.4
#: ... and few lines pass the width by more than :data:`WRAP_SLACK` characters: at most this
#: share of the number of broken lines. In a page of short lines (menus) with some paragraphs,
#: the 95th percentile is short too, but the paragraphs run far past it.
WRAP_OVER = 0.25
WRAP_SLACK = 10


def wrapped_paragraphs(doc: Doc) -> list[list[int]] | None:
    """The paragraphs of a hard-wrapped text as lists of line indices (every line in exactly
    one, in order), or ``None`` when the text is not hard-wrapped.

    A line is broken at the width when it is near the width and, with the next line's first
    word, it would be longer than the width. The text is hard-wrapped when enough of its lines
    near the width are so broken and few lines pass the width (see :data:`WRAP_SHARE`,
    :data:`WRAP_OVER`): a text of one paragraph per line has lines of any length, a hard-wrapped
    one none past its width. A line continues the one before it when that one is broken at the
    width, no blank line parts them (where blank lines part paragraphs at all) and both are
    kept.
    """
    lines = doc.lines
    if len(lines) < WRAP_MIN_LINKS:
        return None
    lengths = [len(ln.text.rstrip()) for ln in lines]
    order = sorted(lengths)
    width = order[int(0.95 * (len(order) - 1))]
    if not WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1]:
        return None
    # blank lines part paragraphs only where some lines are not parted by them: in a text with
    # a blank line after every line (as the cleaner writes its output) they say nothing
    parted = any(not ln.gap_before for ln in lines[1:])
    near = over = broken = 0
    links = [False] * len(lines)  # links[i]: line i continues line i - 1
    for i, n in enumerate(lengths):
        if n > width + WRAP_SLACK:
            over += 1
            continue
        if n < WRAP_NEAR * width:
            continue
        near += 1
        if i + 1 < len(lines) and not (parted and lines[i + 1].gap_before):
            first = lines[i + 1].text.split(None, 1)[0]
            if n + 1 + len(first) > width:
                broken += 1
                links[i + 1] = doc.alive(i) and doc.alive(i + 1)
    if broken < WRAP_MIN_LINKS or broken < WRAP_SHARE * near or over > WRAP_OVER * broken:
        return None
    groups: list[list[int]] = []
    for i in range(len(lines)):
        if links[i]:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _joined(doc: Doc, groups: list[list[int]]) -> Doc:
    """A view of ``doc`` with each group of lines joined into one line (what is left of each,
    separated by spaces). A group's line is removed in the view when its lines are."""
    lines = []
    for k, members in enumerate(groups):
        first, last = doc.lines[members[0]], doc.lines[members[-1]]
        text = " ".join(doc.rest(i) for i in members) if len(members) > 1 else doc.rest(first.index)
        line = make_line(k, first.start, last.end, text or first.key, first.gap_before)
        lines.append(line)
    view = Doc(doc.source, lines, doc.lex, doc.lang, memo=doc.memo)
    for k, members in enumerate(groups):
        dead = doc.dead[members[0]]
        if dead is not None:
            view.dead[k] = dead
    return view


CONTEXT_RULES = (low_content_line,)
