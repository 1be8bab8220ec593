"""CTX: decisions from the document's shape rather than from one line's words."""

from __future__ import annotations

from .base import Doc, rule
from .shape import has_digit, is_headline


@rule("CTX001", "stray-label", "final",
      summary="A short label left alone between the end of the text and removed page furniture.",
      reason="stray label after the text")
def stray_label(doc: Doc) -> None:
    """Removes the last kept line when it is a short label (at most four words, no sentence
    end, no digit) and only removed lines follow it: a country or section tag such as
    ``Belgium`` printed between the article's end and the navigation.

    Safe because the label must close the kept text and be followed by removed boilerplate;
    a short last line that ends the document on its own (nothing removed after it) is kept.
    """
    last = doc.prev_alive(len(doc.lines))
    if last is None or last == len(doc.lines) - 1:
        return
    key = doc.rest(last)
    if doc.lines[last].words > 4 or not is_headline(key, max_words=4) or has_digit(key):
        return
    if doc.prev_alive(last) is None:
        return  # the label is all that is left: keep it
    doc.remove(last, stray_label)


FINAL_RULES = (stray_label,)
