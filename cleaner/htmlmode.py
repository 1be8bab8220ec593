"""HTML input: trafilatura in front, cleaner's stages behind.

    >>> import cleaner
    >>> cleaner.clean_html(page_bytes, url="https://example.org/news/1")   # doctest: +SKIP

What happens to a page (:func:`analyze_html`):

1. **Decoding** (bytes; :func:`decode_html`). A byte order mark decides. Otherwise bytes that
   are valid UTF-8 are UTF-8, whatever the page declares (a page that declares a legacy charset
   but is valid UTF-8 with non-ASCII text is, in practice, always UTF-8). Otherwise the page's
   declaration (``<meta charset>``, ``http-equiv`` content type, XML declaration, in the first
   32 KB) is used, with the WHATWG label mapping (``iso-8859-1`` and ``ascii`` mean
   ``windows-1252``). Otherwise charset_normalizer guesses (it is a dependency of trafilatura;
   windows-1252 is preferred when it reads the bytes the same); the last resort is
   windows-1252 with replacement characters. gzip-compressed input is decompressed first
   (bounded). ``str`` input is taken as it is. Text that the page itself mangled, UTF-8 once
   read as Windows-1252 or Latin-1 (``â€™`` for ``’``), is put right (:data:`REPAIR_MOJIBAKE`).
2. **Parsing, once** (:func:`parse_html`): lxml's HTML parser with no network access and no
   entity expansion (the HTML parser reads no DTD), comments and processing instructions
   dropped, characters XML forbids removed, and libxml2's default limits kept (nesting depth
   256, text nodes up to 10 MB; ``huge_tree`` off). Input over :data:`MAX_BYTES`, or with more
   than :data:`MAX_ELEMENTS` elements, is refused. Empty input, binary data and text without
   markup are refused.
3. **Metadata** (:func:`page_metadata`): title, author, date, site name and canonical URL from
   the meta tags and JSON-LD through trafilatura's metadata module, and htmldate's fast date
   search. trafilatura's tree-wide author search is skipped (slow; the pipeline finds bylines).
   :func:`clean_html` (and ``metadata="title"``) looks for the title only, which is all the
   cleaning reads.
4. **Extraction**: ``trafilatura.bare_extraction`` on the parsed tree (trafilatura works on a
   copy) with :data:`TRAFILATURA_OPTIONS`, without comments; lines that only the page's source
   wrapping breaks are joined (:data:`UNWRAP`). Options chosen by measurement on the bench dev
   sets (``benchmarks/html_eval.py``): behind cleaner's stages, ``favor_recall`` is within
   0.004 F1 of trafilatura's default options and takes 0.6 of their time.
   When the extraction left out the article's lead (the paragraph under the headline that
   the page's markup sets apart as ``lead``, ``intro``, ``teaser``, ``standfirst``, ``chapo``
   …; :func:`find_lead`), it is put before the extracted text, and
   ``Result.metadata["lead"]`` holds it (``lead=False`` to leave it out).
5. **Hints** (:func:`collect_hints`): for the lines of the extracted text, whether the page
   shows them as an image caption, a link-dense block, page chrome (nav/aside/footer/forms) or
   inside a container whose class names boilerplate. They go to the HTM rules
   (:mod:`cleaner.rules.html_hints`), so every removal still carries a rule ID.
6. **Cleaning**: the extracted text goes through the text pipeline (:func:`cleaner.analyze`)
   with the page title as ``title=`` and the hints, in mode :data:`MODE` (``rules``, the mode
   for text that is already an article extraction) unless the caller or the config sets one.

**Fallbacks** (``Result.metadata["extractor"]`` says which path was taken):

* ``"trafilatura"``: the normal path.
* ``"trafilatura-balanced"``: the recall-focused extraction looked cut short (fewer than
  :data:`SECOND_CHANCE_CHARS` characters per ``<p>`` of the page), and trafilatura's balanced
  extraction, run as well, gave more than :data:`SECOND_CHANCE_GAIN` times as much text.
* ``"trafilatura-recall"``: with options that do not favour recall, when the extraction raised
  or gave no text, trafilatura is run once more with ``favor_recall=True``.
* ``"page-text"``: no extraction gave text (or trafilatura raised); the page's visible text
  (:func:`page_text`: block elements on lines of their own; script, style, head, template and
  hidden elements left out) is cleaned by the full text pipeline (mode ``default``). The same
  happens when the cleaning takes the whole extraction (:data:`WHOLE_PAGE_FALLBACK`): what
  the extractor found was only debris, such as the server's error messages, and the article
  lies elsewhere in the page; ``metadata["fallback_from"]`` then names the first path.

A page that cannot be decoded or parsed, or has no text at all, raises :class:`HTMLError` (a
``ValueError``) with a one-line message; the CLI prints ``cleaner: FILE: message``.

**Offsets.** ``Result.source`` is the *extracted text* (step 4, or the page text of the
fallback), not the HTML: ``Removal.start``/``end`` index into it, and
``cleaner.apply(result.source, result.removals) == result.text`` holds as for text input.

**Metadata.** ``Result.title`` is the caller's ``title=``, else the page's title, else the
pipeline's guess. ``metadata`` holds what the pipeline found, overridden by the page's
``byline``, ``published`` (YYYY-MM-DD), ``site_name`` and ``url`` (the caller's ``url=`` wins)
where the page has them, plus ``extractor`` and ``encoding`` (the codec used, ``"str"`` for
str input).

No network access happens anywhere: trafilatura and htmldate only ever get parsed trees, never
URLs or strings they might fetch; ``url=`` is only read.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata
import zlib
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .model import Result
from .pipeline import MAX_PASSES, analyze, rule_ids
from .rules.html_hints import hint_key, line_keys
from .text import repair_mojibake as _repair_mojibake

#: Largest input accepted, in bytes (after gzip decompression).
MAX_BYTES = 32 * 1024 * 1024
#: Most elements a parsed page may have (real pages have a few thousand).
MAX_ELEMENTS = 250_000

#: Options given to ``trafilatura.bare_extraction`` on the normal path (comments are never
#: included). Chosen on the bench dev sets with ``benchmarks/html_eval.py``.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "favor_recall": True,
    "include_tables": True,
}

#: Second chance for a cut-short extraction. trafilatura's recall-focused extraction keeps a
#: long-enough first result without comparing it with its fallback extractors, and on some
#: pages it stops after the first section or list. When the extraction holds fewer than
#: ``SECOND_CHANCE_CHARS`` characters per ``<p>`` element of the page, trafilatura's balanced
#: extraction (its default focus, with the fallback comparison) is run as well, and its text
#: is taken when it is more than ``SECOND_CHANCE_GAIN`` times as long. Measured on the bench
#: dev sets (``benchmarks/html_eval.py``); about one page in 30 pays the second run.
SECOND_CHANCE_CHARS = 30
SECOND_CHANCE_GAIN = 2.0

#: The article's lead. News pages set the paragraph under the headline (standfirst, Vorspann,
#: chapô, entradilla) apart with a class of its own, and trafilatura often leaves it out. The
#: lead is the first element after the headline (:func:`_headline`) whose class or id has one
#: of :data:`LEAD_WORDS` (not as a state: ``with-intro``), with at most ``LEAD_MAX_GAP``
#: characters of other text between the headline and it, outside navigation, asides, footers,
#: figures, links, list items, forms and hidden elements, and holding ``LEAD_MIN_WORDS`` to
#: ``LEAD_MAX_WORDS`` words; a shorter element is a subtitle rather than a paragraph. When the
#: extraction does not hold it, it is put before the extracted text
#: (``Result.metadata["lead"]`` says so). The words of a headline's second line (``subtitle``,
#: ``deck``, ``excerpt``) are not among them: on the bench dev sets they named summaries that
#: the articles' gold leaves out (``benchmarks/html_eval.py``, option set ``recall-u+nolead``).
LEAD = True
LEAD_WORDS = frozenset({
    "lead", "leadtext", "lede", "intro", "introtext", "teaser", "teasertext", "summary",
    "standfirst", "abstract", "preface", "vorspann", "chapo", "chapeau", "sapo", "entradilla",
    "sommario",
})
LEAD_MIN_WORDS = 20
LEAD_MAX_WORDS = 150
LEAD_MAX_GAP = 400
_LEAD_SPLIT = re.compile(r"[^a-z]+")
_STATE_PREFIXES = frozenset({"with", "has", "no", "without", "is"})
_NOT_LEAD_IN = frozenset({"nav", "aside", "footer", "figure", "figcaption", "a", "li", "form", "button"})

#: Text of the page that was UTF-8 once read as Windows-1252 or Latin-1 (``â€™``, ``Ã¼``) is
#: put right (:func:`cleaner.text.repair_mojibake`): in the decoded page before it is parsed,
#: and in the extracted text, its title and hints for what the page wrote as character
#: references. ``Result.metadata["mojibake_repaired"]`` counts the sequences. Such pages
#: mangled their own text: their bytes are valid UTF-8 and decode as the page declares.
#: The default of the ``repair_mojibake`` option of :func:`analyze_html`.
REPAIR_MOJIBAKE = True

#: The cleaning mode used when the caller gives none (and the config sets none): ``rules``, the
#: mode for text that is already an article extraction; measured better and faster than
#: ``default`` behind trafilatura (``benchmarks/html_eval.py``).
MODE = "rules"

INSTALL_HINT = "HTML input needs the HTML extra: pip install 'cleaner[html]'"


class HTMLError(ValueError):
    """The page cannot be decoded, parsed, or has no text. The message is one line."""


# --------------------------------------------------------------------------- availability

_AVAILABLE: bool | None = None


def html_available() -> bool:
    """Whether the HTML extra (trafilatura, lxml) is installed."""
    global _AVAILABLE
    if _AVAILABLE is None:
        try:
            import lxml.html  # noqa: F401
            import trafilatura  # noqa: F401
        except ImportError:
            _AVAILABLE = False
        else:
            _AVAILABLE = True
    return _AVAILABLE


def _require() -> None:
    if not html_available():
        raise ImportError(INSTALL_HINT)


# --------------------------------------------------------------------------- decoding

# <meta charset=...>, <meta http-equiv="Content-Type" content="...; charset=...">, and the
# XML declaration; searched in the first bytes of the page (where the head is).
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]{0,512}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:+-]{1,40})""", re.I
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:+-]{1,40})""", re.I)
_PRESCAN = 32 * 1024
# WHATWG encoding labels that Python spells or maps differently.
_LABELS = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "iso_8859-1": "cp1252",
    "windows-1252": "cp1252", "x-cp1252": "cp1252", "cp819": "cp1252", "ibm819": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949", "shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932",
    # A meta declaration of UTF-16/32 cannot be right (the meta was read as ASCII): UTF-8.
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8", "utf-32": "utf-8",
    "unicode": "utf-8", "utf8": "utf-8",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def declared_encoding(data: bytes) -> str | None:
    """The Python codec name of the charset the page declares, or ``None``."""
    head = data[:_PRESCAN]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").strip().lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _gunzip(data: bytes) -> bytes:
    dec = zlib.decompressobj(31)
    try:
        out = dec.decompress(data, MAX_BYTES + 1)
    except zlib.error as e:
        raise HTMLError(f"gzip data is corrupt ({e})") from None
    if len(out) > MAX_BYTES or dec.unconsumed_tail:
        raise HTMLError(f"page too large once decompressed (limit {MAX_BYTES // 2**20} MB)")
    return out


def decode_html(data: bytes | str) -> tuple[str, str]:
    """Decode page bytes; returns ``(text, encoding)``. See the module docstring for the order
    of evidence. ``str`` input is returned as it is (encoding ``"str"``)."""
    if isinstance(data, str):
        return data, "str"
    if data[:3] == b"\x1f\x8b\x08":
        data = _gunzip(data)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                return data[len(bom):].decode(enc, "replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data)
    if declared:
        # A declared charset is honoured even when some bytes do not fit it.
        return data.decode(declared, "replace"), declared
    guessed = _detect(data)
    if guessed:
        try:
            text = data.decode(guessed)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            # Western pages without a declaration are windows-1252 far more often than the
            # neighbours a detector may name for them; prefer it when it reads the same.
            if guessed != "cp1252":
                try:
                    if data.decode("cp1252") == text:
                        guessed = "cp1252"
                except UnicodeDecodeError:
                    pass
            return text, guessed
    return data.decode("cp1252", "replace"), "cp1252"


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency of trafilatura
        return None
    sample = data if len(data) <= 20_000 else data[:10_000] + data[-10_000:]
    best = from_bytes(sample).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    return best.encoding


# --------------------------------------------------------------------------- parsing

# Characters libxml2 rejects or that carry nothing (C0 controls but tab, LF, CR; noncharacters).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# lxml parsers and XPath evaluators are not to be shared between threads: one set per thread.
_LOCAL = threading.local()


def _parser():
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        import lxml.html

        # The HTML parser never loads DTDs or expands declared entities; no_network is the
        # default but stated; huge_tree stays off so libxml2 keeps its depth and size limits.
        parser = _LOCAL.parser = lxml.html.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
            collect_ids=False, default_doctype=False, huge_tree=False,
        )
        # Every element is an HtmlElement: lxml.html's own lookup picks form classes by tag in
        # Python, once per element proxy, about 0.6 ms (2 %) of a page. Neither
        # trafilatura nor cleaner uses the form classes.
        from lxml import etree

        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity,
        ))
    return parser


MAX_ATTRIBUTE = 2_000
_LONG_ATTRS = f"//@class[string-length() > {MAX_ATTRIBUTE}] | //@id[string-length() > {MAX_ATTRIBUTE}]"
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")
# The bytes of the characters _INVALID_XML removes, in UTF-8; each is looked for with a
# substring search (memchr), several times cheaper than one regular-expression scan.
_INVALID_XML_BYTES = tuple(bytes([c]) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))) \
    + (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def _has_invalid_xml(raw: bytes) -> bool:
    return any(b in raw for b in _INVALID_XML_BYTES)


def _looks_binary(text: str) -> bool:
    head = text[:4096]
    return len(_BINARY.findall(head)) > len(head) * 0.05


def parse_html(text: str, raw: bytes | None = None):
    """Parse page text into an lxml ``HtmlElement`` (``<html>``) tree, or raise HTMLError.

    ``raw`` may be the UTF-8 bytes ``text`` was decoded from; they are parsed directly when
    they hold no character that XML forbids (saves encoding the text again).
    """
    import lxml.etree

    if not text.strip():
        raise HTMLError("empty input")
    if _looks_binary(text):
        raise HTMLError("not HTML (binary data)")
    if "<" not in text:
        raise HTMLError("not HTML (no markup found); leave out --html for plain text")
    if raw is None or _has_invalid_xml(raw):
        raw = _INVALID_XML.sub("", text).encode("utf-8", "replace")  # lone surrogates -> '?'
    try:
        tree = lxml.etree.fromstring(raw, _parser())
    except (lxml.etree.LxmlError, ValueError) as e:
        raise HTMLError(f"cannot parse the HTML ({_one_line(e)})") from None
    if tree is None:
        raise HTMLError("cannot parse the HTML (nothing parsed)")
    # An element opens with a '<' in the source, or the parser adds it (html, head, body, and
    # at most one p for a run of text after a tag): only a page with many '<' is counted.
    if 2 * raw.count(b"<") + 8 > MAX_ELEMENTS:
        n = int(tree.xpath("count(//*)"))
        if n > MAX_ELEMENTS:
            raise HTMLError(f"page too large: {n} elements (limit {MAX_ELEMENTS})")
    # Class and id values are matched with regular expressions by the extractor (about a
    # second per MB); values this long name nothing, so they go.
    for value in _xpath(_LONG_ATTRS)(tree):
        value.getparent().attrib.pop(value.attrname, None)
    return tree


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg if len(msg) <= 200 else msg[:197] + "..."


# --------------------------------------------------------------------------- hints

_CHROME_TAGS = frozenset({"nav", "aside", "footer", "form"})
_CHROME_ROLES = frozenset({"navigation", "complementary", "contentinfo", "search", "banner"})
# Elements whose text stands as one line in an extraction.
_LINE_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th"})
_CAPTION_CLASS = re.compile(r"caption", re.I)
_CAPTION_HOSTS = frozenset({"div", "p", "span", "figure"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "title", "iframe",
                   "object", "embed", "select", "option", "textarea"})
# Wrappers that often carry layout words ("has-sidebar", "with-comments"): not judged.
_WRAPPERS = frozenset({"html", "body", "main", "article"})
_MAX_HINT_CHARS = 1_000
_MAX_CONTAINER_SHARE = 0.3
_LINK_DENSE_WORDS = 30
#: List items that open with a same-site link (headline + blurb teasers) count as link-dense.
TEASER_ITEMS = True

# Context flags of a block.
_F_CHROME, _F_BOILER, _F_SKIP, _F_CAPTION = 1, 2, 4, 8
_HINT_BLOCKS = tuple(sorted(_LINE_BLOCKS | {"figcaption"}))
#: Look also at the other elements that have text of their own (a widget's <span>, a
#: teaser's <a>, a form's <section> with a heading text), not only at paragraphs, headings,
#: items, cells and captions. Containers without text of their own are not looked at (their
#: text is their children's; computing it for every container is the costly part).
ANY_ELEMENT = True
_OWN_TEXT = "//body//*[text()[normalize-space()]]"  # (not "//text()/..": quadratic in libxml2)
_PREFIX = 8
_NOT_BLOCKS = _SKIP | {"html", "body", "br", "img", "hr", "input", "meta", "link"}
# Elements with text of their own that are not looked at as such: the blocks (already in) and
# those that are not blocks at all.
_OTHER_TAGS = _NOT_BLOCKS | frozenset(_HINT_BLOCKS)


@dataclass
class Hints:
    captions: set[str] = field(default_factory=set)
    link_dense: set[str] = field(default_factory=set)
    # chrome and boilerplate texts map to what marked them (``<nav>``, ``class "share-box"``)
    chrome: dict[str, str] = field(default_factory=dict)
    boiler: dict[str, str] = field(default_factory=dict)
    body: set[str] = field(default_factory=set)  # ordinary blocks: never hinted

    def as_dict(self) -> dict[str, frozenset[str] | dict[str, str]]:
        body, dense = self.body, self.link_dense
        return {
            "html_captions": frozenset(self.captions - body),
            "html_link_dense": frozenset(dense - body),
            "html_chrome": {k: v for k, v in self.chrome.items() if k not in body and k not in dense},
            "html_boilerplate": {k: v for k, v in self.boiler.items()
                                 if k not in body and k not in dense and k not in self.chrome},
        }


# Class words that name a page's taxonomy or state, not a container's purpose (WordPress
# "category-social", "tag-share"; "has-sidebar").
_TAXONOMY = ("category-", "tag-", "post-", "has-", "with-", "no-", "is-", "page-", "format-",
             "type-", "status-", "single-", "topic-", "section-")


def _host(url: str | None) -> str:
    if not url:
        return ""
    m = _HOST.match(url.strip())
    host = m.group(1).lower() if m else ""
    return host[4:] if host.startswith("www.") else host


_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/?#:@]+)", re.I)


def _link_kind(href: str | None, page_host: str) -> str:
    """``"self"`` (a fragment link within the page), ``"site"`` (same site or relative) or
    ``"external"``."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return "self"
    host = _host(href)
    if not host:
        return "site"
    if page_host and (host == page_host or host.endswith("." + page_host) or page_host.endswith("." + host)):
        return "site"
    return "external"


def _xpath(expr: str):
    cache = getattr(_LOCAL, "xpath", None)
    if cache is None:
        cache = _LOCAL.xpath = {}
    f = cache.get(expr)
    if f is None:
        import lxml.etree

        f = cache[expr] = lxml.etree.XPath(expr)
    return f


# Class or id words of containers that hold boilerplate ("sd-social", "related-posts",
# "newsletter_form", "sharedaddy", "post-meta"); see _boiler_value. Not "teaser": TYPO3 and
# others call an article's lead paragraph "teaser-text".
_BOILER_PREFIXES = (
    "share", "sharing", "social", "sharedaddy", "related", "newsletter", "subscri", "signup",
    "promo", "sponsor", "advert", "outbrain", "taboola", "recommend",
    "popular", "trending", "mostread", "moreabout", "readmore", "nextpost", "prevpost", "sidebar",
    "widget", "breadcrumb", "pagination", "pager", "cookie", "consent", "gdpr", "modal", "popup",
    "author", "byline", "comment", "disclosure", "disclaimer", "credit", "copyright", "rating",
    "sronly", "screenreader", "visuallyhidden",
)
# Not "caption": a container named so ("item-caption", "video-caption") holds a media item's
# description; a caption itself is told by its own element (HTM001).
_BOILER_EXACT = frozenset({"ad", "ads", "nav", "menu", "toc", "tag", "tags", "tagcloud", "meta", "footer",
                           "banner", "hide", "hidden"})
_BOILER_PAIRS = frozenset({"moreabout", "readmore", "nextpost", "prevpost", "sronly", "screenreader",
                           "visuallyhidden"})


_PAIR_PARTS = frozenset({"more", "about", "next", "prev", "read", "sr", "only", "screen", "reader",
                         "visually", "hidden", "post"})


#: Whether a boilerplate class that the page's containers share for more than
#: ``_MAX_CONTAINER_SHARE`` of its text counts as page structure (see :func:`collect_hints`).
STRUCTURAL_CLASSES = True
# The elements with a class token that starts with $t (given with a space before).
_WITH_CLASS = "//body//*[contains(concat(' ', @class), $t)]"


def _boiler_value(value: str) -> bool:
    """Whether a class or id value has a boilerplate word. Words are split at spaces, '-' and
    '_'. A word that starts with one of :data:`_BOILER_PREFIXES` counts anywhere; a short word
    (:data:`_BOILER_EXACT`: "ad", "nav", "meta", "tags" ...) only as the first or last word of
    its token ("post-meta", "nav-menu", not "heading-tag-switch"); two neighbouring words can
    make one ("read-more", "sr-only")."""
    return any(_boiler_stem(token) for token in value.lower().split())


_WORD = re.compile(r"[^\s_-]+")
_STATE_WORDS = frozenset({"enabled", "disabled", "true", "false", "none", "off"})


def _boiler_stem(token: str) -> str:
    """The start of a class or id token up to the end of its first boilerplate word
    (``elementor-widget`` of ``elementor-widget-text-editor``), or ``""`` when it has none
    (see :func:`_boiler_value`; words are compared in lower case). A token whose last word
    states a switch (``sidebar-enabled--false``, ``comments-none``) names none."""
    words = list(_WORD.finditer(token))
    if words and words[-1].group().lower() in _STATE_WORDS:
        return ""  # a layout switch ("sidebar-enabled--false", "comments-none"), not a block
    last = len(words) - 1
    prev = ""
    for k, m in enumerate(words):
        w = m.group().lower()
        if w in _PAIR_PARTS:
            if prev + w in _BOILER_PAIRS:
                return token[:m.end()]
        elif w in _BOILER_EXACT:
            if k == 0 or k == last:
                return token[:m.end()]
        elif w.startswith(_BOILER_PREFIXES):
            return token[:m.end()]
        prev = w
    return ""


def _boiler_tokens(value: str) -> Iterator[tuple[str, str]]:
    """Each class token, not a taxonomy class, that has a boilerplate word, with its
    :func:`_boiler_stem`."""
    for token in value.split():
        if not token.lower().startswith(_TAXONOMY):
            stem = _boiler_stem(token)
            if stem:
                yield token, stem


def _class_words(value: str) -> bool:
    """Whether a class value has a token, not a taxonomy class, with a boilerplate word."""
    return next(_boiler_tokens(value), None) is not None


#: Verdicts on class and id values, kept across pages (a site's class values repeat on every
#: element and page); emptied when it holds this many.
_VERDICTS_MAX = 4096
_class_verdicts: dict[str, bool] = {}
_id_verdicts: dict[str, bool] = {}


def _known(verdicts: dict[str, bool], judge: Callable[[str], bool], value: str) -> bool:
    """``judge(value)``, looked up in ``verdicts`` first."""
    known = verdicts.get(value)
    if known is None:
        if len(verdicts) >= _VERDICTS_MAX:
            verdicts.clear()
        known = verdicts[value] = judge(value)
    return known


def _boiler_stems(value: str) -> list[str]:
    """The :func:`_boiler_stem` of each class token that makes :func:`_class_words` true."""
    return [stem for _, stem in _boiler_tokens(value)]


def collect_hints(tree, url: str | None = None, lines: set[str] | frozenset[str] | None = None,
                  ) -> dict[str, frozenset[str]]:
    """Texts of captions, link-dense blocks, page chrome and boilerplate containers, as
    :func:`hint_key` keys (see :mod:`cleaner.rules.html_hints`).

    The blocks looked at are paragraphs, headings, list items, cells and figcaptions, and
    (:data:`ANY_ELEMENT`) other elements with text of their own; with ``lines`` (the hint keys
    of the extracted text's lines, :func:`extracted_keys`) only those whose text is one of
    them. An element whose text equals that of an element inside it is a mere wrapper and is
    not judged. A block is a *caption* inside a ``figcaption`` or an element whose class says
    caption; *chrome* inside ``nav``/``aside``/``footer``/``form`` or a like ARIA landmark;
    *boilerplate* inside an element whose class (or a container's id) has a boilerplate word
    (:func:`_boiler_value`; a heading's id is not read, it is made from the heading's text,
    nor is an id the page's own links point to, :data:`TARGET_IDS`, or one of five words or
    more, a heading's slug, :data:`SLUG_ID_WORDS`). Chrome and boilerplate texts map to what
    marked them (``in <nav>``, ``in <div> class "share-box"``).
    A container holding more than 30 % of the page's text (the code of scripts and styles is
    not text) is neither chrome nor boilerplate, and neither is one whose boilerplate class
    words are the page's structure: the elements with a class token that starts the same way
    (``elementor-widget``) hold together more than 30 % of the page's text. A block is
    *link-dense* when at least 90 % of its text is the text of links to pages of the same
    site; fragment links within the page do not count as links, and a chrome block made of
    them (a table of contents) is not hinted; nor are the items of a list that a paragraph
    ending with a colon introduces (:data:`INTRODUCED_LISTS`). A text that also occurs as an
    ordinary block (none of the above) is never hinted. Hidden blocks are skipped.

    Cost: lxml (C) computes the blocks' texts; Python looks at the ancestors of the blocks
    that are lines of the extraction only (about 3 ms a page on the bench).
    """
    string = _xpath("string()")
    blocks = []
    elements = list(tree.iter(*_HINT_BLOCKS))
    if ANY_ELEMENT:
        elements += [el for el in _xpath(_OWN_TEXT)(tree) if el.tag not in _OTHER_TAGS]
    # With ``lines``, an element whose leading text cannot start any line is passed over
    # without computing its whole text. The leading text is the element's own, or, when it
    # has none, that of its first child (and so on down).
    starts = None if lines is None else {k[:_PREFIX] for k in lines}
    for el in elements:
        if starts is not None:
            node = el
            head = node.text
            while not head or head.isspace():
                if not len(node):
                    break
                node = node[0]
                head = node.text
            else:
                k = hint_key(head[:3 * _PREFIX])[:_PREFIX]
                if len(k) == _PREFIX and k not in starts:
                    continue
        text = string(el)
        key = _block_key(text)
        if key and (lines is None or key in lines):
            blocks.append((el, text, key))
    h = Hints()
    if not blocks:
        return h.as_dict()
    # An element whose text is the same as that of an element inside it only wraps it: the
    # innermost one is judged (with its ancestors as context), the wrappers are not.
    keys = {el: key for el, _, key in blocks}
    wrappers = set()
    for el, _, key in blocks:
        p = el.getparent()
        while p is not None and keys.get(p) == key:
            wrappers.add(p)
            p = p.getparent()
    blocks = [b for b in blocks if b[0] not in wrappers]
    page_host = _host(url)
    if not page_host:
        canon = tree.find(".//link[@rel='canonical']")
        page_host = _host(canon.get("href")) if canon is not None else ""
    body_el = tree.find("body")
    # An id that the page's own links point to names a section of the page (a table of
    # contents' "#toc_should-you-invest"), not a kind of container.
    # Both are read only when an id or a container is in question (on most pages for a few
    # blocks), so they are computed then.
    targets = _LinkTargets(tree) if TARGET_IDS else frozenset()

    def text_len(el) -> int:
        # the text a reader sees: without the code of scripts and styles
        return len(string(el)) - sum(len(string(c)) for c in el.iter(*_CODE_TAGS))

    big_known: list[float] = []

    def big() -> float:
        if not big_known:
            big_known.append(_MAX_CONTAINER_SHARE * text_len(body_el if body_el is not None else tree))
        return big_known[0]

    memo: dict[tuple[Any, bool], int] = {}

    # A class that the page gives to containers holding, together, more than the share of a
    # big container names the page's structure, not boilerplate: page builders call every
    # block a "widget", some sites every section a "toc-" part.
    structural: dict[str, bool] = {}

    def layout_class(token: str) -> bool:
        known = structural.get(token)
        if known is None:
            total, outer = 0, None
            # in document order an element inside an earlier match is inside the last outermost one
            for n in _xpath(_WITH_CLASS)(tree, t=f" {token}"):
                if outer is not None and any(a is outer for a in n.iterancestors()):
                    continue
                outer = n
                total += text_len(n)
                if total > big():
                    break
            known = structural[token] = total > big()
        return known

    def is_structural(stem: str) -> bool:
        return STRUCTURAL_CLASSES and layout_class(stem)

    def flags_of(el, is_block: bool) -> int:
        f = memo.get((el, is_block))
        if f is None:
            f = _own_flags(el, is_block, targets)
            if f & (_F_CHROME | _F_BOILER) and text_len(el) > big():
                f &= ~(_F_CHROME | _F_BOILER)
            if f & _F_BOILER and STRUCTURAL_CLASSES:
                stems = _boiler_stems(el.get("class") or "")
                if stems and all(map(is_structural, stems)):
                    f &= ~_F_BOILER
            memo[(el, is_block)] = f
        return f

    # The flags an element's ancestors and the element itself give, the href of the
    # innermost link among them, and the innermost elements that gave the chrome and the
    # boilerplate flag; blocks share most ancestors, so each is computed once.
    context: dict[Any, tuple[int, str | None, Any, Any]] = {None: (0, None, None, None)}

    def with_flags(state, el, f: int):
        flags, link, chrome_el, boiler_el = state
        if f & _F_CHROME:
            chrome_el = el
        if f & _F_BOILER:
            boiler_el = el
        return flags | f, link, chrome_el, boiler_el

    def context_of(el):
        path = []
        while el not in context:
            path.append(el)
            el = el.getparent()
        state = context[el]
        for el in reversed(path):
            state = with_flags(state, el, flags_of(el, False))
            if el.tag == "a" and el.get("href") is not None:
                state = (state[0], el.get("href"), state[2], state[3])
            context[el] = state
        return state

    dense_items = []
    for el, text, key in blocks:
        flags, link, chrome_el, boiler_el = with_flags(context_of(el.getparent()), el, flags_of(el, True))
        if flags & _F_SKIP:
            continue
        if flags & _F_CAPTION:
            h.captions.add(key)
            continue
        site = other = own = 0
        lead = ""  # the kind of the link the block's text starts with
        if link is not None:
            kind = _link_kind(link, page_host)
            n = len(key)
            lead = kind
            links = ((kind, n),)
        else:
            links = []
            for a in el.iter("a"):
                n = len(hint_key(string(a)))
                if n:
                    kind = _link_kind(a.get("href"), page_host)
                    links.append((kind, n))
                    if not lead and key.startswith(hint_key(string(a))):
                        lead = kind
        for kind, n in links:
            if kind == "self":
                own += n
            elif kind == "site":
                site += n
            else:
                other += n
        if flags & (_F_CHROME | _F_BOILER):
            # a table of contents names the article's headings: not chrome to remove
            if own < 0.5 * len(key):
                if flags & _F_CHROME:
                    h.chrome[key] = _chrome_reason(chrome_el)
                else:
                    h.boiler[key] = _boiler_reason(boiler_el, is_structural)
        elif site and site + other >= 0.9 * len(key) and other <= 0.1 * len(key) \
                and len(text.split()) <= _LINK_DENSE_WORDS:
            dense_items.append((el, key))
        elif TEASER_ITEMS and el.tag == "li" and lead == "site" and site >= 0.3 * len(key) \
                and len(text.split()) <= _LINK_DENSE_WORDS:
            # a list item that opens with a link to another page of the site: a teaser
            dense_items.append((el, key))
        else:
            h.body.add(key)
    # A list that a sentence of the article introduces ("Here are some of the courses on
    # offer:") is the article's own list, links or not.
    introduced: dict[Any, bool] = {}
    for el, key in dense_items:
        # the list item the block is or lies in (a wrapped link is judged as the block)
        item = el if el.tag == "li" else next(el.iterancestors("li"), None)
        if item is not None and INTRODUCED_LISTS:
            lst = item.getparent()
            known = introduced.get(lst)
            if known is None:
                known = introduced[lst] = _introduced(lst, string)
            if known:
                continue
        h.link_dense.add(key)
    return h.as_dict()


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements whose text is code, not page text: not counted in a container's share of the page.
_CODE_TAGS = ("script", "style")
_FRAGMENT_HREFS = "//a[starts-with(@href, '#')]/@href"
#: An id that a link of the page points to (``href="#toc_how-it-began"``) is a section's
#: anchor, not a container's name: its words are not read as boilerplate words.
TARGET_IDS = True
#: An id of this many words or more is made from a text (a section heading's slug), not a
#: container's name: its words are not read as boilerplate words.
SLUG_ID_WORDS = 5
#: A list of links that follows a paragraph of at least :data:`INTRO_WORDS` words ending with
#: a colon ("Here are some of the courses Google offers:") is the article's list, not a block
#: of related links: its items are not link-dense hints (HTM002).
INTRODUCED_LISTS = True
INTRO_WORDS = 8


def _hidden(el) -> bool:
    """Whether the page hides ``el`` (``hidden``, ``aria-hidden="true"``)."""
    return el.get("hidden") is not None or (el.get("aria-hidden") or "").strip() == "true"


def _slug(ident: str) -> bool:
    """Whether an id is made from a text (a heading's words: "more-on-car-repair-related-
    articles"), not a component's name ("cookie-law-info", "pre-footer"): it has at least
    :data:`SLUG_ID_WORDS` words."""
    return len(_WORD.findall(ident)) >= SLUG_ID_WORDS


def _introduced(lst, string) -> bool:
    """Whether the element before list ``lst`` is a paragraph of at least
    :data:`INTRO_WORDS` words that ends with a colon: a sentence introducing the list."""
    prev = lst.getprevious()
    while prev is not None and not isinstance(prev.tag, str):  # comments, processing instructions
        prev = prev.getprevious()
    if prev is None or prev.tag != "p":
        return False
    text = string(prev).strip()
    return text.endswith((":", "：")) and len(text.split()) >= INTRO_WORDS


def _chrome_reason(el) -> str:
    """What makes ``el`` page chrome, as the removal's detail: ``in <nav>``, ``in role=search``."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _CHROME_TAGS:
        return f"in <{tag}>"
    return f"in role={(el.get('role') or '').strip().lower()}"


def _boiler_reason(el, structural: Callable[[str], bool]) -> str:
    """The class (or id) token that makes ``el`` a boilerplate container, as the removal's
    detail: ``in <div> class "share-box"``. A class token whose boilerplate stem is the page's
    structure (``structural``) is not the reason."""
    for token, stem in _boiler_tokens(el.get("class") or ""):
        if not structural(stem):
            return f'in <{el.tag}> class "{token}"'
    return f'in <{el.tag}> id "{(el.get("id") or "").strip()}"'


class _LinkTargets:
    """The ids that the page's own links point to (``href="#id"``), read from the page when
    first asked for (:data:`TARGET_IDS`)."""

    __slots__ = ("_tree", "_ids")

    def __init__(self, tree) -> None:
        self._tree = tree
        self._ids: frozenset[str] | None = None

    def __contains__(self, ident: object) -> bool:
        if self._ids is None:
            self._ids = frozenset(h[1:].strip() for h in _xpath(_FRAGMENT_HREFS)(self._tree))
        return ident in self._ids


def _own_flags(el, is_block: bool, targets: Container[str] = frozenset()) -> int:
    """Context flags that element ``el`` gives to the blocks inside it (and, for a block, to
    itself). ``targets`` are the ids that the page's own links point to (``href="#id"``)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP or _hidden(el):
        return _F_SKIP
    f = 0
    if tag == "figcaption":
        f |= _F_CAPTION
    if tag in _CHROME_TAGS:
        f |= _F_CHROME
    role = el.get("role")
    if role and role.strip().lower() in _CHROME_ROLES:
        f |= _F_CHROME
    if tag not in _WRAPPERS:
        cls = el.get("class")
        if cls:
            # a caption class marks the element itself, not what it holds (a "video-caption"
            # box holds the video's description)
            if is_block and tag in _CAPTION_HOSTS and "aption" in cls and _CAPTION_CLASS.search(cls):
                f |= _F_CAPTION
            if _known(_class_verdicts, _class_words, cls):
                f |= _F_BOILER
        # a heading's id is made from its text ("h-what-is-social-media"), also when the
        # block judged is an element inside the heading
        if not is_block and not f & _F_BOILER and tag not in _HEADINGS:
            ident = el.get("id")
            if ident and _known(_id_verdicts, _boiler_value, ident) and not _slug(ident) and ident not in targets:
                f |= _F_BOILER
    return f


def _block_key(text: str) -> str:
    if not text or len(text) > 2 * _MAX_HINT_CHARS:
        return ""
    key = hint_key(text)
    return key if len(key) <= _MAX_HINT_CHARS else ""


# --------------------------------------------------------------------------- page text

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul", "body", "html",
    "details", "fieldset", "legend", "caption", "tbody", "thead", "tfoot",
})


def page_text(tree) -> str:
    """The page's visible text: block elements on lines of their own; script, style, head,
    templates and ``hidden`` elements left out. Iterative (no recursion)."""
    import lxml.etree

    out: list[str] = []
    cur: list[str] = []

    def flush():
        if cur:
            line = " ".join("".join(cur).split())
            if line:
                out.append(line)
            cur.clear()

    skip_depth = 0
    for event, el in lxml.etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if skip_depth or tag in _SKIP or el.get("hidden") is not None or el.get("aria-hidden") == "true":
                skip_depth += 1
                continue
            if tag in _BLOCK_TAGS:
                flush()
            if el.text:
                cur.append(el.text)
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth:
                    continue
                # leaving a skipped element: its tail is visible
            elif tag in _BLOCK_TAGS:
                flush()
            if el.tail:
                cur.append(el.tail)
    flush()
    return "\n".join(out)


# --------------------------------------------------------------------------- extraction


@dataclass
class Page:
    """What the HTML stage hands to the text pipeline."""

    text: str
    extractor: str
    encoding: str
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    hints: dict[str, frozenset[str] | dict[str, str]] = field(default_factory=dict)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


#: Join the lines that only the page's source wrapping breaks (a newline inside a paragraph
#: of the HTML); ``<br>`` and code keep theirs. Measured on the bench dev sets.
UNWRAP = True
# A line break with the blanks around it. The lookbehind makes a match start at the first
# blank of a run only (no quadratic retries on a long run of blanks without a line break).
_WRAP = re.compile(r"(?<![ \t])[ \t]*[\r\n]\s*")
_KEEP_BREAKS = frozenset({"code", "pre"})


def _unwrap(body) -> bool:
    """Replace source line breaks in the text of trafilatura's output tree by spaces. Returns
    whether anything changed."""
    changed = False
    for el in body.iter():
        if el.tag in _KEEP_BREAKS or any(a.tag in _KEEP_BREAKS for a in el.iterancestors()):
            continue
        if el.text and ("\n" in el.text or "\r" in el.text):
            el.text = _WRAP.sub(" ", el.text)
            changed = True
        if el.tail and ("\n" in el.tail or "\r" in el.tail) and el.getparent() is not None \
                and el.getparent().tag not in _KEEP_BREAKS:
            el.tail = _WRAP.sub(" ", el.tail)
            changed = True
    return changed


def _trafilatura(tree, url: str | None, options: dict[str, Any]) -> str:
    from trafilatura import bare_extraction

    options = dict(options)
    unwrap = options.pop("unwrap", UNWRAP)
    doc = bare_extraction(tree, url=url, with_metadata=False, **options)
    if doc is None:
        return ""
    text = getattr(doc, "text", None)
    body = getattr(doc, "body", None)
    if text and unwrap and body is not None and ("\n" in text) and _unwrap(body):
        from trafilatura.xml import xmltotxt

        text = xmltotxt(body, bool(options.get("include_formatting")))
    return _nfc(text) if text else ""


def _stopped_early(tree, extracted: str) -> bool:
    """Whether a recall-focused extraction looks cut short: it holds fewer than
    :data:`SECOND_CHANCE_CHARS` characters per ``<p>`` element of the page."""
    return len(extracted) < SECOND_CHANCE_CHARS * _xpath("count(//body//p)")(tree)


def _following(el):
    """The elements after ``el`` in document order, not those inside it."""
    node = el
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def _lead_class(el) -> bool:
    for name in ("class", "id"):
        value = el.get(name)
        if value:
            for token in value.lower().split():
                words = _LEAD_SPLIT.split(token)
                # "with-excerpt", "has-subtitle": a container's state, not the lead itself
                if words[0] not in _STATE_PREFIXES and not LEAD_WORDS.isdisjoint(words):
                    return True
    return False


def _headline(body, title: str | None):
    """The article's headline: the first ``<h1>`` or, when the page has none, ``<h2>`` whose
    text is part of the page's title (or holds it); else the first ``<h1>``."""
    first = None
    key = " ".join(title.split()).casefold() if title else ""
    for tag in ("h1", "h2"):
        for h in body.iter(tag):
            if first is None and tag == "h1":
                first = h
            if not key:
                break
            text = " ".join(h.text_content().split()).casefold()
            if text and (text in key or key in text):
                return h
        if first is not None:
            break
    return first


def find_lead(tree, extracted: str, title: str | None = None) -> str | None:
    """The article's lead when the extracted text lacks it (see :data:`LEAD`), else ``None``.
    ``title`` is the page's title, to tell the headline."""
    body = tree.find("body")
    if body is None:
        return None
    headline = _headline(body, title)
    if headline is None:
        return None
    gap = 0
    for el in _following(headline):
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag not in _NOT_LEAD_IN and _lead_class(el) \
                and not any(a.tag in _NOT_LEAD_IN or _hidden(a) for a in el.iterancestors()) \
                and not _hidden(el):
            # text nodes joined with spaces: a lead may be several paragraphs in one element
            text = " ".join(" ".join(_xpath(_VISIBLE_TEXT)(el)).split())
            if LEAD_MIN_WORDS <= len(text.split()) <= LEAD_MAX_WORDS:
                # the extraction holds it, or its end (a heading or byline put before it);
                # compared without spaces and invisible characters (soft hyphens)
                key, flat = hint_key(text), hint_key(extracted)
                return None if key[:50] in flat or key[-50:] in flat else text
        if el.text:
            gap += len(el.text.strip())
            if gap > LEAD_MAX_GAP:
                return None
    return None


# An element's text without that of its scripts and styles.
_VISIBLE_TEXT = ".//text()[not(" + " or ".join(f"ancestor::{t}" for t in _CODE_TAGS) + ")]"


def page_metadata(tree, url: str | None, *, title_only: bool = False) -> dict[str, Any]:
    """Title, byline, published date (YYYY-MM-DD), site name and URL from the page's meta tags
    and JSON-LD (trafilatura's metadata module, htmldate's fast date search). Cheap: the
    tree-wide author search of trafilatura is skipped (the pipeline finds bylines in the text).
    Any failure of a part leaves that field out. With ``title_only``, only the title (the one
    field the cleaning reads) is looked for; the date search, the costly part, is skipped."""
    out: dict[str, Any] = {}
    try:
        from trafilatura import metadata as tm
    except ImportError:  # pragma: no cover
        return out
    try:
        doc = tm.examine_meta(tree)
    except Exception:
        return out
    if title_only and doc.title:  # JSON-LD only fills fields still missing: skip its parse
        return _fields((("title", doc.title),))
    try:
        doc = tm.extract_meta_json(tree, doc)
    except Exception:
        pass
    try:
        if not doc.title:
            doc.title = tm.extract_title(tree)
    except Exception:
        pass
    if title_only:
        return _fields((("title", doc.title),))
    author = doc.author if doc.author and " " in doc.author.strip() else None
    try:
        page_url = doc.url or tm.extract_url(tree, url)
    except Exception:
        page_url = None
    page_url = url or page_url
    try:
        from htmldate import find_date

        date = find_date(tree, extensive_search=False, original_date=True, url=page_url)
    except Exception:
        date = None
    try:
        site = doc.sitename or tm.extract_sitename(tree)
        if site:
            site = site.lstrip("@")
    except Exception:
        site = None
    return _fields((("title", doc.title), ("byline", author), ("published", date),
                    ("site_name", site), ("url", page_url)))


def _fields(pairs) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if isinstance(value, str):
            value = _nfc(" ".join(value.split()))
        if value:
            out[key] = value
    return out


def extract_page(html: str | bytes, *, url: str | None = None,
                 trafilatura_options: dict[str, Any] | None = None, hints: bool = True,
                 metadata: bool | str = True, lead: bool = LEAD,
                 repair_mojibake: bool | None = None, whole_page: bool = False) -> Page:
    """Steps 1-5 of the module docstring: decode, parse, metadata, extract, hints.
    ``metadata`` is ``True`` (all fields), ``"title"`` (the title only: all that the cleaning
    reads) or ``False`` (none); ``lead`` puts back the article's lead that the extraction left
    out (:data:`LEAD`); ``repair_mojibake`` puts right text the page mangled (default
    :data:`REPAIR_MOJIBAKE`); ``whole_page=True`` skips the extractor and takes the page's
    whole text (the ``"page-text"`` path)."""
    repair = REPAIR_MOJIBAKE if repair_mojibake is None else bool(repair_mojibake)
    _require()
    if not isinstance(html, (bytes, bytearray, memoryview, str)):
        raise TypeError(f"analyze_html() takes str or bytes, not {type(html).__name__}")
    if isinstance(html, (bytearray, memoryview)):
        html = bytes(html)
    if len(html) > MAX_BYTES:
        raise HTMLError(f"page too large: {len(html)} bytes (limit {MAX_BYTES // 2**20} MB)")
    text, encoding = decode_html(html)
    repaired = 0
    if repair:
        text, repaired = _repair_mojibake(text)
    raw = html if encoding == "utf-8" and isinstance(html, bytes) and html[:3] != b"\x1f\x8b\x08" \
        and not repaired else None
    tree = parse_html(text, raw)
    meta = page_metadata(tree, url, title_only=metadata == "title") if metadata else {}
    options = TRAFILATURA_OPTIONS if trafilatura_options is None else trafilatura_options
    extracted, path = ("", "page-text") if whole_page else _extract(tree, url, options)
    if not extracted.strip():
        path = "page-text"
        try:
            extracted = _nfc(page_text(tree))
        except (Exception, RecursionError) as e:
            raise HTMLError(f"cannot read the page's text ({_one_line(e)})") from None
    if not extracted.strip():
        raise HTMLError("no text found in the page")
    page_hints = collect_hints(tree, url, extracted_keys(extracted)) if hints else {}
    title = meta.pop("title", None)
    if lead and path != "page-text":
        try:
            found = find_lead(tree, extracted, title)
        except (Exception, RecursionError):
            found = None
        if found:
            extracted = found + "\n" + extracted
            meta["lead"] = found
    if repair:
        # what the page wrote as character references (&acirc;&euro;&trade;) shows only now
        extracted, later = _repair_mojibake(extracted)
        if later:
            if "lead" in meta:
                meta["lead"] = _repair_mojibake(meta["lead"])[0]
            title = _repair_mojibake(title)[0] if title else title
            # the hints were read from the page as it is: their keys are repaired the same way
            page_hints = {k: _repaired_keys(v) for k, v in page_hints.items()}
        if repaired + later:
            meta["mojibake_repaired"] = repaired + later
    return Page(extracted, path, encoding, title, meta, page_hints)


def _extract(tree, url: str | None, options: dict[str, Any]) -> tuple[str, str]:
    """The extractor's text and the path that gave it (see the module docstring's
    fallbacks); ``""`` when no extraction gave text."""
    extracted, path = "", "trafilatura"
    try:
        extracted = _trafilatura(tree, url, options)
    except (Exception, RecursionError):
        extracted = ""
    if extracted.strip() and options.get("favor_recall") and _stopped_early(tree, extracted):
        try:
            balanced = _trafilatura(tree, url, {**options, "favor_recall": False, "favor_precision": False})
        except (Exception, RecursionError):
            balanced = ""
        if len(balanced) > SECOND_CHANCE_GAIN * len(extracted):
            extracted, path = balanced, "trafilatura-balanced"
    if not extracted.strip() and not options.get("favor_recall"):
        path = "trafilatura-recall"
        try:
            extracted = _trafilatura(tree, url, {**options, "favor_recall": True, "favor_precision": False})
        except (Exception, RecursionError):
            extracted = ""
    return extracted, path


def _repaired_keys(keys):
    """A hint family (a set of keys, or keys with their reasons) with its keys repaired."""
    if isinstance(keys, dict):
        return {_repair_mojibake(k)[0]: why for k, why in keys.items()}
    return frozenset(_repair_mojibake(k)[0] for k in keys)


def extracted_keys(text: str) -> frozenset[str]:
    """The hint keys of the lines of an extracted text (see :func:`line_keys`)."""
    keys: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if line:
            keys.update(line_keys(line))
    keys.discard("")
    return frozenset(keys)


# --------------------------------------------------------------------------- cleaning


def analyze_html(html: str | bytes, *, url: str | None = None, lang: str | None = None,
                 mode: str | None = None, disable=(), config=None, title: str | None = None,
                 metadata: bool | str = True, lead: bool = LEAD,
                 repair_mojibake: bool | None = None) -> Result:
    """Extract the article of an HTML page and clean it; see the module docstring.

    ``html`` is the page as bytes (decoded as the page declares or as detected) or str;
    ``url`` the page's address (used for metadata only, never fetched). ``metadata="title"``
    looks for the page's title only (all that the cleaning reads: the text is the same, the
    date search is skipped), ``False`` for nothing. ``lead=False`` leaves out the article's
    lead when the extraction did (see :data:`LEAD`); ``repair_mojibake=False`` leaves text that
    the page mangled (``â€™``) as it is (default :data:`REPAIR_MOJIBAKE`: repaired). The other
    options are those of :func:`cleaner.analyze`. ``Result.source`` is the extracted text. Raises
    :class:`HTMLError` for a page without text or that cannot be read, ``ImportError`` when the
    HTML extra is not installed.
    """
    if metadata == "title" and title:  # the caller's title is used instead of the page's
        metadata = False
    page = extract_page(html, url=url, metadata=metadata, lead=lead, repair_mojibake=repair_mojibake)
    result = finish(page, lang=lang, mode=mode, disable=disable, config=config, title=title)
    if WHOLE_PAGE_FALLBACK and not result.text.strip() and page.extractor != "page-text":
        # the extraction was all debris: clean the page's whole text instead
        try:
            whole = extract_page(html, url=url, metadata=metadata, lead=lead,
                                 repair_mojibake=repair_mojibake, whole_page=True)
        except HTMLError:
            return result
        again = finish(whole, lang=lang, mode=mode, disable=disable, config=config, title=title)
        if again.text.strip():
            return replace(again, metadata={**again.metadata, "fallback_from": page.extractor})
    return result


#: Passes over an extraction in mode ``rules`` (HTML mode's own): one. On the bench's 1,277
#: pages a second pass over the output removed nothing, at about 1.5 ms a page. The full
#: pipeline (mode ``default``, as for the page-text fallback) cleans its output again until
#: nothing more goes (:data:`cleaner.pipeline.MAX_PASSES`).
RULES_MODE_PASSES = 1

#: Rules for text input only, not run on an extraction: an extractor writes no markup, so
#: tag-shaped text in its output is text the page shows (a code listing), not debris (LFT002).
TEXT_ONLY_RULES: tuple[str, ...] = ("LFT002",)

#: When the cleaning removes the whole of what the extractor found, clean the page's whole
#: text instead (extractor ``"page-text"``).
WHOLE_PAGE_FALLBACK = True


def finish(page: Page, *, lang=None, mode=None, disable=(), config=None, title=None,
           use_hints: bool = True) -> Result:
    """Step 6: run the text pipeline on an extracted page and fill in the page's metadata."""
    known_title = title or page.title
    if mode is None and not (config is not None and config.mode):
        # the page-text fallback is a whole-page dump: it needs the document-level stages
        mode = "default" if page.extractor == "page-text" else MODE
    result = analyze(page.text, lang=lang, mode=mode, disable=(*rule_ids(disable), *TEXT_ONLY_RULES), config=config,
                      title=known_title, hints=page.hints if use_hints else None,
                      passes=RULES_MODE_PASSES if mode == "rules" else MAX_PASSES)
    meta = dict(result.metadata)
    for key, value in page.metadata.items():
        meta[key] = value
    meta["extractor"] = page.extractor
    meta["encoding"] = page.encoding
    return replace(result, title=known_title or result.title, metadata=meta)


def clean_html(html: str | bytes, **options) -> str:
    """The clean article body of an HTML page (see :func:`analyze_html` for the options): the
    text of ``analyze_html(html, metadata="title", **options)``."""
    options.setdefault("metadata", "title")
    return analyze_html(html, **options).text
