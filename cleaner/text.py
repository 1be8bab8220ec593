"""Text primitives: decoding, line segmentation with offsets, matching keys and line shape.

Everything here is pure and allocation-light: it runs once per line of every document.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

# Characters that carry no text: they are dropped from the matching key (never from the output).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_KEY_TABLE = str.maketrans(
    {**{c: None for c in _INVISIBLE}, "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " "}
)
_INVISIBLE_RE = regex.compile("[" + _INVISIBLE + "]")
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
# A run of line breaks (\r\n is one break; any other run of two or more holds empty lines):
# a run of blank lines costs one step, not one per line.
_LINE_BREAKS = regex.compile(r"[\r\n]++")
_WORD = regex.compile(r"\w+")
_LETTER = regex.compile(r"\p{L}")
# Scripts written without spaces between words (Chinese, Japanese): every one of their
# characters is a token, and a run of them counts as one word per CHARS_PER_WORD characters.
_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}"
_TOKEN = regex.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+")
_UNSPACED_RUN = regex.compile(rf"[{_UNSPACED}]+")
#: No character of those scripts has a lower code point: a line without a character from here
#: on is counted by its spaces (the stdlib engine scans a plain range three times faster).
_FROM_UNSPACED = re.compile("[\u2e80-\U0010ffff]")
#: Characters of an unspaced script per word (a Chinese word has one to three characters,
#: most often two).
CHARS_PER_WORD = 2
#: Characters that end a sentence (Latin, CJK and Arabic script punctuation included).
SENTENCE_END = ".!?…。！？．؟"
# Trailing characters that close a sentence or wrap its end: quotes, brackets, footnote marks.
_CLOSERS = "\"'”’“«»‹›)]}*」』"


def decode(data: bytes) -> str:
    """Decode input bytes: BOMs are honoured, everything else is UTF-8.

    Bytes that are not valid UTF-8 become lone surrogates (``surrogateescape``) so that
    :func:`encode` writes them back unchanged: nothing is lost and nothing crashes.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "surrogateescape")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    """Encode output text as UTF-8, writing undecodable input bytes back as they came."""
    return text.encode("utf-8", "surrogateescape")


def matching_key(text: str) -> str:
    """The form of a line that rules match against: invisible characters dropped, every run
    of whitespace (NBSP and tabs included) made one space, ends stripped."""
    # str.split already breaks at every Unicode space (NBSP, narrow NBSP, tabs ...); only the
    # invisible characters, which are not spaces, need taking out first
    if text.isascii() or _INVISIBLE_RE.search(text) is None:
        return " ".join(text.split())
    return " ".join(text.translate(_KEY_TABLE).split())


_LEAD = regex.compile(r"^[\W\d_]++")
# Matched backwards from the end, so a long run of non-letters costs one pass, not one per start.
_TRAIL = regex.compile(r"[\W\d_]++$", regex.REVERSE)


def label_key(text: str) -> str:
    """Normalise a short line for label lookup: case folded, whitespace collapsed, leading and
    trailing non-letters (punctuation, counts, arrows, bullets) dropped."""
    folded = text.casefold()
    if folded[:1].isalpha() and folded[-1:].isalpha():  # the common case: nothing to trim
        return " ".join(folded.split())
    return " ".join(_TRAIL.sub("", _LEAD.sub("", folded)).split())


@dataclass(slots=True)
class Line:
    """One non-blank line of the input with its absolute offsets.

    ``text`` is ``source[start:end]`` (no line terminator); ``key`` is its matching key.
    ``gap_before`` tells whether a blank line (or the start of the input) precedes it.
    """

    index: int
    start: int
    end: int
    text: str
    key: str
    gap_before: bool
    words: int
    final: str  # the last significant character of the key ('' when none)
    _label: str | None = None
    _folded: list[str] | None = None

    @property
    def folded(self) -> list[str]:
        """The key's case-folded word tokens (see :class:`cleaner.lexicon.PhraseSet`), once."""
        if self._folded is None:
            self._folded = tokens(self.key.casefold())
        return self._folded

    @property
    def label(self) -> str:
        """:func:`label_key` of the key, computed once."""
        if self._label is None:
            self._label = label_key(self.key)
        return self._label

    @property
    def terminal(self) -> bool:
        """Ends like a sentence (. ! ? … possibly inside closing quotes or brackets)."""
        return self.final in SENTENCE_END


#: A footnote mark after the end of a sentence: ``.”1``, ``.[2]``, ``.¹``.
_FOOTNOTE = regex.compile(r"(?<=\p{L}[.!?…][\"'”’«»)]*)(?:\d{1,2}|\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})$")
#: The longest footnote mark (``[123]``): the search starts this far from the end.
_FOOTNOTE_TAIL = 5


def last_significant(key: str) -> str:
    """The last character of ``key`` that is not a closing quote or bracket, nor a footnote
    mark after the end of a sentence (``… nutzen.”1``)."""
    if key[-1:].isdigit() or key[-1:] in "]¹²³⁴⁵⁶⁷⁸⁹⁰":
        m = _FOOTNOTE.search(key, max(0, len(key) - _FOOTNOTE_TAIL))  # the mark is short
        if m:
            key = key[: m.start()]
    stripped = key.rstrip(_CLOSERS + " ")
    return stripped[-1] if stripped else ""


def _spaced(text: str) -> bool:
    """Whether ``text`` has no character of a script written without spaces (the cheap test
    in front of :func:`words` and :func:`tokens`)."""
    return text.isascii() or _FROM_UNSPACED.search(text) is None


def words(key: str) -> int:
    """The number of words of a matching key: its space-separated parts. A run of characters
    of a script written without spaces (Chinese, Japanese) counts one word per
    :data:`CHARS_PER_WORD` characters (rounded up), so that a sentence in those scripts is
    about as long as its translation, not one word; in a line with such runs, only the
    other parts that hold a word character count."""
    if not key:
        return 0
    if _spaced(key):
        return key.count(" ") + 1
    n = sum(-(-len(run) // CHARS_PER_WORD) for run in _UNSPACED_RUN.findall(key))
    # the rest is counted by its spaces, the parts with a word character only: the
    # punctuation between two runs is no word
    n += sum(1 for part in _UNSPACED_RUN.sub(" ", key).split() if _WORD.search(part))
    return max(n, 1)


def make_line(index: int, start: int, end: int, text: str, gap_before: bool) -> Line | None:
    """Build a :class:`Line`, or ``None`` when the line is blank (whitespace or invisible only)."""
    key = matching_key(text)
    if not key:
        return None
    return Line(index, start, end, text, key, gap_before, words(key), last_significant(key))


def split_lines(source: str) -> list[Line]:
    """Segment ``source`` into non-blank lines with absolute offsets.

    Line ends are ``\\n``, ``\\r\\n`` and ``\\r``; nothing else splits a line.
    """
    lines: list[Line] = []
    pos = 0
    gap = True
    for m in _LINE_BREAKS.finditer(source):
        start, end = m.span()
        text = source[pos:start]
        line = None if text.isspace() else make_line(len(lines), pos, start, text, gap)
        if line is None:
            gap = True
        else:
            lines.append(line)
            gap = False
        if end - start > 1 and (end - start > 2 or source[start:end] != "\r\n"):
            gap = True  # more than one break: empty lines in between
        pos = end
    if pos <= len(source):
        line = make_line(len(lines), pos, len(source), source[pos:], gap)
        if line is not None:
            lines.append(line)
    return lines


def line_bounds(source: str) -> list[tuple[int, int]]:
    """(start, end) of every physical line of ``source``, blank ones included."""
    bounds = []
    pos = 0
    for m in _LINE_BREAK.finditer(source):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(source)))
    return bounds


def content_bounds(source: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every physical line of ``source`` that is not empty, in order; a run
    of empty lines costs one step (20 MB of newlines is one match)."""
    pos = 0
    for m in _LINE_BREAKS.finditer(source):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < len(source):
        yield pos, len(source)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def table_row(key: str) -> bool:
    """Whether a line is a row of a table as extractors write it (``| 3/1/2024 | +2.5% |``):
    it starts with ``|`` and has at least two cells with text. A row is data, whatever its
    cells hold."""
    if not key.startswith("|"):
        return False
    return sum(1 for cell in key.split("|") if cell.strip()) >= 2


#: A quantity opening a line: a number, a range or a fraction (``2``, ``1/2``, ``2-3``, ``1½``,
#: ``0,5``), then the word that follows it (the unit, when it is one).
_QUANTITY = regex.compile(
    r"^(?:[-–•*·]\s*)?(?:\d+(?:[.,/]\d+)?(?:\s*[-–]\s*\d+(?:[.,/]\d+)?)?\s*[½¼¾⅓⅔⅛]?|[½¼¾⅓⅔⅛])"
    r"\s*(\p{L}+)\.?(?=\s|$)"
)
#: A line of a list of measures is short.
QUANTITY_WORDS = 12


#: A quantity anywhere in a line: a number or a fraction and the word after it.
_INNER_QUANTITY = regex.compile(r"(?<![\w.,/])(?:\d+(?:[.,/]\d+)?|[½¼¾⅓⅔⅛])\s*+(\p{L}+)\.?(?=[\s,;)\]]|$)")
#: A line holding this many quantities with a unit gives the ingredients of a dish in one line
#: (``Beef and Peppers [4 oz. ground beef, 1 cup sweet peppers, 1 Tbsp. cilantro]``) ...
INNER_QUANTITIES = 3
#: ... when it has at most this many words.
INNER_QUANTITY_WORDS = 80


def quantity_line(key: str, units: frozenset[str]) -> int:
    """Whether a line gives a quantity, as the lines of a list of ingredients or measures do:
    2 when a number and one of ``units`` (case-folded) open it (``200 g Zucker``, ``1/2 cup
    sugar``, ``2 cucharadas de aceite``, ``390 kcal``), 1 when a number and another word do
    (``2 Eier``, ``3 eggs``), else 0. A line of more than :data:`QUANTITY_WORDS` words is none,
    except that a line of up to :data:`INNER_QUANTITY_WORDS` words holding at least
    :data:`INNER_QUANTITIES` quantities with a unit anywhere is 2 (a dish and its ingredients)."""
    opens = key[:1].isdigit() or key[:1] in "-–•*·½¼¾⅓⅔⅛"
    m = _QUANTITY.match(key) if opens else None
    if m is not None and words(key) <= QUANTITY_WORDS:
        return 2 if m.group(1).casefold() in units else 1
    # the search finds nothing in a line without numbers: cheaper than counting its words
    if _inner_quantities(key, units) >= INNER_QUANTITIES and words(key) <= INNER_QUANTITY_WORDS:
        return 2
    return 0


def _inner_quantities(key: str, units: frozenset[str]) -> int:
    """How many quantities with a unit of ``units`` stand anywhere in ``key`` (counted up to
    :data:`INNER_QUANTITIES`)."""
    found = 0
    for m in _INNER_QUANTITY.finditer(key):
        if m.group(1).casefold() in units:
            found += 1
            if found >= INNER_QUANTITIES:
                break
    return found


def has_letter(text: str) -> bool:
    return _LETTER.search(text) is not None


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens: runs of word characters (``\\w+``), where every character of
    a script written without spaces (Chinese, Japanese) is a token of its own, as the
    stopwords of those scripts are single characters (的, の)."""
    text = text.lower()
    if _spaced(text):
        return _WORD.findall(text)
    return _TOKEN.findall(text)


# --------------------------------------------------------------------------- mojibake

# The characters that Windows-1252 gives to the bytes 0x80-0x9f (five bytes have none there and
# read as the Latin-1 control characters).
_CP1252_BYTE: dict[str, int] = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_BYTE[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        pass
# A continuation byte (0x80-0xbf) read as Windows-1252 or Latin-1.
_CONTINUATION = frozenset(map(chr, range(0x80, 0xC0))) | frozenset(_CP1252_BYTE)
# UTF-8 read as Windows-1252 or Latin-1 starts with the lead byte of a two-byte sequence for
# U+0080-U+017F (Â Ã Ä Å), of a three-byte one for U+2000-U+2FFF (â: quotes, dashes, ellipsis,
# €, ™) or of a four-byte one (ð: emoji); the number is of continuation bytes to follow. Other
# leads are left alone: "ß" or "é" before a soft hyphen or a quote is ordinary text far more
# often.
_MOJIBAKE_LEADS = {"\u00c2": 1, "\u00c3": 1, "\u00c4": 1, "\u00c5": 1, "\u00e2": 2, "\u00f0": 3}


def _byte(c: str) -> int:
    o = ord(c)
    return o if o < 0x100 else _CP1252_BYTE[c]


def _mojibake_round(text: str) -> tuple[str, int]:
    spans = []
    for lead, follow in _MOJIBAKE_LEADS.items():
        i = text.find(lead)
        while i != -1:
            seq = text[i:i + 1 + follow]
            if len(seq) == follow + 1 and all(c in _CONTINUATION for c in seq[1:]):
                try:
                    spans.append((i, i + follow + 1, bytes(map(_byte, seq)).decode("utf-8")))
                except UnicodeDecodeError:
                    pass
            i = text.find(lead, i + 1)
    if not spans:
        return text, 0
    spans.sort()
    out, pos, n = [], 0, 0
    for start, end, fixed in spans:
        if start >= pos:  # a lead inside a sequence already taken is a continuation byte
            out.append(text[pos:start])
            out.append(fixed)
            pos = end
            n += 1
    out.append(text[pos:])
    return "".join(out), n


def repair_mojibake(text: str) -> tuple[str, int]:
    """Text whose UTF-8 was once read as Windows-1252 or Latin-1 (``Ã¼`` for ``ü``, ``â€™``
    for ``’``), put right; returns ``(text, number of sequences repaired)``. A sequence is
    repaired only when its characters are the bytes of valid UTF-8; text encoded wrongly twice
    is repaired twice (at most three rounds). Cost: a substring search per lead character,
    and Python only at the places where one occurs."""
    if text.isascii():
        return text, 0
    total = 0
    for _ in range(3):
        text, n = _mojibake_round(text)
        if not n:
            break
        total += n
    return text, total
