"""TSR: teaser sections and teaser lines pointing to other stories."""

from __future__ import annotations

from ..lexicon import Lexicon
from ..text import label_key
from ..text import Line
from .base import Doc, Hit, rule
from .shape import is_bulleted, is_headline, is_paragraph, words

_MAX_BLURB_WORDS = 150
def _short_bullet(key: str) -> bool:
    """A bulleted item of at most three words (``- coffee bean``): a link of a list of topics,
    which has no blurb."""
    return is_bulleted(key) and words(key) <= 4


@rule("TSR001", "teaser-section", "block",
      summary="A teaser header (Empfohlen, Related, À lire aussi) and the other stories listed after it.",
      reason="teaser section", concepts=("teaser_headers",))
def teaser_section(doc: Doc) -> None:
    """Removes a teaser header and the items that follow it, wherever the section stands.
    An item is a headline-shaped line, optionally followed by one blurb paragraph. The section
    ends where the article resumes: at a paragraph that does not follow a headline, or at a
    headline followed by two paragraphs (a subheading of the article with its text).

    A bulleted item of at most three words (a topic, ``- coffee bean``) takes no blurb: it is a
    link of a list, and the paragraph after the list is the article's.

    Safe because the header must be a whole line from the teaser-header lists; when the text
    after the header reads like the article, only the header goes (it announces other
    stories, never the article's own text), and a header above all of the article's text (a
    sidebar printed first) takes headlines but no long paragraph as a blurb.
    """
    lex = doc.lex
    n = len(doc.lines)
    i = 0
    while i < n:
        if not doc.alive(i) or doc.lines[i].words > 8 or label_key(doc.rest(i)) not in lex.teaser_headers:
            i += 1
            continue
        items: list[int] = []
        prose_before = any(doc.alive(j) and doc.lines[j].words >= 30 for j in range(i))
        k = doc.next_alive(i)
        while k is not None:
            key = doc.rest(k)
            if label_key(key) in lex.teaser_headers and doc.lines[k].words <= 8:
                break  # a new section starts; handled by the outer loop
            if not is_headline(key, max_words=30, max_chars=250):
                break
            b = doc.next_alive(k)
            if b is not None and doc.lines[b].words >= 30 and not prose_before:
                break  # no article text above the header: this paragraph is the article's own
            if (b is not None and not _short_bullet(key) and is_paragraph(doc.rest(b), 4)
                    and words(doc.rest(b)) <= _MAX_BLURB_WORDS):
                after = doc.next_alive(b)
                if after is not None and not is_headline(doc.rest(after), max_words=30, max_chars=250) and (
                    label_key(doc.rest(after)) not in lex.teaser_headers
                ):
                    break  # headline + two paragraphs: the article resumes here
                items.extend((k, b))
                k = after
            else:
                items.append(k)
                k = b
        doc.remove(i, teaser_section, detail="teaser header")
        for j in items:
            doc.remove(j, teaser_section, detail=f"teaser item under line {i + 1}")
        i = items[-1] + 1 if items else i + 1


_OPENERS = {"[": "]", "(": ")"}


@rule("TSR002", "teaser-line", "line",
      summary="A line announcing another story: Lesen Sie auch: …, Read more: …, À lire aussi : ….",
      reason="teaser link", concepts=("teaser_prefixes",), max_words=32)
def teaser_line(line: Line, lex: Lexicon) -> Hit | None:
    """Removes one-line teasers: a teaser prefix followed by another story's headline
    (``Lesen Sie auch: Die Lage in Kursk``, ``READ MORE: …``, ``À lire aussi : …``), also
    when the whole line stands in brackets (``[Related: …]``, ``(Lesen Sie auch: …)``); and a
    link to the site's other stories: a prefix, the site's domain name and nothing or a
    headline (``Also on example.com: Court rejects appeal``, ``Auch auf example.de``).

    Safe because the rest must be headline-shaped (a sentence after ``Read more`` is kept),
    a one-word prefix needs an explicit separator (``Video: …``, not ``Video games …``), and
    a link elsewhere needs a domain name right after its prefix (``Also on Monday …`` is no
    link).
    """
    key = line.key
    m = lex.elsewhere_re.match(key)
    if m and (not m.group("rest") or is_headline(m.group("rest"), max_words=28, max_chars=250)):
        return Hit()  # Also on example.com: …
    if key and key[0] in _OPENERS and key[-1] == _OPENERS[key[0]]:
        key = key[1:-1].strip()  # a teaser in brackets: [Read more: …], (Lesen Sie auch: …)
        if not key:
            return None
    m = lex.teaser_prefix_re.match(key)
    if not m or line.label in lex.teaser_headers:
        return None  # a bare header is TSR001's
    rest = m.group("rest")
    sep = m.group("sep").strip()
    prefix_words = key[: m.start("sep")].count(" ") + 1
    if not sep and prefix_words < 2:
        return None
    if not is_headline(rest, max_words=28, max_chars=250):
        return None
    if not sep and words(rest) > 8:
        return None
    return Hit()


BLOCK_RULES = (teaser_section,)
LINE_RULES = (teaser_line,)
