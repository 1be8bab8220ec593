"""HTM: lines that the page's HTML marks as not article text (HTML input only).

In HTML mode (:mod:`cleaner.htmlmode`) the page is parsed once; after extraction, the lines of
the extracted text are looked up in the page, and those that stand there as an image caption,
a link-dense block, page chrome or a block inside a boilerplate container are passed to the
pipeline as *hints*: sets of :func:`hint_key` keys in ``doc.hints`` under these names (for
chrome and boilerplate, mappings from the keys to what marked them in the page, ``in <nav>`` or
``in <div> class "share-box"``, which the removal names as its detail).

* ``html_captions`` — HTM001
* ``html_link_dense`` — HTM002
* ``html_chrome`` — HTM003
* ``html_boilerplate`` — HTM004

A text that also stands in the page as an ordinary block (outside chrome and boilerplate
containers, not made of links) is never hinted. The rules remove a line when the whole line,
or what is left of it after earlier removals, equals a hinted text (spacing aside; a list
bullet ``- `` aside). With no hints (text input) they do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..text import _INVISIBLE_RE
from .base import Doc, Rule, rule

#: The ``doc.hints`` keys read by the rules of this module.
HINT_KEYS = ("html_captions", "html_link_dense", "html_chrome", "html_boilerplate")
#: The hint set each rule reads (the ``hints`` of its examples go there).
HINT_OF = dict(zip(("HTM001", "HTM002", "HTM003", "HTM004"), HINT_KEYS))

#: A family of hints that would take more than this share of the text's characters is not
#: applied: the extractor took those blocks as the article, and the page's markup is then more
#: likely misused (an article inside ``<aside>``) than the extractor wrong.
MAX_SHARE = 0.4

def hint_key(text: str) -> str:
    """The form in which hinted texts and lines are compared: every whitespace character (and
    the invisible ones :func:`cleaner.text.matching_key` drops) removed. Extractors put spaces
    between inline elements differently; that must not decide a match."""
    key = "".join(text.split())
    # a search (C) first: str.translate looks up every character in a dict
    if key.isascii() or _INVISIBLE_RE.search(key) is None:
        return key
    return _INVISIBLE_RE.sub("", key)


def line_keys(key: str) -> tuple[str, ...]:
    """The hint keys a line of extracted text can match: its :func:`hint_key`, and without a
    list bullet (trafilatura writes list items as ``- text``)."""
    k = hint_key(key)
    if key.startswith(("- ", "* ", "• ")):
        return k, hint_key(key[2:])
    return (k,)


def _remove_hinted(doc: Doc, hints: Iterable[str] | Mapping[str, str] | None, r: Rule, value_field: bool) -> None:
    if not hints:
        return
    hits = []
    total = 0
    # the four rules and the later passes look up the same lines: their keys are kept
    known: dict[str, tuple[str, ...]] = doc.memo.setdefault("hint_keys", {})
    for i in doc.alive_indices():
        line = doc.lines[i]
        total += len(line.key)
        keys = known.get(line.key)
        if keys is None:
            keys = known[line.key] = line_keys(line.key)
        if doc.has_marks(i):
            keys += line_keys(doc.rest(i))
        hit = next((k for k in keys if k and k in hints), None)
        if hit is not None:
            hits.append((i, hit))
    if not hits or sum(len(doc.lines[i].key) for i, _ in hits) > MAX_SHARE * total:
        return
    why = hints.get if isinstance(hints, Mapping) else None
    for i, k in hits:
        doc.remove(i, r, value=doc.rest(i) if value_field else None, detail=why(k, "") if why else "")


@rule("HTM001", "html-caption", "block",
      summary="A line that the page shows as an image caption (<figcaption>, a caption class).",
      reason="image caption (HTML)", field="captions")
def html_caption(doc: Doc) -> None:
    """Removes a line whose text is, in the page, the text of a ``<figcaption>`` (or of an
    element inside one) or of a ``p``/``div``/``span``/``figure`` whose class names a caption
    (``wp-caption-text``, ``image-caption``). The caption goes to ``captions``.

    Safe because the whole line must equal the caption, and a text that also stands in the
    page as an ordinary paragraph is not hinted.
    """
    _remove_hinted(doc, doc.hints.get("html_captions"), html_caption, True)


@rule("HTM002", "html-link-block", "block",
      summary="A line that the page shows as a short block of links to its own site: related links, teasers.",
      reason="link block (HTML)")
def html_link_block(doc: Doc) -> None:
    """Removes a line whose text is, in the page, a block of at most 30 words that is at least
    90 % the text of links to other pages of the same site (or lies inside such a link), or a
    list item that opens with such a link and is at least 30 % link text (a teaser: headline
    and blurb). Related-article lists, teaser headlines and "read more" lines that the
    extractor let through.

    Safe because article paragraphs carry links inside running text, links to other sites
    (sources, products) do not count, fragment links within the page (tables of contents) do
    not count, the items of a list that a sentence of the article introduces (a paragraph of
    at least eight words ending with a colon just before the list) are the article's own, and
    a text that also stands as an ordinary block is not hinted.
    """
    _remove_hinted(doc, doc.hints.get("html_link_dense"), html_link_block, False)


@rule("HTM003", "html-chrome", "block",
      summary="A line that the page shows inside <nav>, <aside>, <footer>, a form or a navigation landmark.",
      reason="page chrome (HTML)")
def html_chrome(doc: Doc) -> None:
    """Removes a line whose text is, in the page, a block inside ``<nav>``, ``<aside>``,
    ``<footer>``, ``<form>`` or an element with ``role=navigation|complementary|contentinfo|
    search|banner``. The detail names the innermost such element (``in <nav>``).

    Safe because the whole line must equal such a block; a container that holds more than
    30 % of the page's text is not chrome (articles inside ``<aside>`` exist); a block of
    fragment links (a table of contents naming the article's headings) is not hinted, nor is
    a text that also stands as an ordinary block; and when the hinted lines would be more than
    40 % of the text, none is removed.
    """
    _remove_hinted(doc, doc.hints.get("html_chrome"), html_chrome, False)


@rule("HTM004", "html-boilerplate-block", "block",
      summary="A line that the page shows inside an element whose class or id names boilerplate "
              "(share, related, newsletter ...).",
      reason="boilerplate block (HTML)")
def html_boilerplate_block(doc: Doc) -> None:
    """Removes a line whose text is, in the page, a block inside an element whose ``class``
    (or, for containers, ``id``) has a word naming boilerplate: sharing and social widgets,
    related, recommended and popular articles, newsletter and subscription boxes,
    sponsors and ads, author boxes and bylines, comments, tags and meta lines, credits and
    copyright, breadcrumbs, pagination, sidebars and widgets, cookie and consent notices,
    modals, hidden elements, screen-reader-only text (the words: ``cleaner.htmlmode._BOILER_PREFIXES`` and
    ``_BOILER_EXACT``). The detail names the innermost such element and its word's class or
    id token (``in <div> class "share-box"``), so a wrong removal shows which markup to blame.

    Safe because the whole line must equal such a block; page wrappers (``html``, ``body``,
    ``main``, ``article``), taxonomy classes (``category-social``, ``tag-share``, ``has-
    sidebar``, switches such as ``sidebar-enabled--false``), containers holding more than 30 %
    of the page's text, and class words that are the page's structure (the containers with a
    class starting the same way, such as a page builder's ``elementor-widget-…``, hold more
    than 30 % of the text together) are not judged; short
    words count only at the start or end of a class ("post-meta", not "heading-tag-switch");
    an id that the page's own links point to (``href="#toc_how-it-began"``) or that has five
    words or more (``more-on-car-repair-related-articles``, a heading's slug) names a section
    of the page, not a kind of container, and is not read; a container named a caption
    (``video-caption``) holds a media item's description and is not judged by that name; a
    text that also stands as an ordinary block is not hinted; and when the hinted lines would
    be more than 40 % of the text, none is removed.
    """
    _remove_hinted(doc, doc.hints.get("html_boilerplate"), html_boilerplate_block, False)


RULES = (html_caption, html_link_block, html_chrome, html_boilerplate_block)
