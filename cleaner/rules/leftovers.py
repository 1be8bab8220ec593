"""LFT: debris of the page's markup and image URLs that a scraper left in the text."""

from __future__ import annotations

import functools

import regex

from ..lexicon import Lexicon
from ..text import Line
from .base import Hit, rule

_ATTR = regex.compile(r"""\b[\w:-]{1,40}\s*=\s*(?:"[^"\n]{0,500}"|'[^'\n]{0,500}')""")
# A tag: a lowercase or all-capital name (``<br/>``, ``<IMG SRC=…>``, ``</div>``), and past the
# name nothing or attributes with a value. A title set in angle brackets, as some languages do
# (``<The Palace: Tale of Jang Noksu>``, ``<Hamlet>``), has neither shape.
_TAG = regex.compile(
    r"</?(?:[a-z][\w:-]{0,30}|[A-Z][A-Z0-9]{0,10})(?:\s*/|\s[^<>\n]{0,500}?=[^<>\n]{0,500})?\s*/?>"
)
_WORDISH = regex.compile(r"\p{L}{2,}")
# a CSS class or icon name printed as text: lowercase ASCII words joined by hyphens, at least
# three of them, two with letters ("narrow-browser-and-phone", "arrow-circle-o-down")
_IDENT = regex.compile(r"(?:[-•*] )?[a-z0-9]{1,20}(?:-[a-z0-9]{1,20}){2,8}")
_IDENT_WORDS = regex.compile(r"(?:^|-)[a-z]{2,}")
_URLISH = regex.compile(r"^(?:https?:|www\.|//|[\w%:()./-]*/)[^\s]*$")
# A message of the PHP interpreter printed into the page: its level, the message, and where it
# arose: "… in /var/www/wp-content/plugins/x.php on line 29" (a Windows path too). PHP writes
# these in English whatever the site's language.
_SERVER_MESSAGE = regex.compile(
    r"(?:PHP )?(?:Warning|Notice|Deprecated|Strict Standards|(?:Catchable |PHP )?Fatal error|Parse error)"
    r"\s*+:\s*+\S[^\n]{0,1000}?\sin\s++(?:/|[A-Za-z]:\\)\S{0,300}?\.(?:php\d?|inc|phtml)(?:\(\d+\)\s*+:"
    r"\s*+eval\(\)'d code)?\s++on\s++line\s++\d++\.?"
)


@functools.lru_cache(maxsize=4)
def _image_ref(ext_alternation: str) -> regex.Pattern:
    return regex.compile(rf"\.{ext_alternation}\b|:format\((?:{ext_alternation})\)", regex.IGNORECASE)


@rule("LFT001", "image-url-leftover", "line",
      summary="A line that is a piece of an image URL or file reference, not text.",
      reason="image URL leftover", concepts=("image_extensions",))
def image_url_leftover(line: Line, lex: Lexicon) -> Hit | None:
    """Removes lines such as ``:format(webp)/cloudfront-eu-central-1.images…/X.jpeg)`` or
    ``photo_2024.jpg``: a reference to an image file (by its ending) in a line that has no
    spaces or whose every space-separated token is URL- or path-like.

    Safe because prose always has tokens that are plain words; a line of only URL fragments
    carries no sentence. Plain links without an image ending are left alone (they can be
    article content, e.g. a list of shop links).
    """
    key = line.key
    if len(key) > 2000 or not _image_ref(lex.image_ext).search(key):
        return None
    toks = key.split(" ")
    if len(toks) == 1 or all(_URLISH.match(t) or "." in t or "/" in t for t in toks):
        return Hit()
    return None


@rule("LFT002", "markup-leftover", "line",
      summary="A line made of HTML tags or attributes, with no words once they are taken out.",
      reason="HTML leftover")
def markup_leftover(line: Line, lex: Lexicon) -> Hit | None:
    """Removes lines such as ``type="image/webp"> type="image/jpeg">>>`` or ``<br/>``: what is
    left after taking out every tag and ``name="value"`` attribute has no word of two letters.

    Safe because a line that contains a sentence keeps words after the markup is taken out;
    such lines are not touched (code samples in a tutorial keep their words). HTML mode does
    not run this rule (:data:`cleaner.htmlmode.TEXT_ONLY_RULES`): an extractor writes no
    markup, so tag-shaped text in its output is what the page shows its readers, a code
    listing or a placeholder such as ``<config files>``.
    """
    key = line.key
    if len(key) > 2000 or ("=" not in key and "<" not in key):
        return None
    stripped = _TAG.sub(" ", _ATTR.sub(" ", key))
    if stripped == key:
        return None
    if _WORDISH.search(stripped) is None:
        return Hit()
    return None


@rule("LFT004", "class-name-leftover", "line",
      summary="A lone CSS class or icon name that a page gadget printed as text.",
      reason="class name leftover", max_words=2)
def class_name_leftover(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that is nothing but a CSS class or icon name that a page gadget
    printed as text (``narrow-browser-and-phone``, ``arrow-circle-o-down``): three to nine
    lowercase ASCII words joined by hyphens, at least two of them with two letters or more.

    Safe because text written for readers has spaces or capitals; the price is a lone
    lowercase package name of three or more hyphenated parts standing as a line of its own.
    """
    key = line.key
    if len(key) <= 120 and _IDENT.fullmatch(key) and len(_IDENT_WORDS.findall(key.lstrip("-•* "))) >= 2:
        return Hit()
    return None


@rule("LFT003", "server-message", "line",
      summary="A PHP warning, notice or error that the server printed into the page "
              "(Warning: … in /var/www/…/x.php on line 29).",
      reason="server error message", max_words=200)
def server_message(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a message of the PHP interpreter that a broken site printed into its page:
    ``Warning: Use of undefined constant comments - assumed 'comments' in
    /homepages/15/htdocs/wp-content/themes/x/comments.php on line 29``, ``Notice: Undefined
    index: id in /var/www/html/index.php on line 12``, ``Deprecated: …``, ``Fatal error: …``.
    The line is a message of the server, not of the site's authors, in any language of the
    site.

    Safe because the whole line must have the interpreter's shape: a level and a colon at
    its start, and at its end a file path (starting at ``/`` or a drive letter) of a PHP
    file with ``on line`` and a number. A sentence about PHP in a tutorial does not end with
    the path of a file on the server and the number of a line in it.
    """
    key = line.key
    if " on line " not in key:
        return None
    if _SERVER_MESSAGE.fullmatch(key):
        return Hit()
    return None


RULES = (image_url_leftover, markup_leftover, server_message, class_name_leftover)
