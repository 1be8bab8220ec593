"""HTML input: trafilatura in front, cleaner's stages behind.

    >>> import cleaner
    >>> cleaner.clean_html(page_bytes, url="https://example.org/news/1")   # doctest: +SKIP

What happens to a page (:func:`analyze_html`):

1. **Decoding** (bytes only; :func:`decode_html`). A byte order mark decides. Otherwise bytes
   that are valid UTF-8 are UTF-8, whatever the page declares (a page that declares a legacy
   charset but is valid UTF-8 with non-ASCII text is, in practice, always UTF-8). Otherwise the
   page's declaration (``<meta charset>``, ``http-equiv`` content type, XML declaration) is
   used, with the WHATWG label mapping (``iso-8859-1`` and ``ascii`` mean ``windows-1252``).
   Otherwise charset_normalizer guesses (a dependency of trafilatura); the last resort is
   ``windows-1252`` with replacement characters. gzip-compressed input is decompressed first
   (bounded).
2. **Parsing, once.** lxml's HTML parser with no network access, no entity expansion (the HTML
   parser does not read DTDs), comments and processing instructions dropped, and libxml2's
   default limits (nesting depth 256, text nodes up to 10 MB) kept. Input over
   :data:`MAX_BYTES` or with more than :data:`MAX_ELEMENTS` elements is refused.
3. **Hints** (:func:`collect_hints`): the texts of captions, link-dense blocks and page chrome
   (nav/aside/footer/forms), for the HTM rules (:mod:`cleaner.rules.html_hints`).
4. **Extraction**: ``trafilatura.bare_extraction`` on the parsed tree with
   :data:`TRAFILATURA_OPTIONS` (chosen by measurement on the bench dev sets; see
   ``benchmarks/html_eval.py``), without comments. Metadata (title, author, date, site name,
   canonical URL) come from the page's meta tags and JSON-LD through trafilatura's metadata
   module, with htmldate's fast date search.
5. **Cleaning**: the extracted text goes through the same pipeline as text input
   (:func:`cleaner.analyze`), with the page title as ``title=`` and the hints.

**Fallbacks** (``Result.metadata["extractor"]`` tells which path was taken):

* ``"trafilatura"``: the normal path.
* ``"trafilatura-recall"``: the normal extraction raised or returned no text; trafilatura was
  run again with ``favor_recall=True``.
* ``"page-text"``: that gave nothing either; the page's visible text (block elements on lines of
  their own; script, style, template, head and hidden elements left out) is cleaned by the full
  text pipeline.

If the page has no text at all, or cannot be decoded or parsed, :class:`HTMLError` (a
``ValueError``) says so in one line.

**Offsets.** ``Result.source`` is the *extracted text* (step 4, or the page text of the
fallback), not the HTML: ``Removal.start``/``end`` index into it, and
``cleaner.apply(result.source, result.removals) == result.text`` holds as for text input.

**Metadata.** ``Result.title`` is the page's title (the caller's ``title=`` wins; else the
pipeline's guess). ``metadata`` holds what the pipeline found, overridden by the page's
``byline``, ``published`` (YYYY-MM-DD), ``site_name`` and ``url`` where the page has them, plus
``extractor`` and ``encoding``.

No network access happens anywhere: trafilatura and htmldate only get parsed trees, never URLs
or strings they might fetch.
"""

from __future__ import annotations

import codecs
import gzip
import inspect
import re
import unicodedata
import zlib
from dataclasses import dataclass, field, replace
from typing import Any

from .model import Result
from .rules.html_hints import hint_key

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
            return data.decode(guessed), guessed
        except (UnicodeDecodeError, LookupError):
            pass
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
_SURROGATES = re.compile("[\ud800-\udfff]")
_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        import lxml.html

        # The HTML parser never loads DTDs or expands declared entities; no_network is the
        # default but stated; huge_tree stays off so libxml2 keeps its depth and size limits.
        _PARSER = lxml.html.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
            collect_ids=False, default_doctype=False, huge_tree=False,
        )
    return _PARSER


def _looks_binary(text: str) -> bool:
    head = text[:4096]
    if not head:
        return False
    bad = sum(1 for c in head if c == "\x00" or c == "\ufffd" or ("\x00" < c < "\x09") or ("\x0e" <= c < "\x20"))
    return bad > len(head) * 0.05


def parse_html(text: str):
    """Parse page text into an lxml ``HtmlElement`` (``<html>``) tree, or raise HTMLError."""
    import lxml.etree

    if not text.strip():
        raise HTMLError("empty input")
    if _looks_binary(text):
        raise HTMLError("not HTML (binary data)")
    if "<" not in text:
        raise HTMLError("not HTML (no markup found); leave out --html for plain text")
    text = _INVALID_XML.sub("", text)
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("\ufffd", text)
    try:
        tree = lxml.etree.fromstring(text.encode("utf-8"), _parser())
    except (lxml.etree.LxmlError, ValueError) as e:
        raise HTMLError(f"cannot parse the HTML ({_one_line(e)})") from None
    if tree is None:
        raise HTMLError("cannot parse the HTML (nothing parsed)")
    n = 0
    for _ in tree.iter():
        n += 1
        if n > MAX_ELEMENTS:
            raise HTMLError(f"page too large: more than {MAX_ELEMENTS} elements")
    return tree


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg if len(msg) <= 200 else msg[:197] + "..."


# --------------------------------------------------------------------------- hints

_CHROME_TAGS = ("nav", "aside", "footer", "form")
_CHROME_ROLES = frozenset({"navigation", "complementary", "contentinfo", "search", "banner"})
# Elements whose text stands as one line in an extraction.
_LINE_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th"})
_CAPTION_CLASS = re.compile(r"caption", re.I)
_CAPTION_HOSTS = frozenset({"div", "p", "span"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "title", "iframe",
                   "object", "embed", "select", "option", "textarea"})
_MAX_HINT_CHARS = 1_000
_LINK_DENSE_WORDS = 30


@dataclass
class Hints:
    captions: set[str] = field(default_factory=set)
    link_dense: set[str] = field(default_factory=set)
    chrome: set[str] = field(default_factory=set)
    body: set[str] = field(default_factory=set)  # texts of blocks outside chrome and figures

    def as_dict(self) -> dict[str, frozenset[str]]:
        return {
            "html_captions": frozenset(self.captions - self.body),
            "html_link_dense": frozenset(self.link_dense - self.body),
            "html_chrome": frozenset(self.chrome - self.body),
        }


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _is_chrome(el) -> bool:
    if el.tag in _CHROME_TAGS:
        return True
    role = el.get("role")
    return bool(role) and role.lower() in _CHROME_ROLES


def collect_hints(tree) -> dict[str, frozenset[str]]:
    """Texts of captions, link-dense blocks and page chrome, as :func:`hint_key` keys.

    One walk over the tree. A text that also occurs as an ordinary block (a paragraph,
    heading, list item or cell outside chrome and figures, not made of links) is never hinted.
    """
    import lxml.etree

    h = Hints()
    chrome = figure = skip = 0
    stack: list[int] = []  # per open element: bit 1 chrome, bit 2 figure, bit 4 skipped
    for event, el in lxml.etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "end":
            flags = stack.pop()
            chrome -= flags & 1
            figure -= (flags >> 1) & 1
            skip -= (flags >> 2) & 1
            continue
        flags = 0
        if tag in _SKIP:
            flags |= 4
        if _is_chrome(el):
            flags |= 1
        if tag == "figure":
            flags |= 2
        stack.append(flags)
        chrome += flags & 1
        figure += (flags >> 1) & 1
        skip += (flags >> 2) & 1
        if skip:
            continue
        is_caption = tag == "figcaption" or (
            tag in _CAPTION_HOSTS and _CAPTION_CLASS.search(el.get("class") or "") is not None
        )
        if not is_caption and tag not in _LINE_BLOCKS:
            continue
        text = _text(el)
        if not text or len(text) > _MAX_HINT_CHARS:
            continue
        key = hint_key(text)
        if not key:
            continue
        if is_caption or figure:
            h.captions.add(key)
        elif chrome:
            h.chrome.add(key)
        else:
            link_chars = sum(len(hint_key("".join(a.itertext()))) for a in el.iter("a"))
            if link_chars >= 0.9 * len(key) and text.count(" ") < _LINK_DENSE_WORDS:
                h.link_dense.add(key)
            else:
                h.body.add(key)
    return h.as_dict()


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
    hints: dict[str, frozenset[str]] = field(default_factory=dict)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _trafilatura(tree, url: str | None, options: dict[str, Any]) -> str:
    from trafilatura import bare_extraction

    doc = bare_extraction(tree, url=url, with_metadata=False, **options)
    text = getattr(doc, "text", None) if doc is not None else None
    return _nfc(text) if text else ""


def page_metadata(tree, url: str | None) -> dict[str, Any]:
    """Title, byline, published date (YYYY-MM-DD), site name and URL from the page's meta tags
    and JSON-LD (trafilatura's metadata module, htmldate's fast date search). Cheap: the
    tree-wide author search of trafilatura is skipped (the pipeline finds bylines in the text).
    Any failure of a part leaves that field out."""
    out: dict[str, Any] = {}
    try:
        from trafilatura import metadata as tm
    except ImportError:  # pragma: no cover
        return out
    try:
        doc = tm.examine_meta(tree)
    except Exception:
        return out
    try:
        doc = tm.extract_meta_json(tree, doc)
    except Exception:
        pass
    try:
        if not doc.title:
            doc.title = tm.extract_title(tree)
    except Exception:
        pass
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
    for key, value in (("title", doc.title), ("byline", author), ("published", date),
                       ("site_name", site), ("url", page_url)):
        if isinstance(value, str):
            value = _nfc(" ".join(value.split()))
        if value:
            out[key] = value
    return out


def extract_page(html: str | bytes, *, url: str | None = None,
                 trafilatura_options: dict[str, Any] | None = None, hints: bool = True,
                 metadata: bool = True) -> Page:
    """Steps 1-4 of the module docstring: decode, parse, collect hints, extract."""
    _require()
    if not isinstance(html, (bytes, bytearray, memoryview, str)):
        raise TypeError(f"analyze_html() takes str or bytes, not {type(html).__name__}")
    if isinstance(html, (bytearray, memoryview)):
        html = bytes(html)
    if len(html) > MAX_BYTES:
        raise HTMLError(f"page too large: {len(html)} bytes (limit {MAX_BYTES // 2**20} MB)")
    text, encoding = decode_html(html)
    tree = parse_html(text)
    page_hints = collect_hints(tree) if hints else {}
    meta = page_metadata(tree, url) if metadata else {}
    options = TRAFILATURA_OPTIONS if trafilatura_options is None else trafilatura_options
    extracted, path = "", "trafilatura"
    try:
        extracted = _trafilatura(tree, url, options)
    except (Exception, RecursionError):
        extracted = ""
    if not extracted.strip() and not options.get("favor_recall"):
        path = "trafilatura-recall"
        try:
            extracted = _trafilatura(tree, url, {**options, "favor_recall": True, "favor_precision": False})
        except (Exception, RecursionError):
            extracted = ""
    if not extracted.strip():
        path = "page-text"
        try:
            extracted = _nfc(page_text(tree))
        except (Exception, RecursionError) as e:
            raise HTMLError(f"cannot read the page's text ({_one_line(e)})") from None
    if not extracted.strip():
        raise HTMLError("no text found in the page")
    title = meta.pop("title", None)
    return Page(extracted, path, encoding, title, meta, page_hints)


# --------------------------------------------------------------------------- cleaning


def analyze_html(html: str | bytes, *, url: str | None = None, lang: str | None = None,
                 mode: str | None = None, disable=(), config=None, title: str | None = None) -> Result:
    """Extract the article of an HTML page and clean it; see the module docstring.

    ``html`` is the page as bytes (decoded as the page declares or as detected) or str;
    ``url`` the page's address (used for metadata only, never fetched). The other options are
    those of :func:`cleaner.analyze`. ``Result.source`` is the extracted text. Raises
    :class:`HTMLError` for a page without text or that cannot be read, ``ImportError`` when the
    HTML extra is not installed.
    """
    page = extract_page(html, url=url)
    return finish(page, lang=lang, mode=mode, disable=disable, config=config, title=title)


def finish(page: Page, *, lang=None, mode=None, disable=(), config=None, title=None,
           use_hints: bool = True) -> Result:
    """Step 5: run the text pipeline on an extracted page and fill in the page's metadata."""
    known_title = title or page.title
    result = _analyze(page.text, lang=lang, mode=mode, disable=disable, config=config,
                      title=known_title, hints=page.hints if use_hints else None)
    meta = dict(result.metadata)
    for key, value in page.metadata.items():
        meta[key] = value
    meta["extractor"] = page.extractor
    meta["encoding"] = page.encoding
    return replace(result, title=known_title or result.title, metadata=meta)


def clean_html(html: str | bytes, **options) -> str:
    """The clean article body of an HTML page (see :func:`analyze_html` for the options)."""
    return analyze_html(html, **options).text


# --------------------------------------------------------------------------- pipeline hook

_HAS_HINTS: bool | None = None


def _analyze(text: str, *, hints: dict[str, Any] | None, **options) -> Result:
    """``cleaner.analyze(text, hints=hints, **options)``. Until the pipeline takes ``hints=``
    (and registers the HTM rules), this runs an equivalent of :func:`cleaner.pipeline.analyze`
    with the HTM rules added to the block stage."""
    global _HAS_HINTS
    from . import pipeline

    if _HAS_HINTS is None:
        _HAS_HINTS = "hints" in inspect.signature(pipeline.analyze).parameters
    if _HAS_HINTS:
        return pipeline.analyze(text, hints=hints, **options)
    return _analyze_with_hints(text, hints=hints or {}, **options)


def _analyze_with_hints(text: str, *, hints: dict[str, Any], lang=None, mode=None, disable=(),
                        config=None, title=None) -> Result:
    # Temporary: mirrors cleaner.pipeline.analyze, plus doc.hints.update(hints) and the HTM
    # rules. Delete once the pipeline has the hook (see the report of issue 4).
    from . import langid
    from . import pipeline as P
    from .lexicon import get_lexicon
    from .rules import BY_ID
    from .rules import html_hints
    from .rules.base import Doc
    from .text import split_lines

    if isinstance(disable, str):
        disable = [d for d in disable.split(",") if d.strip()]
    disable = [d.strip().upper() for d in disable]
    own = {r.id for r in html_hints.RULES if r.id not in BY_ID}
    htm_off = frozenset(d for d in disable if d in own)
    mode, disabled = P._resolve(mode, [d for d in disable if d not in own], config)
    disabled |= htm_off
    lex = config.lexicon if config else get_lexicon()
    lines = split_lines(text)
    detected = lang or langid.detect((ln.key for ln in lines), lex)
    doc = Doc(text, lines, lex, detected)
    doc.hints.update(hints)
    if title:
        doc.hints["title"] = title
    rules = list(P._active(mode, disabled))
    extra = [r for r in html_hints.RULES if r.id in own and r.id not in disabled]
    if extra:
        # after the title rules, before the other block rules
        titles_end = max((k for k, r in enumerate(rules) if r.family == "TTL"), default=None)
        if titles_end is None:
            titles_end = max((k for k, r in enumerate(rules) if r.stage == "line"), default=-1)
        rules[titles_end + 1:titles_end + 1] = extra
    line_rules = [r for r in rules if r.stage == "line"]
    for line in lines:
        if len(line.key) > P.MAX_PATTERN_LINE:
            continue
        i = line.index
        for r in line_rules:
            hit = r.fn(line, lex)
            if hit is None:
                continue
            doc.remove(i, r, span=hit.span, value=hit.value, detail=hit.detail, field=hit.field)
            if not doc.alive(i):
                break
    for stage in ("block", "context", "final"):
        for r in rules:
            if r.stage == stage:
                r.fn(doc)
    return P._result(doc)
