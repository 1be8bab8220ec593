"""BYL: author bylines and agency lines or trailers."""

from __future__ import annotations

import functools

import regex

from ..lexicon import Lexicon
from ..text import Line, label_key
from .base import Doc, Hit, rule
from .times import is_time_expression, is_stamp

# A word of a name: capitalised (O'Neill, Jean-Luc, Dudajev), all capitals, or an initial.
_NAME = regex.compile(r"^(?:\p{Lu}[\p{L}'’.\-]*+|\p{Lu}\.)$")
_PARTICLE = frozenset(
    "von van der den de du da di del della la le zu y e et and und und& & i en ten ter mit with".split()
)
_SEG_SPLIT = regex.compile(r"(?:\G|(?<!\s))(?:\s*+[|,·•/]\s*+|\s++[–—-]\s++)")
_PAREN_CODE = regex.compile(r"^\(\s*+[^\s()]{2,40}+\s*+\)$")


def is_name_list(text: str, lex: Lexicon) -> bool:
    """Names joined by particles and 'and': every word capitalised or a particle."""
    toks = text.replace("&", " & ").split()
    if not toks or len(toks) > 10:
        return False
    names = 0
    for t in toks:
        t = t.strip(",;")
        if not t:
            continue
        if _NAME.match(t):
            names += 1
        elif t.casefold() not in _PARTICLE and t.casefold() not in lex.agencies:
            return False
    return names >= 1


def _agencies_only(text: str, lex: Lexicon) -> bool:
    """Agencies joined by particles and 'and' (``dpa``, ``dpa und AFP``): a credit of the text's
    material, as in ``Mit Material von dpa``."""
    toks = [t.strip(",;") for t in text.replace("/", " ").split()]
    return any(t in lex.agencies for t in toks) and all(
        t in lex.agencies or t.casefold() in _PARTICLE for t in toks if t
    )


@functools.lru_cache(maxsize=4)
def _agency_patterns(agency: str, connector: str):
    # an agency, a desk or author code, or an agency's number of the story ("dpa:191120-99-784512/3")
    code = rf"(?:(?:{agency})(?::\d[\d-]{{5,30}}+(?:/\d{{1,3}})?)?|\p{{Lu}}{{2,6}}+|\p{{Ll}}{{2,4}}+)"
    return {
        # "RND/AP", "dpa/AFP", "AFP, Reuters", "(dpa)"
        "line": regex.compile(rf"^\(?\s*+{code}(?:\s*+[/,]\s*+{code}){{0,5}}\s*+\)?$"),
        "known": regex.compile(rf"(?<![\p{{L}}])(?:{agency})(?![\p{{L}}])"),
        # "(ial mit dpa)", "(dpa/AFP)", "(S.A.Dudajev--DTZ)" at the end of a paragraph
        "trailer": regex.compile(
            rf"\s*+\((?P<v>[\p{{L}}.\-]{{2,30}}+(?:\s*+[/,]\s*+[\p{{L}}.\-]{{2,30}}+){{0,4}}"
            rf"(?:\s++(?i:{connector})\s++[\p{{L}}.\-]{{2,30}}+(?:\s*+[/,]\s*+[\p{{L}}.\-]{{2,30}}+){{0,4}})?)\)$"
        ),
    }


@rule("BYL001", "byline-line", "line",
      summary="An author byline (Von Max Muster, By Jane Doe | Reuters, Par Jean Dupont).",
      reason="byline", concepts=("byline_prefixes",), field="byline", max_words=40)
def byline_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a line that opens with a byline word and goes on with names only, optionally
    followed by an agency or a date: ``Von Anna Schmidt und Max Muster``, ``By JANE DOE,
    Associated Press``, ``Par Jean Dupont | 3 mars 2024``; or with agencies only (``Mit
    Material von dpa``). The names go to ``byline``.

    Several credits joined by ``;`` (``Reporting by A; additional reporting by B, C and D;
    Editing by E``) count as one byline; such a line may hold up to 40 words, a single credit
    up to 16.

    Safe because every part after the byline word must be a list of capitalised names, an
    agency or a date; ``Von Montag an gilt …`` has lower-case words and is kept.
    """
    if line.words > 16 and ";" not in line.key:
        return None  # only credits joined by ";" may be longer
    first = None
    for part in line.key.split(";"):  # "Reporting by A; additional reporting by B; Editing by C"
        part = part.strip()
        if not part:
            continue
        m = lex.byline_re.match(part)
        if not m:
            return None
        segments = [s for s in _SEG_SPLIT.split(m.group("rest")) if s]
        if not segments or not (is_name_list(segments[0], lex) or _agencies_only(segments[0], lex)):
            return None
        for seg in segments[1:]:
            if not (is_name_list(seg, lex) or _agencies_only(seg, lex) or is_time_expression(seg, lex)):
                return None
        first = first or segments[0]
    return Hit(value=first) if first else None


@rule("BYL002", "agency-line", "line",
      summary="A line that is only agency codes or an author code (RND/AP, dpa, (S.A.Dudajev--DTZ)).",
      reason="agency or author code", concepts=("agencies",), field="byline", max_words=6)
def agency_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes lines such as ``RND/AP``, ``dpa/AFP``, ``(dpa)`` or ``(S.A.Dudajev--DTZ)``: a
    line of agency codes with at least one known agency, or a single parenthesised token
    without spaces (an author or desk code). An agency's number of the story counts as a code
    (``dpa-infocom, dpa:191120-99-784512/3``, as syndicated wire stories end). The text goes
    to ``byline``.

    Safe because the line has no sentence at all: at most six codes, or one bracketed token.
    """
    key = line.key
    if line.words > 6 or len(key) > 60:
        return None
    if _PAREN_CODE.match(key):
        return Hit(value=key.strip("() "))
    pats = _agency_patterns(lex.agency, lex.agency_connector)
    if pats["line"].match(key) and pats["known"].search(key):
        return Hit(value=key.strip("() "))
    return None


@rule("BYL003", "agency-trailer", "final",
      summary="An agency or author trailer closing the last paragraph ((ial mit dpa), (dpa/AFP)).",
      reason="agency trailer", concepts=("agencies", "agency_connectors"), field="byline")
def agency_trailer(doc: Doc) -> None:
    """Removes the bracketed trailer that closes the article's last kept paragraph:
    ``… stark unterstützen. (ial mit dpa)``, ``… said. (AP/Reuters)``. The trailer goes to
    ``byline``.

    Safe because only the last paragraph is looked at, the brackets must close it, and they
    must hold a known agency or an author code joined to one (``ial mit dpa``) — a closing
    remark in brackets with ordinary words is kept.
    """
    last = doc.prev_alive(len(doc.lines))
    if last is None or doc.has_marks(last):
        return
    line = doc.lines[last]
    if line.words < 4:
        return
    pats = _agency_patterns(doc.lex.agency, doc.lex.agency_connector)
    tail_start = max(0, len(line.text) - 120)
    m = pats["trailer"].search(line.text, tail_start)
    if m is None or m.start() == 0 or line.text[m.end():].strip():
        return
    inner = m.group("v")
    if not (pats["known"].search(inner) or "--" in inner):
        return
    doc.remove(last, agency_trailer, span=(m.start(), len(line.text)), value=inner)


_EMAIL = regex.compile(r"[\w.+-]{1,64}+@[\w-]{1,63}+(?:\.[\w-]{1,63}+)++")
_PHONE = regex.compile(r"^\+?[\d\s()/.-]{6,30}+$")
_DIGIT = regex.compile(r"\d")


@rule("BYL004", "contact-line", "line",
      summary="A contact line: phone, fax, e-mail or address after its label (Tel. 030 1234-5, E-Mail: x@y.de).",
      reason="contact details", concepts=("contact_labels",), field="contacts", max_words=20)
def contact_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes a short line that opens with a contact label and goes on with a phone number
    (six digits or more) or an e-mail address — ``Tel. 0742/58260 - Fax 0742/582619``,
    ``E-Mail: presse@example.org``, ``Téléphone : 01 23 45 67 89`` — and a line that is only
    an e-mail address or a phone number. The line goes to ``contacts``.

    Safe because the label must open the line and the rest must hold the number or address;
    ``Telefonieren ist teuer …`` does not open with a label followed by digits.
    """
    key = line.key
    m = lex.contact_re.match(key)
    if m:
        rest = m.group("rest")
        if len(_DIGIT.findall(rest)) >= 6 or _EMAIL.search(rest):
            return Hit(value=key)
        return None
    if line.words <= 3 and (_EMAIL.fullmatch(key) or _PHONE.match(key)) and len(_DIGIT.findall(key)) != 4:
        return Hit(value=key)
    return None


_META_SPLIT = regex.compile(r"(?:\G|(?<!\s))\s++[|·•]\s++")
_META_CHARS = frozenset("|·•")  # a line without one has one part: not a meta line


@rule("BYL005", "meta-line", "line",
      summary="A line of post metadata: date, author, categories, comment count joined by | or ·.",
      reason="post metadata", concepts=("time_words", "byline_prefixes", "tag_prefixes", "widget_labels"),
      max_words=30)
def meta_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes lines such as ``January 13, 2020 at 08:45 AM | categories: Python | View
    Comments`` or ``12.03.2024 · Von Anna Schmidt · 3 Kommentare``: at least two parts joined
    by ``|``, ``·`` or ``•``, each of them a date or time, a byline, a tag list, a widget label
    (a count aside) or an agency.

    Safe because every part must be one of these; a single part of prose keeps the line, and
    a part of digits alone must read as a date or a clock time (``| 3/1/2024 | 2.5 |``, a
    table's row of figures, stays).
    """
    if _META_CHARS.isdisjoint(line.key):
        return None
    parts = [p for p in _META_SPLIT.split(line.key) if p]
    if len(parts) < 2:
        return None
    for part in parts:
        if not (
            is_stamp(part, lex)
            or label_key(part) in lex.widget_labels
            or label_key(part) in lex.nav_labels
            or lex.tag_prefix_re.match(part)
            or (lex.byline_re.match(part) and is_name_list(lex.byline_re.match(part).group("rest"), lex))
            or part.casefold() in lex.agencies
        ):
            return None
    return Hit()


LINE_RULES = (byline_line, agency_line, contact_line, meta_line)
FINAL_RULES = (agency_trailer,)
