"""WID: labels of page widgets (share, print, listen, text size ...) left as lines."""

from __future__ import annotations

import regex

from ..lexicon import Lexicon
from ..text import Line, label_key
from .base import Hit, rule

_BAR_SPLIT = regex.compile(r"\s*+[|•·/,]\s*+|\s{2,}+")


@rule("WID001", "widget-label", "line",
      summary="A line that is only the label of a page widget (Teilen, Drucken, Share, Textgröße ändern).",
      reason="widget label", concepts=("widget_labels", "social_labels"), max_words=8)
def widget_label(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a short line whose text, case folded and without surrounding punctuation or
    counts, is a known widget label: ``Textgröße ändern:``, ``Meine news``, ``Artikel anhören``,
    ``Share``, ``Listen to this article``, ``Kommentare (12)``, ``Facebook``.

    Safe because the whole line must equal a label: a sentence that uses the word (``Teilen
    Sie Ihre Meinung …``) is not a label.
    """
    if line.label in lex.widget_labels:
        return Hit()
    return None


@rule("WID002", "share-bar", "line",
      summary="A line made of several widget or network labels (Facebook Twitter WhatsApp E-Mail).",
      reason="row of widget labels", concepts=("widget_labels", "social_labels"))
def share_bar(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that lists two or more widget labels, split by separators or spaces:
    ``Facebook | Twitter | E-Mail``, ``Teilen Drucken Merken``.

    Safe because every part must be a known label; one word of prose breaks the match.
    """
    if line.words > 12 or line.words < 2:
        return None
    labels = lex.widget_labels
    parts = [p for p in _BAR_SPLIT.split(line.key) if p]
    if len(parts) < 2:
        parts = line.key.split(" ")
    keys = [label_key(p) for p in parts]
    keys = [k for k in keys if k]
    if len(keys) >= 2 and all(k in labels for k in keys):
        return Hit()
    return None


RULES = (widget_label, share_bar)
