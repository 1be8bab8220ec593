"""Shape predicates shared by the rules: is a line headline-like, sentence-like, a label?

They look at a matching key (see :func:`cleaner.text.matching_key`) and are language-free:
punctuation, length and letter case only.
"""

from __future__ import annotations

import regex

from ..text import SENTENCE_END, last_significant
from ..text import words as words

# A full stop after a lone capital letter ends no sentence: an initialism or an initial
# ("L.A. Auto Show", "U.S. States", "John F. Kennedy").
_SENTENCE_END = regex.compile(
    r"(?:(?<!(?:^|[\s.(])\p{Lu})\.|[!?…])[\"'”’“«»)\]]*\s+(?=[\"'„“«(\[]?\p{Lu})|[。！？](?=.)"
)
_UPPER = regex.compile(r"\p{Lu}")
_LOWER = regex.compile(r"\p{Ll}")
_BULLET = regex.compile(r"[-–—•·*►▶]\s")
_LETTERS = regex.compile(r"\p{L}")
_DIGITS = regex.compile(r"\p{N}")


def sentences(key: str) -> int:
    """Rough sentence count: sentence ends followed by a capitalised word, plus the last."""
    return len(_SENTENCE_END.findall(key)) + 1


def is_headline(key: str, max_words: int = 25, max_chars: int = 220) -> bool:
    """Headline-shaped: short, has letters, does not end like a sentence or a label
    (a final ``?`` or ``!`` is allowed: headlines ask and exclaim)."""
    if not key or len(key) > max_chars or words(key) > max_words:
        return False
    final = last_significant(key)
    if final in ".:;,…。．" or final == "":
        return False
    return _LETTERS.search(key) is not None


def is_sentence(key: str) -> bool:
    """Ends like a sentence (``. ! ? …``, possibly inside closing quotes)."""
    return last_significant(key) in SENTENCE_END


def is_paragraph(key: str, min_words: int = 8) -> bool:
    """Prose: ends like a sentence and is not a fragment."""
    return is_sentence(key) and words(key) >= min_words


def is_bulleted(key: str) -> bool:
    """Opens with a list bullet and a space (``- item``, ``• item``)."""
    return _BULLET.match(key) is not None


def is_upper(key: str) -> bool:
    """All cased letters are upper case (and there are some)."""
    return _UPPER.search(key) is not None and _LOWER.search(key) is None


def has_digit(key: str) -> bool:
    return _DIGITS.search(key) is not None
