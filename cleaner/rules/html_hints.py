"""HTM: lines that the page's HTML marks as not article text (HTML input only).

In HTML mode (:mod:`cleaner.htmlmode`) the page is parsed before the extractor runs, and the
texts of a few kinds of elements are collected as hints: image captions (``<figcaption>``,
elements whose class says caption), link-dense blocks (list items, paragraphs and headings whose
text is nearly all link text) and page chrome (``<nav>``, ``<aside>``, ``<footer>``, forms and
ARIA landmarks of the same kinds). A hinted text that also occurs as a paragraph or heading
outside those elements is dropped from the hints, so a hint never names article text twice.

The rules below remove a line of the extracted text when the whole line (or what is left of it
after earlier removals) equals a hinted text, spaces aside. They do nothing on text input: the
hints are only present when the caller passes them (``doc.hints``), under these keys, each a
set of keys made by :func:`hint_key`:

* ``html_captions`` — HTM001
* ``html_link_dense`` — HTM002
* ``html_chrome`` — HTM003
"""

from __future__ import annotations

from collections.abc import Iterable

from .base import Doc, Rule, rule

#: The ``doc.hints`` keys read by the rules of this module.
HINT_KEYS = ("html_captions", "html_link_dense", "html_chrome")


def hint_key(text: str) -> str:
    """The form in which hinted texts and lines are compared: every whitespace character
    (and the invisible ones :func:`cleaner.text.matching_key` drops) removed. Extractors put
    spaces between inline elements differently; that must not decide a match."""
    return "".join(text.split()).translate(_DROP)


_DROP = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"))


def _remove_hinted(doc: Doc, hints: Iterable[str] | None, r: Rule, value_field: bool) -> None:
    if not hints:
        return
    for i in doc.alive_indices():
        line = doc.lines[i]
        k = hint_key(line.key)
        rest = k if not doc.has_marks(i) else hint_key(doc.rest(i))
        if k in hints or (rest and rest in hints):
            doc.remove(i, r, value=doc.rest(i) if value_field else None)


@rule("HTM001", "html-caption", "block",
      summary="A line equal to the text of an image caption of the page (<figcaption>, class caption).",
      reason="image caption (HTML)", field="captions")
def html_caption(doc: Doc) -> None:
    """Removes a line whose text is the text of a ``<figcaption>`` or of an element whose
    class names a caption (``wp-caption-text``, ``image-caption`` ...), collected from the
    page in HTML mode. The caption goes to ``captions``.

    Safe because the whole line must equal the caption, and captions that also stand as a
    paragraph or heading outside a figure are not hinted.
    """
    _remove_hinted(doc, doc.hints.get("html_captions"), html_caption, True)


@rule("HTM002", "html-link-block", "block",
      summary="A line equal to a short block of the page that is (nearly) all link text: related links, teasers.",
      reason="link block (HTML)")
def html_link_block(doc: Doc) -> None:
    """Removes a line whose text is the text of a list item, paragraph or heading of the page
    that is at least 90 % link text and at most 30 words: related-article lists, teaser
    headlines, "read more" links and tag lists that the extractor let through.

    Safe because article paragraphs carry links inside running text, not as their whole text,
    and blocks whose text also occurs as non-link text elsewhere are not hinted.
    """
    _remove_hinted(doc, doc.hints.get("html_link_dense"), html_link_block, False)


@rule("HTM003", "html-chrome", "block",
      summary="A line equal to a block inside <nav>, <aside>, <footer>, a form or a navigation landmark.",
      reason="page chrome (HTML)")
def html_chrome(doc: Doc) -> None:
    """Removes a line whose text is the text of a block inside the page's navigation,
    complementary or footer elements (``<nav>``, ``<aside>``, ``<footer>``, ``<form>``,
    ``role=navigation|complementary|contentinfo|search``), collected in HTML mode.

    Safe because the whole line must equal such a block, and blocks whose text also occurs
    as a paragraph or heading outside these elements (pull quotes, repeated headings) are
    not hinted.
    """
    _remove_hinted(doc, doc.hints.get("html_chrome"), html_chrome, False)


RULES = (html_caption, html_link_block, html_chrome)
