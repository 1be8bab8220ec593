"""WID: labels of page widgets (share, print, listen, text size ...) left as lines."""

from __future__ import annotations

import regex

from ..lexicon import Lexicon
from ..text import Line, label_key
from .base import Hit, rule

_BAR_SPLIT = regex.compile(r"\s*+[|•·/,]\s*+|\s{2,}+")
_MAX_LABEL_WORDS = 4


def _label_run(words: list[str], labels: frozenset[str]) -> int:
    """How many labels ``words`` split into, reading the longest label first at each step; 0
    when some word belongs to no label."""
    i = n = 0
    while i < len(words):
        for k in range(min(_MAX_LABEL_WORDS, len(words) - i), 0, -1):
            if label_key(" ".join(words[i:i + k])) in labels:
                i += k
                n += 1
                break
        else:
            return 0
    return n


@rule("WID001", "widget-label", "line",
      summary="A line that is only the label of a page widget (Teilen, Drucken, Share, Textgröße ändern).",
      reason="widget label", concepts=("widget_labels", "social_labels"), max_words=8)
def widget_label(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a short line whose text, case folded and without surrounding punctuation or
    counts, is a known widget label: ``Textgröße ändern:``, ``Meine news``, ``Artikel anhören``,
    ``Share``, ``Listen to this article``, ``Kommentare (12)``, ``Facebook``.

    A label printed twice without a space (``AdvertisementAdvertisement``, as two stacked
    elements come out of a page) is the label too. A line that is nothing but a link to a
    profile on one of those networks is such a widget too, its icon lost:
    ``twitter.com/example``, ``https://www.facebook.com/ExampleNews``.

    Safe because the whole line must equal a label or be the link alone: a sentence that uses
    the word (``Teilen Sie Ihre Meinung …``) is not a label, and a link in a sentence stays.
    """
    label = line.label
    if label in lex.widget_labels:
        return Hit()
    half = len(label) // 2
    if half >= 3 and label[:half] == label[half:] and label[:half] in lex.widget_labels:
        return Hit()  # a label printed twice, run together: "AdvertisementAdvertisement"
    if line.words <= 8 and "/" in line.key and lex.profile_re.fullmatch(line.key):
        return Hit()
    return None


@rule("WID002", "share-bar", "line",
      summary="A line made of several widget, navigation or network labels (Facebook Twitter WhatsApp E-Mail).",
      reason="row of widget labels", concepts=("widget_labels", "social_labels", "nav_labels"), max_words=12)
def share_bar(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that lists two or more widget labels, split by separators or spaces:
    ``Facebook | Twitter | E-Mail``, ``Teilen Drucken Merken``; and a line of two or more
    labels of several words each, run together (``Bild anzeigen Bild schließen``, ``Newer
    Post Older Post Home``): the line is read as labels, longest first, and every word must
    belong to one.

    Safe because every part must be a known label; one word of prose breaks the match.
    """
    if line.words > 12 or line.words < 2 or not lex.bar_start(line.label):
        return None
    labels = lex.widget_labels
    parts = [p for p in _BAR_SPLIT.split(line.key) if p]
    if len(parts) < 2:
        parts = line.key.split(" ")
    keys = [label_key(p) for p in parts]
    keys = [k for k in keys if k]
    if len(keys) >= 2 and all(k in labels for k in keys):
        return Hit()
    words = line.label.split(" ")
    if len(words) >= 3 and words[0] in lex.bar_heads and _label_run(words, lex.bar_labels) >= 2:
        return Hit()
    return None


RULES = (widget_label, share_bar)
