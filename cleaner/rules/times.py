"""TIM: publication and update timestamps, date lines and reading times."""

from __future__ import annotations

import regex

from ..lexicon import Anchored, Lexicon
from ..text import Line, has_letter, table_row
from .base import Hit, rule

_TOKEN = regex.compile(r"\d++|\p{L}++")
_CLOCK = regex.compile(r"\b\d{1,2}[:.h]\d{2}\b")
_DATE = regex.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}\b|\b\d{1,2}\.")
# A full date, or a day and month: ``12.03.2024``, ``2024-03-12``, ``12/03``, ``12.03.`` (with
# dots, the closing one: ``4.7`` is a number, a rating).
_FULL_DATE = regex.compile(r"(?<![\d.,])(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}[/-]\d{1,2}|\d{1,2}\.\d{1,2}\.)(?!\d)")
# One value: a decimal number, or a rating out of a number (``4.7``, ``3,5``, ``4.5/5``).
_VALUE = regex.compile(r"[+-]?\d+[.,]\d+(?:\s*/\s*\d+)?")
_YEAR = regex.compile(r"\W{0,3}\d{4}\W{0,3}")


def reads_as_date(key: str) -> bool:
    """Whether a text of digits holds a date, a clock time or is a year (``12.03.2024``,
    ``14:35``, ``2024``), not a phone number, a score or a page list."""
    return bool(_CLOCK.search(key) or _FULL_DATE.search(key) or _YEAR.fullmatch(key))


def bare_numbers(key: str) -> bool:
    """A line of numbers alone that is no date: ``1 2 3 4``, ``3.``, ``18 : 18``,
    ``406-916-5981`` (two to twelve numbers, or one with a point). One value (``4.7``,
    ``4.5/5``) is not: it can be a figure of a table or a rating."""
    if has_letter(key) or reads_as_date(key) or _VALUE.fullmatch(key):
        return False
    toks = _TOKEN.findall(key)
    return 2 <= len(toks) <= 12 or (len(toks) == 1 and _DATE.search(key) is not None)


# A currency, percent or per-mille sign makes a number an amount, not a date or a time.
_AMOUNT = regex.compile(r"[\p{Sc}%‰]")


def is_time_expression(text: str, lex: Lexicon, *, max_tokens: int = 16) -> bool:
    """Every token is a number or a time word of some language, and there is a number; an
    amount (``$2.50``, ``13.1%``) is not a time."""
    toks = _TOKEN.findall(text)
    if not toks or len(toks) > max_tokens or _AMOUNT.search(text):
        return False
    digit = False
    for t in toks:
        if t.isdigit():
            digit = True
        elif t.casefold() not in lex.time_words and len(t) > 1:
            return False
    return digit


@rule("TIM001", "timestamp-line", "line",
      summary="A publication, update or availability stamp (Veröffentlicht um 6:35 Uhr., Updated March 3, 2024, "
              "Video verfügbar bis 28.02.2025).",
      reason="timestamp", concepts=("published_labels", "updated_labels", "available_labels", "time_words",
                                     "updated_frames", "published_frames"),
      field="published", max_words=18)
def timestamp_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that opens with a publication or update label and goes on with a date or
    time only: ``Veröffentlicht um 6:35 Uhr.``, ``Aktualisiert am 12.03.2024, 10:26 Uhr``,
    ``Published: March 3, 2024 at 10:00 a.m. ET``, ``Mis à jour le 3 mars 2024``. The time goes
    to ``published`` or ``updated``. A media page's note of how long its video or audio stays
    online (``Video verfügbar bis 28.02.2025``, ``Available until 3 March 2025``,
    ``Disponible jusqu'au 12/03/2025``) is a stamp too; its date goes to ``available_until``.

    A publication stamp may go on with its update after a comma: ``Publié le 12 mars 2024 à
    14h35, mis à jour à 16h02``, ``Published 3 March 2024, updated 4 March 2024``.

    A sentence that only dates the article is a stamp as well: ``This article was last
    updated on March 3, 2024.``, ``Dieser Artikel wurde am 22. November 2026 um 09:41 Uhr
    aktualisiert.``, ``Cet article a été publié le 3 mars 2024.`` The sentences are data
    (``updated_frames``, ``published_frames``), with ``…`` where the date stands.

    Safe because everything after the label, or in the sentence's place for the date, must be
    numbers and time words; ``Veröffentlicht wurde der Bericht am Montag`` and ``Dieser
    Artikel erschien am Montag in der Zeitung`` have other words and are kept.
    """
    key = line.key
    for pattern, fld in ((lex.updated_re, "updated"), (lex.published_re, "published"),
                         (lex.available_re, "available_until")):
        m = pattern.match(key)
        if m:
            rest = key[m.end():].strip(" :-–—,")
            if is_time_expression(rest, lex):
                return Hit(value=rest.rstrip(" ."), field=fld)
            if fld == "published":
                return _two_stamps(rest, lex.updated_re, fld, lex)
            if fld == "updated":
                return _two_stamps(rest, lex.published_re, fld, lex)
    for pattern, fld in ((lex.updated_frame_re, "updated"), (lex.published_frame_re, "published")):
        m = pattern.match(key)
        if m and is_time_expression(m.group("t"), lex):
            return Hit(value=m.group("t").strip(" ,"), field=fld)
    return None


#: Where the second stamp's label may follow the first stamp's time: after a comma or a
#: semicolon, or after a space alone (two stamps that a page set side by side: ``Erstellt:
#: 12.03.2024, 14:35 Uhr Aktualisiert: 13.03.2024, 09:10 Uhr``). Stamps joined by a bar or a
#: dot are TIM002's.
_THEN = regex.compile(r"\s*+[,;]\s*+|\s++")


def _two_stamps(rest: str, other_re: Anchored, fld: str, lex: Lexicon) -> Hit | None:
    """A publication time, then an update label and its time (``12 mars 2024 à 14h35, mis à
    jour à 16h02``, ``Published March 3, 2024, updated March 4, 2024``, ``Erstellt: 12.03.2024
    Aktualisiert: 13.03.2024``), or an update time and then the publication (``Updated Nov 19,
    9:41 AM; Posted Nov 18, 8:19 PM``). ``rest`` follows the first label (field ``fld``);
    ``other_re`` matches the second label. The first time goes to ``fld``."""
    for cut in _THEN.finditer(rest):
        later = rest[cut.end():]
        m = other_re.match(later)
        if m:
            first = rest[:cut.start()].strip()
            if first[-1:] in _STAMP_CHARS:
                return None  # stamps joined by a bar or a dot: TIM002
            if is_time_expression(first, lex) and is_time_expression(later[m.end():].strip(" :-–—.,"), lex):
                return Hit(value=first.rstrip(" ."), field=fld)
            return None
    return None


def is_stamp(text: str, lex: Lexicon) -> bool:
    """A time expression that has a time word or reads as a date (``3 March``, ``12.03.2024``,
    ``14:35``), not digits that might be anything (``2.5``, ``406-916-5981``)."""
    return is_time_expression(text, lex) and (has_letter(text) or reads_as_date(text))


@rule("TIM002", "date-line", "line",
      summary="A line that is only a date, a time or a reading time (12.03.2024, 14:35 Uhr; 5 min read).",
      reason="date or time without text", concepts=("time_words",), field="published", max_words=18)
def date_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a short line made only of numbers and time words with a clock time, a date or
    a year in it: ``12. März 2024, 14:35 Uhr``, ``March 3, 2024``, ``3 min read``,
    ``Lesezeit: 4 Minuten``. The first such date goes to ``published``.

    A row of such stamps parted by ``/``, ``|``, ``·`` or ``•``, each bare or after a
    publication or update label, is one date line too: ``3 March 2024 / 9:05 AM / Updated 2
    hours ago``.

    Safe because a single word that is not a time word (a name, a verb) keeps the line, and a
    line of digits alone must read as a date, a clock time or a year (``406-916-5981`` is a
    phone number, not a date). A table row (``| 3/1/2024 | +2.5% |``) is data and stays, and
    so does a line of clock times alone (``9.30 A.M. / 7.00 P.M.``, ``10:00 – 18:00``): a
    schedule, opening hours, not a stamp. A
    reading time or a counter is removed without a date (:func:`dated`).
    """
    key = line.key
    if table_row(key) or _SCHEDULE.fullmatch(key):
        return None  # a table's row of dates and figures is data; clock times alone, a schedule
    if line.words > 12 or not is_time_expression(key, lex, max_tokens=12):
        # longer than a date line, or other words in it: only a row of stamps may be
        if _STAMP_CHARS.isdisjoint(key) or not _STAMP_SPLIT.search(key):
            return None
        return _stamp_row(key, lex)
    if not has_letter(key) and not reads_as_date(key):
        return None  # digits alone must read as a date, a clock time or a year, not a phone number
    if _CLOCK.search(key) or _DATE.search(key) or len(_TOKEN.findall(key)) >= 2:
        # a reading time or a counter (``3 min read``, ``1 of 8``) goes, but dates nothing
        return Hit(value=key.rstrip(" .")) if dated(key, lex) else Hit()
    return None


def dated(text: str, lex: Lexicon) -> bool:
    """Whether a time expression names a point in time: it has a clock time or a date, or a
    time word that dates (a month, a day, ``ago``, ``gestern``), not only units, reading-time
    words and fillers (``undated_words``: ``3 min read``, ``Lesezeit: 4 Minuten``, ``1 of 8``)."""
    if _CLOCK.search(text) or _DATE.search(text):
        return True
    return any(t.casefold() not in lex.undated_words for t in _TOKEN.findall(text) if not t.isdigit())


# " / ", " | ", " · ", " • " between the parts of a row of stamps
_STAMP_CHARS = frozenset("/|·•")
_STAMP_SPLIT = regex.compile(r"(?<!\s)\s++[/|·•]\s++")  # from the start of a space run: linear
# Two or more clock times and nothing else (``9.30 A.M. / 7.00 P.M.``, ``10:00 – 18:00``): a
# schedule such as opening hours, which dates nothing
_CLOCK_TIME = r"\d{1,2}[:.h]\d{2}(?:\s*+(?:[ap]\.?\s?m\.?|uhr|h)(?!\w))?"
_SCHEDULE = regex.compile(rf"{_CLOCK_TIME}(?:\s*+[-–—/|·•]\s*+{_CLOCK_TIME})++\.?", regex.IGNORECASE)


def _stamp_row(key: str, lex: Lexicon) -> Hit | None:
    """A row of dates, times and labelled stamps (``3 March 2024 / 9:05 AM / Updated 2 hours
    ago``, ``Publié le 3 mars 2024 | Mis à jour le 4 mars``): every part a time expression,
    bare or after a publication or update label. The first bare or published date is the
    value; a row of update stamps only goes to ``updated``."""
    value = field = None
    for part in _STAMP_SPLIT.split(key):
        part = part.strip(" .,")
        fld = "published"
        for pattern, name in ((lex.updated_re, "updated"), (lex.published_re, "published")):
            m = pattern.match(part)
            if m:
                part, fld = part[m.end():].strip(" :-–—,"), name
                break
        if not is_stamp(part, lex):
            return None
        if not dated(part, lex):  # a reading time in the row
            continue
        if value is None or (field == "updated" and fld == "published"):
            value, field = part, fld
    return Hit(value=value, field=field) if value else Hit()


RULES = (timestamp_line, date_line)
