"""Cheap language identification from stopword profiles.

The share of a document's tokens that are stopwords of each language is a strong signal
for prose in languages written with spaces; it costs one pass over a sample of the text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .lexicon import Lexicon
from .text import tokens

_SAMPLE_CHARS = 20_000
_MIN_HITS = 3


def detect(keys: Iterable[str], lex: Lexicon) -> str | None:
    """The language whose stopwords cover most tokens of (a sample of) ``keys``, or ``None``
    when there is too little evidence (fewer than three stopword hits). Ties go to the
    language listed first."""
    order = list(lex.stopwords)
    counts = dict.fromkeys(order, 0)
    index = lex.stop_langs
    sample: list[str] = []
    size = 0
    for key in keys:
        sample.append(key)
        size += len(key)
        if size > _SAMPLE_CHARS:
            break
    for tok, n in Counter(tokens(" ".join(sample))).items():
        langs = index.get(tok)
        if langs:
            for lang in langs:
                counts[lang] += n
    best = max(order, key=lambda lang: counts[lang], default=None)
    if best is None or counts[best] < _MIN_HITS:
        return None
    return best
