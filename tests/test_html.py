"""HTML mode through the API: extraction, metadata, encodings, fallbacks, hostile pages,
the missing extra. Fixtures: fixtures/html (hand-written, see its README)."""

from __future__ import annotations

import gzip
import socket
import time

import pytest

pytest.importorskip("trafilatura")

import cleaner  # noqa: E402
from cleaner import HTMLError, analyze_html, apply, clean_html, htmlmode  # noqa: E402


@pytest.fixture(scope="module")
def html_dir(fixtures_dir):
    return fixtures_dir / "html"


def read(html_dir, name: str) -> bytes:
    return (html_dir / name).read_bytes()


# --------------------------------------------------------------------------- the normal path


def test_article_body_metadata_and_replay(html_dir):
    r = analyze_html(read(html_dir, "article_en.html"))
    assert r.text.startswith("The small harbour town of Eastwick opened its new ferry terminal")
    assert "prices stay the same until the end of the season" in r.text
    for chrome in ("Home", "Most read", "All rights reserved", "Storm warning", "Related"):
        assert chrome not in r.text
    assert r.title == "Harbour town opens new ferry terminal"
    assert r.metadata["byline"] == "Mara Lindqvist"
    assert r.metadata["published"] == "2024-05-14"
    assert r.metadata["site_name"] == "The Coastal Gazette"
    assert r.metadata["url"] == "https://gazette.example/news/2024/05/ferry-terminal"
    assert r.metadata["extractor"] == "trafilatura"
    assert r.metadata["encoding"] == "utf-8"
    assert r.lang == "en"
    # offsets refer to the extracted text, and the removals replay to the body
    assert "Harbour town opens new ferry terminal" in r.source
    assert apply(r.source, r.removals) == r.text
    for rem in r.removals:
        assert r.source[rem.start:rem.end] == rem.text


def test_clean_html_is_the_text_and_str_input_works(html_dir):
    data = read(html_dir, "article_en.html")
    assert clean_html(data) == analyze_html(data).text
    assert clean_html(data.decode("utf-8")) == clean_html(data)
    assert cleaner.clean_html is clean_html and cleaner.html_available()


def test_clean_html_skips_the_date_search_but_not_the_title(html_dir, monkeypatch):
    # clean_html returns the text only: it must not pay for the metadata the text does not
    # read (the date search), and must still read the title (the repeated title line goes)
    import htmldate

    names = ["article_en.html", "hints_en.html", "latin1_meta.html", "cp1252_undeclared.html",
             "utf8_undeclared.html", "broken.html"]
    expected = {name: analyze_html(read(html_dir, name)).text for name in names}

    calls = []
    monkeypatch.setattr(htmldate, "find_date", lambda *args, **kwargs: calls.append(1))
    for name in names:
        assert clean_html(read(html_dir, name)) == expected[name], name
    assert not calls
    analyze_html(read(html_dir, "article_en.html"))
    assert calls  # the spy is where the metadata step looks
    page = read(html_dir, "article_en.html")
    assert "Harbour town opens new ferry terminal" in htmlmode.extract_page(page, metadata=False).text
    assert "Harbour town opens new ferry terminal" not in clean_html(page)
    assert htmlmode.extract_page(page, metadata="title").metadata == {}
    assert htmlmode.extract_page(page, metadata="title").title == "Harbour town opens new ferry terminal"


def test_url_and_title_options(html_dir):
    data = read(html_dir, "article_en.html")
    r = analyze_html(data, url="https://elsewhere.example/a/1", title="Given title")
    assert r.metadata["url"] == "https://elsewhere.example/a/1"
    assert r.title == "Given title"


def test_pipeline_options_are_passed_on(html_dir):
    data = read(html_dir, "article_en.html")
    r = analyze_html(data, disable=["TTL001"])
    assert "TTL001" not in {x.rule for x in r.removals}
    with pytest.raises(ValueError, match="unknown rule"):
        analyze_html(data, disable=["XXX999"])
    assert analyze_html(data, lang="de").lang == "de"


def test_html_hints_remove_a_link_block(html_dir):
    data = read(html_dir, "hints_en.html")
    r = analyze_html(data)
    assert "Ferry prices to stay the same this summer" in r.source
    assert "Ferry prices to stay the same this summer" not in r.text
    assert {x.rule for x in r.removals} >= {"HTM002"}
    assert apply(r.source, r.removals) == r.text
    kept = analyze_html(data, disable=["HTM002"])
    assert "Ferry prices to stay the same this summer" in kept.text


def test_broken_markup(html_dir):
    r = analyze_html(read(html_dir, "broken.html"))
    # lines wrapped in the page's source are joined (htmlmode.UNWRAP)
    assert "broken in several places, but the text of the article is still there" in r.text
    assert "which is more common on the web than one would think." in r.text
    assert apply(r.source, r.removals) == r.text
    tree = htmlmode.parse_html(read(html_dir, "broken.html").decode("utf-8"))
    assert "an unterminated comment at the very end" in htmlmode.page_text(tree)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "name, encoding, typographic",
    [
        ("latin1_meta.html", "cp1252", False),  # iso-8859-1 is read as windows-1252 (WHATWG)
        ("cp1252_undeclared.html", "cp1252", True),
        ("utf16_bom.html", "utf-16-le", True),
        ("utf8_undeclared.html", "utf-8", True),
    ],
)
def test_encodings(html_dir, name, encoding, typographic):
    r = analyze_html(read(html_dir, name))
    assert r.metadata["encoding"] == encoding
    assert "Die Gemeinde Ostwick hat am Dienstag ihr neues Fährterminal eröffnet." in r.text
    assert "überdachten" in r.text and "Bürgermeisterin" in r.text
    if typographic:
        assert "„Wir haben lange auf diesen Tag gewartet“" in r.text
        assert "12 €" in r.text
    assert "\ufffd" not in r.text
    assert r.title == "Neue Fähre für die Inseln"


def test_decode_rules():
    d = htmlmode.decode_html
    assert d("<p>ä</p>") == ("<p>ä</p>", "str")
    assert d(b"\xef\xbb\xbf<p>\xc3\xa4</p>") == ("<p>ä</p>", "utf-8")
    assert d("<p>ä</p>".encode("utf-16-be").join([b"\xfe\xff", b""])) == ("<p>ä</p>", "utf-16-be")
    # valid UTF-8 wins over a legacy declaration (the declaration is wrong in practice)
    page = '<meta charset="iso-8859-1"><p>Grüße</p>'.encode("utf-8")
    assert d(page) == ('<meta charset="iso-8859-1"><p>Grüße</p>', "utf-8")
    # a declared charset is used for bytes that are not UTF-8 ...
    page = '<meta charset="koi8-r"><p>привет</p>'.encode("koi8-r")
    assert d(page)[0].endswith("<p>привет</p>")
    # ... and a wrong UTF-8 declaration gives replacement characters, not a failure
    text, enc = d(b'<meta charset="utf-8"><p>caf\xe9 ok</p>')
    assert enc == "utf-8" and "caf\ufffd ok" in text
    # gzip-compressed pages are decompressed
    assert d(gzip.compress("<p>ä</p>".encode("utf-8"))) == ("<p>ä</p>", "utf-8")


# --------------------------------------------------------------------------- errors and fallbacks


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty input"),
        (b"  \n\t ", "empty input"),
        ("", "empty input"),
        (b"Just a line of plain text, no markup at all.", "no markup"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "binary"),
        (b"\x00" * 5000, "binary"),
    ],
)
def test_unusable_input_is_a_one_line_value_error(data, message):
    with pytest.raises(HTMLError, match=message) as info:
        analyze_html(data)
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


def test_page_without_text(html_dir):
    with pytest.raises(HTMLError, match="no text found"):
        analyze_html(read(html_dir, "no_text.html"))


def test_type_error_for_other_types():
    with pytest.raises(TypeError):
        analyze_html(12)


def test_extractor_returns_nothing_falls_back_to_page_text(html_dir, monkeypatch):
    calls = []

    def nothing(tree, url, options):
        calls.append(dict(options))
        return ""

    monkeypatch.setattr(htmlmode, "_trafilatura", nothing)
    r = analyze_html(read(html_dir, "article_en.html"))
    assert r.metadata["extractor"] == "page-text"
    assert "The small harbour town of Eastwick opened its new ferry terminal" in r.text
    assert "window.location" not in r.source and "font-family" not in r.source
    assert r.metadata["byline"] == "Mara Lindqvist"  # metadata do not depend on the extractor
    assert apply(r.source, r.removals) == r.text
    assert all(c.get("favor_recall") for c in calls[1:])


def test_extractor_failure_is_retried_with_favor_recall(html_dir, monkeypatch):
    real = htmlmode._trafilatura

    def flaky(tree, url, options):
        if not options.get("favor_recall"):
            raise RuntimeError("extractor bug")
        return real(tree, url, options)

    monkeypatch.setattr(htmlmode, "_trafilatura", flaky)
    monkeypatch.setattr(htmlmode, "TRAFILATURA_OPTIONS", {"include_comments": False})
    r = analyze_html(read(html_dir, "article_en.html"))
    assert r.metadata["extractor"] == "trafilatura-recall"
    assert "brass band" in r.text


def test_extractor_exception_falls_back(html_dir, monkeypatch):
    def boom(tree, url, options):
        raise RecursionError("too deep")

    monkeypatch.setattr(htmlmode, "_trafilatura", boom)
    r = analyze_html(read(html_dir, "broken.html"))
    assert r.metadata["extractor"] == "page-text"
    assert "the text of the article is still there" in r.text


_SERVER_WARNING = ("Warning: Use of undefined constant comments - assumed 'comments' in "
                   "/var/www/site/wp-content/plugins/recent/recent.php on line 928")


def test_extraction_of_debris_only_falls_back_to_page_text(html_dir, monkeypatch):
    # the extractor found only the server's warnings: the cleaning takes them all, and the
    # page's whole text is cleaned instead
    monkeypatch.setattr(htmlmode, "_trafilatura", lambda tree, url, options: _SERVER_WARNING)
    r = analyze_html(read(html_dir, "article_en.html"))
    assert r.metadata["extractor"] == "page-text"
    assert r.metadata["fallback_from"] == "trafilatura"
    assert "The small harbour town of Eastwick opened its new ferry terminal" in r.text
    assert apply(r.source, r.removals) == r.text


def test_debris_only_stays_empty_without_the_fallback(html_dir, monkeypatch):
    monkeypatch.setattr(htmlmode, "_trafilatura", lambda tree, url, options: _SERVER_WARNING)
    monkeypatch.setattr(htmlmode, "WHOLE_PAGE_FALLBACK", False)
    r = analyze_html(read(html_dir, "article_en.html"))
    assert r.text == ""
    assert r.metadata["extractor"] == "trafilatura"
    assert [x.rule for x in r.removals] == ["LFT003"]


def test_an_extraction_with_text_is_not_replaced(html_dir):
    r = analyze_html(read(html_dir, "article_en.html"))
    assert r.metadata["extractor"].startswith("trafilatura")
    assert "fallback_from" not in r.metadata


def test_markup_the_page_shows_is_kept(html_dir):
    # an extractor writes no markup: "<config files>" and "<br/>" in its text are what the
    # page shows in a code listing, not debris of the page's own markup
    r = analyze_html(read(html_dir, "code_listing.html"))
    assert "<config files>" in r.text and "<br/>" in r.text
    assert not any(x.rule == "LFT002" for x in r.removals)
    # the same lines in a text dump are debris of a scrape
    assert "<br/>" not in cleaner.clean("Text of the article, long enough to stand as one.\n<br/>\n")


def test_an_extraction_is_cleaned_in_one_pass(html_dir, monkeypatch):
    from cleaner import pipeline

    calls = []
    real = pipeline.run_stages
    monkeypatch.setattr(pipeline, "run_stages", lambda *a: calls.append(1) or real(*a))
    analyze_html(read(html_dir, "article_en.html"))
    assert len(calls) == 1
    calls.clear()
    # the page-text fallback runs the whole pipeline, which cleans its output again
    monkeypatch.setattr(htmlmode, "_trafilatura", lambda tree, url, options: "")
    r = analyze_html(read(html_dir, "article_en.html"))
    assert r.metadata["extractor"] == "page-text" and len(calls) >= 2


def test_page_text_keeps_blocks_on_lines():
    tree = htmlmode.parse_html(
        "<html><head><title>T</title><style>x{}</style></head><body><div>One <b>bold</b> line"
        "<p>Two</p>tail<ul><li>Three</li><li hidden>Hidden</li></ul><script>var a;</script>"
        "<template><p>no</p></template>Four</div></body></html>"
    )
    assert htmlmode.page_text(tree) == "One bold line\nTwo\ntail\nThree\nFour"


# --------------------------------------------------------------------------- hostile pages


def _bounded(seconds: float, fn, *args):
    start = time.perf_counter()
    try:
        out = fn(*args)
    except ValueError as e:
        out = e
    assert time.perf_counter() - start < seconds
    return out


def test_deep_nesting_is_bounded():
    page = b"<html><body>" + b"<div>" * 100_000 + b"deep text" + b"</div>" * 100_000 + b"</body></html>"
    out = _bounded(30, analyze_html, page)
    assert isinstance(out, (cleaner.Result, HTMLError))


def test_many_elements_are_refused(monkeypatch):
    monkeypatch.setattr(htmlmode, "MAX_ELEMENTS", 10_000)
    page = b"<html><body>" + b"<p>x</p>" * 20_000 + b"</body></html>"
    out = _bounded(30, analyze_html, page)
    assert isinstance(out, HTMLError) and "too large" in str(out)


def test_huge_attribute_is_bounded():
    page = (b"<html><body><p title='" + b"a" * 20_000_000 + b"'>x</p><p>"
            + b"A sentence of the page that is readable. " * 20 + b"</p></body></html>")
    out = _bounded(60, analyze_html, page)
    assert isinstance(out, (cleaner.Result, HTMLError))
    if isinstance(out, cleaner.Result):
        assert "a" * 1000 not in out.text


def test_oversized_input_is_refused(monkeypatch):
    monkeypatch.setattr(htmlmode, "MAX_BYTES", 1000)
    with pytest.raises(HTMLError, match="too large"):
        analyze_html(b"<p>" + b"x" * 2000 + b"</p>")
    with pytest.raises(HTMLError, match="too large"):
        analyze_html(gzip.compress(b"<p>" + b"x" * 2000 + b"</p>"))


def test_entities_are_not_expanded_and_nothing_is_fetched():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<html><body><p>Start &lol3; &xxe; end of a test paragraph.</p></body></html>"
    )
    out = _bounded(10, analyze_html, bomb)
    text = out.source if isinstance(out, cleaner.Result) else ""
    assert "lollollol" not in text and "root:" not in text


def test_no_network_access(html_dir, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    r = analyze_html(read(html_dir, "article_en.html"), url="https://gazette.example/news/2024/05/ferry-terminal")
    assert r.text


# --------------------------------------------------------------------------- the missing extra


def test_missing_extra_says_how_to_install(monkeypatch):
    monkeypatch.setattr(htmlmode, "_AVAILABLE", None)
    import builtins

    real_import = builtins.__import__

    def no_trafilatura(name, *args, **kwargs):
        if name == "trafilatura" or name.startswith("trafilatura."):
            raise ImportError("No module named 'trafilatura'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    assert htmlmode.html_available() is False
    with pytest.raises(ImportError, match=r"pip install 'cleaner\[html\]'"):
        analyze_html(b"<html><body><p>x</p></body></html>")
    monkeypatch.setattr(htmlmode, "_AVAILABLE", None)


def test_threads(html_dir):
    from concurrent.futures import ThreadPoolExecutor

    pages = [read(html_dir, n) for n in ("article_en.html", "hints_en.html", "broken.html", "utf16_bom.html")] * 3
    expected = [clean_html(p) for p in pages]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(clean_html, pages)) == expected


# --------------------------------------------------------------------------- second chance

_MANY_PARAGRAPHS = ("<html><body>" + "".join(
    f"<p>Paragraph {i} of a long article about the new ferry terminal and the town around it.</p>"
    for i in range(40)) + "</body></html>")


def _fake_extractor(short: str, long: str, calls: list):
    def extract(tree, url, options):
        calls.append(bool(options.get("favor_recall")))
        return short if options.get("favor_recall") else long
    return extract


def test_a_cut_short_extraction_gets_a_balanced_second_run(monkeypatch):
    calls = []
    short = "Paragraph 0 of a long article about the new ferry terminal and the town around it."
    long = "\n".join(f"Paragraph {i} of a long article about the new ferry terminal and the town around it."
                     for i in range(40))
    monkeypatch.setattr(htmlmode, "_trafilatura", _fake_extractor(short, long, calls))
    r = analyze_html(_MANY_PARAGRAPHS)
    assert calls == [True, False]
    assert r.metadata["extractor"] == "trafilatura-balanced"
    assert "Paragraph 39 of a long article" in r.text
    assert apply(r.source, r.removals) == r.text


def test_the_second_run_is_kept_only_when_it_finds_much_more(monkeypatch):
    calls = []
    short = "Paragraph 0 of a long article about the new ferry terminal and the town around it."
    monkeypatch.setattr(htmlmode, "_trafilatura", _fake_extractor(short, short + " And one more line.", calls))
    r = analyze_html(_MANY_PARAGRAPHS)
    assert calls == [True, False]
    assert r.metadata["extractor"] == "trafilatura" and r.source == short


def test_no_second_run_for_an_extraction_of_normal_length(html_dir, monkeypatch):
    calls = []
    real = htmlmode._trafilatura

    def spy(tree, url, options):
        calls.append(bool(options.get("favor_recall")))
        return real(tree, url, options)

    monkeypatch.setattr(htmlmode, "_trafilatura", spy)
    for name in ("article_en.html", "hints_en.html"):
        assert analyze_html(read(html_dir, name)).metadata["extractor"] == "trafilatura"
    assert calls == [True, True]


def test_title_only_metadata_reads_json_ld_only_when_the_head_has_no_title():
    head = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Headline from JSON-LD"}</script>'
    body = "<body><p>Some article text that is long enough to be the article of this page.</p></body>"
    og = '<meta property="og:title" content="Page title">'
    with_title = htmlmode.parse_html(f"<html><head>{og}{head}</head>{body}</html>")
    without = htmlmode.parse_html(f"<html><head><title>Title element</title>{head}</head>{body}</html>")
    # JSON-LD fills only a missing title: skipping it when the meta tags have one changes nothing
    assert htmlmode.page_metadata(with_title, None, title_only=True)["title"] == "Page title"
    assert htmlmode.page_metadata(with_title, None)["title"] == "Page title"
    assert htmlmode.page_metadata(without, None, title_only=True)["title"] == "Headline from JSON-LD"


def test_parsed_elements_are_html_elements_without_form_classes():
    import lxml.html

    tree = htmlmode.parse_html("<html><body><form><input name=q><select><option>a</option></select>"
                               "</form><p>Text of the page.</p></body></html>")
    assert {type(el) for el in tree.iter() if isinstance(el.tag, str)} == {lxml.html.HtmlElement}
    assert tree.find(".//p").text_content() == "Text of the page."


# --------------------------------------------------------------------------- the article's lead

LEAD = ("Der Stadtrat hat am Dienstagabend nach langer Debatte den Haushalt für das kommende Jahr "
        "beschlossen, mit den Stimmen der Koalition und gegen den Willen der Opposition im Rat.")
_BODY = "".join(f"<p>Absatz {i} des Artikels: Die größten Posten sind die Sanierung der Schulen und der "
                "Ausbau der Radwege, wie die Kämmerin erläuterte.</p>" for i in range(6))


def lead_page(lead_html: str, before: str = "") -> str:
    return ("<html><head><title>Stadtrat beschließt Haushalt</title></head><body>"
            '<nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>'
            f'<article><header><h1>Stadtrat beschließt Haushalt</h1><div class="meta">12.03.2024</div>'
            f'{before}{lead_html}</header><div class="article-body">{_BODY}</div></article>'
            "<footer>Impressum</footer></body></html>")


def test_the_lead_the_extraction_left_out_is_put_back():
    page = lead_page(f'<div class="article-teaser"><p>{LEAD}</p></div>')
    r = analyze_html(page)
    assert r.text.startswith(LEAD + "\n\nAbsatz 0")
    assert r.metadata["lead"] == LEAD
    assert apply(r.source, r.removals) == r.text
    off = analyze_html(page, lead=False)
    assert LEAD not in off.text and "lead" not in off.metadata
    assert off.text == r.text[len(LEAD) + 2:]


def test_what_is_not_a_lead():
    body_text = "Absatz 0 des Artikels: Die größten Posten sind die Sanierung der Schulen."
    tree = lambda lead_html, before="": htmlmode.parse_html(lead_page(lead_html, before))  # noqa: E731
    assert htmlmode.find_lead(tree(f'<p class="lead">{LEAD}</p>'), body_text) == LEAD
    assert htmlmode.find_lead(tree(f'<p id="intro">{LEAD}</p>'), body_text) == LEAD
    # already in the extracted text
    assert htmlmode.find_lead(tree(f'<p class="lead">{LEAD}</p>'), LEAD + "\n" + body_text) is None
    # ... also when the page hyphenates it softly or the extraction spaces it otherwise
    soft = LEAD.replace("Dienstagabend", "Diens\u00adtag\u00adabend").replace("Haushalt", "Haus\u00adhalt")
    spaced = LEAD.replace(" den ", "  den ") + "\n" + body_text
    assert htmlmode.find_lead(tree(f'<p class="lead">{soft}</p>'), spaced) is None
    # a short line under the headline is a subtitle, not a paragraph; and the classes of a
    # headline's second line do not name a lead
    assert htmlmode.find_lead(tree('<p class="lead">Die Opposition stimmte dagegen.</p>'), body_text) is None
    for cls in ("subtitle", "deck", "post-excerpt", "with-intro"):
        assert htmlmode.find_lead(tree(f'<p class="{cls}">{LEAD}</p>'), body_text) is None, cls
    # no lead word in its class, or inside a list of teasers, an aside or a link
    assert htmlmode.find_lead(tree(f'<p class="text">{LEAD}</p>'), body_text) is None
    assert htmlmode.find_lead(tree(f'<ul><li class="teaser">{LEAD}</li></ul>'), body_text) is None
    assert htmlmode.find_lead(tree(f'<aside><p class="teaser">{LEAD}</p></aside>'), body_text) is None
    assert htmlmode.find_lead(tree(f'<a href="/x"><p class="teaser">{LEAD}</p></a>'), body_text) is None
    assert htmlmode.find_lead(tree(f'<p class="teaser" hidden>{LEAD}</p>'), body_text) is None
    assert htmlmode.find_lead(tree(f'<div aria-hidden="true"><p class="lead">{LEAD}</p></div>'), body_text) is None
    # far from the headline: more than LEAD_MAX_GAP characters of other text between
    far = "<p>" + "Ein anderer Text. " * 30 + "</p>"
    assert htmlmode.find_lead(tree(f'<p class="lead">{LEAD}</p>', before=far), body_text) is None
    # the code of a script inside the element is not its text
    code = "<script>var x = 1;</script>"
    assert htmlmode.find_lead(tree(f'<div class="lead">{code}<p>{LEAD}</p></div>'), body_text) == LEAD
    # no headline, no lead
    page = f'<html><body><p class="lead">{LEAD}</p>{_BODY}</body></html>'
    assert htmlmode.find_lead(htmlmode.parse_html(page), body_text) is None


def test_the_headline_is_the_heading_of_the_page_title():
    body_text = "Absatz 0 des Artikels: Die größten Posten sind die Sanierung der Schulen."
    lead = f'<p class="lead">{LEAD}</p>'
    # a first <h1> that only labels the menu, far from the article
    page = ('<html><body><h1 class="sr-only">Navigation</h1><nav>' + "<a href='/x'>Rubrik</a> " * 80
            + f"</nav><article><h1>Stadtrat beschließt Haushalt</h1>{lead}{_BODY}</article></body></html>")
    tree = htmlmode.parse_html(page)
    assert htmlmode.find_lead(tree, body_text) is None
    assert htmlmode.find_lead(tree, body_text, title="Stadtrat beschließt Haushalt | Tageblatt") == LEAD
    # a page whose headline is an <h2>
    page = f"<html><body><article><h2>Stadtrat beschließt Haushalt</h2>{lead}{_BODY}</article></body></html>"
    assert htmlmode.find_lead(htmlmode.parse_html(page), body_text, title="Stadtrat beschließt Haushalt") == LEAD
    assert htmlmode.find_lead(htmlmode.parse_html(page), body_text) is None


def test_batch_takes_the_lead_option_for_html_only():
    page = lead_page(f'<div class="article-teaser"><p>{LEAD}</p></div>')
    on, off = cleaner.clean_batch([{"text": page}], html=True), cleaner.clean_batch([{"text": page}], html=True, lead=False)
    assert on[0]["text"].startswith(LEAD) and LEAD not in off[0]["text"]
    with pytest.raises(TypeError):
        cleaner.clean_batch([{"text": "Text."}], lead=False)


def test_a_page_that_mangled_its_own_utf8_is_repaired():
    body = "".join(f"<p>Absatz {i}: Der Fuchs h\u00c3\u00bcpft \u00c3\u00bcber den Zaun, sagte die Försterin am "
                   "Montag im Rathaus der Stadt.</p>" for i in range(5))
    page = ("<html><head><meta charset='utf-8'><title>Der Fuchs</title></head><body><article>"
            "<h1>Der Fuchs h&Atilde;&frac14;pft</h1>" + body
            + "<p>Er sagte: &acirc;&euro;&#x17E;Wir sind froh.&acirc;&euro;&oelig; Dann ging er nach Hause.</p>"
            + "<figure><img src='f.jpg'><figcaption>Ein Fuchs am Zaun h\u00c3\u00bcpft</figcaption></figure>"
            + "</article></body></html>").encode("utf-8")
    r = analyze_html(page)
    assert "Der Fuchs hüpft über den Zaun" in r.text and "Ã" not in r.text
    # in the page's bytes: 10 in the paragraphs, 1 in the caption (not extracted); as
    # character references: 1 in the headline, 2 quotation marks
    assert "Er sagte: „Wir sind froh.“ Dann ging er nach Hause." in r.text
    assert r.metadata["mojibake_repaired"] == 14
    assert apply(r.source, r.removals) == r.text
    # asked not to, the page's text stays as the page has it
    kept = analyze_html(page, repair_mojibake=False)
    assert "Der Fuchs hÃ¼pft Ã¼ber den Zaun" in kept.text and "mojibake_repaired" not in kept.metadata
    # a page in good order is not touched and says nothing
    clean = analyze_html("<html><body><h1>Fuchs</h1>" + "<p>Der Fuchs hüpft über den Zaun.</p>" * 5 + "</body></html>")
    assert "mojibake_repaired" not in clean.metadata


def test_hints_of_a_repaired_line_still_apply(monkeypatch):
    # the author box is written with character references that spell mojibake: the extracted
    # line is repaired after the hints were read from the page, and the hint must follow
    body = "".join(f"<p>Absatz {i}: Der Fuchs hüpft über den Zaun, sagte die Försterin.</p>" for i in range(5))
    page = ("<html><body><article><h1>Der Fuchs</h1>" + body
            + '<div class="author-box"><p>Die Autorin schreibt &Atilde;&frac14;ber Tiere.</p></div>'
            + "</article></body></html>")
    text = "\n".join(f"Absatz {i}: Der Fuchs hüpft über den Zaun, sagte die Försterin." for i in range(5))
    monkeypatch.setattr(htmlmode, "_trafilatura", lambda tree, url, options: text + "\nDie Autorin schreibt Ã¼ber Tiere.")
    r = analyze_html(page)
    assert r.metadata["mojibake_repaired"] == 1
    assert [(x.rule, x.text) for x in r.removals if "Autorin" in x.text] == [("HTM004", "Die Autorin schreibt über Tiere.")]
    monkeypatch.setattr(htmlmode, "REPAIR_MOJIBAKE", False)
    r = analyze_html(page)
    assert "mojibake_repaired" not in r.metadata and "Ã¼ber" not in r.text  # removed, unrepaired
