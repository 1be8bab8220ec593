"""The HTM rules on a Doc directly, and the hint collection on small trees."""

from __future__ import annotations

import pytest

import cleaner

from cleaner.lexicon import get_lexicon
from cleaner.rules import html_hints
from cleaner.rules.base import Doc
from cleaner.rules.html_hints import hint_key
from cleaner.text import split_lines


def make_doc(text: str, **hints) -> Doc:
    doc = Doc(text, split_lines(text), get_lexicon(), "en")
    for k, v in hints.items():
        # a set of texts, or a mapping of texts to what marked them in the page
        doc.hints[k] = {hint_key(t): why for t, why in v.items()} if isinstance(v, dict) \
            else frozenset(hint_key(t) for t in v)
    return doc


BODY = "\n".join(f"Paragraph {i} of the article, with enough words to be a real paragraph of text." for i in range(8))


def removed(doc: Doc) -> list[str]:
    return [doc.lines[i].key for i in range(len(doc.lines)) if not doc.alive(i)]


def test_caption_rule_records_the_caption():
    doc = make_doc("The mayor speaks.\n" + BODY, html_captions={"The  mayor\u00a0speaks."})
    html_hints.html_caption.fn(doc)
    assert removed(doc) == ["The mayor speaks."]
    assert doc.meta["captions"] == ["The mayor speaks."]


def test_link_block_rule_matches_list_bullets_and_spacing():
    doc = make_doc(BODY + "\n- Another story\u200b to read\nAnother story", html_link_dense={"Another story to read"})
    html_hints.html_link_block.fn(doc)
    assert removed(doc) == ["- Another story to read"]


def test_chrome_and_boilerplate_rules():
    doc = make_doc("Share this:\n" + BODY + "\nHome News Sport", html_chrome={"Home News Sport"},
                   html_boilerplate={"Share this:"})
    html_hints.html_chrome.fn(doc)
    html_hints.html_boilerplate_block.fn(doc)
    assert sorted(removed(doc)) == ["Home News Sport", "Share this:"]
    assert {doc.removed_by(i).id for i in range(len(doc.lines)) if not doc.alive(i)} == {"HTM003", "HTM004"}


def test_the_removal_names_what_marked_the_line_in_the_page():
    doc = make_doc("Share this:\n" + BODY + "\nHome News Sport", html_chrome={"Home News Sport": "in <nav>"},
                   html_boilerplate={"Share this:": 'in <div> class "sharedaddy"'})
    html_hints.html_chrome.fn(doc)
    html_hints.html_boilerplate_block.fn(doc)
    details = {doc.lines[i].key: doc.marks[i][0].detail for i in range(len(doc.lines)) if not doc.alive(i)}
    assert details == {"Share this:": 'in <div> class "sharedaddy"', "Home News Sport": "in <nav>"}


def test_no_hints_no_removal_and_only_whole_lines():
    doc = make_doc(BODY)
    for r in html_hints.RULES:
        r.fn(doc)
    assert removed(doc) == []
    doc = make_doc(BODY, html_chrome={"Paragraph 1 of the article"})
    html_hints.html_chrome.fn(doc)
    assert removed(doc) == []


def test_a_hint_family_covering_most_of_the_text_is_not_applied():
    lines = BODY.split("\n")
    doc = make_doc(BODY, html_chrome=set(lines[:5]))
    html_hints.html_chrome.fn(doc)
    assert removed(doc) == []
    doc = make_doc(BODY, html_chrome=set(lines[:2]))
    html_hints.html_chrome.fn(doc)
    assert len(removed(doc)) == 2


def test_rest_of_a_line_after_earlier_removals_can_match():
    doc = make_doc("Foto: dpa The mayor speaks.\n" + BODY, html_captions={"The mayor speaks."})
    doc.remove(0, html_hints.html_chrome, span=(0, 10))  # stands for an earlier credit removal
    html_hints.html_caption.fn(doc)
    assert doc.removed_by(0) is not None


# --------------------------------------------------------------------------- collection

lxml = pytest.importorskip("lxml")

from cleaner import htmlmode  # noqa: E402

PAGE = """<html><head><link rel="canonical" href="https://www.news.example/a/1"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="#part-2">Part two</a></li></ul></nav>
<div class="post-123 category-social-media">
<h2 id="social-share-tips">Part two</h2>
<p>An article paragraph with <a href="https://other.example/">a link</a> inside running text.</p>
<figure><img src="x.jpg"><figcaption>A caption under the photo.</figcaption></figure>
<p><a href="https://news.example/b/2">Teaser headline of another story</a></p>
<p><a href="https://shop.example/item">External product name</a></p>
<div class="sharedaddy"><h3>Share this:</h3></div>
<p hidden>Hidden paragraph</p>
<p class="wp-caption-text">Caption by class.</p>
</div>
<aside><p>Sidebar paragraph.</p><p>An article paragraph with a link inside running text.</p></aside>
<footer><p>Copyright notice of the site.</p></footer>
<div role="search"><p>Search the site</p></div>
</body></html>"""


def test_collect_hints():
    tree = htmlmode.parse_html(PAGE)
    h = htmlmode.collect_hints(tree)
    assert h["html_captions"] == {hint_key("A caption under the photo."), hint_key("Caption by class.")}
    # same-site link (canonical host, www. ignored); external links are not link-dense
    assert h["html_link_dense"] == {hint_key("Teaser headline of another story")}
    # "Home" is chrome; the TOC entry "Part two" is not (fragment link, and a heading of the body)
    # (with what marked each text, the removal's detail)
    assert h["html_chrome"] == {hint_key("Home"): "in <nav>", hint_key("Sidebar paragraph."): "in <aside>",
                                hint_key("Copyright notice of the site."): "in <footer>",
                                hint_key("Search the site"): "in role=search"}
    # a WordPress taxonomy class and a heading's id are not boilerplate words; "sharedaddy" is
    assert h["html_boilerplate"] == {hint_key("Share this:"): 'in <div> class "sharedaddy"'}


SECTIONS = """<html><body>
<ul><li><a href="#toc_how-it-began">How it began</a></li></ul>
<div id="toc_how-it-began"><p>The first section of the article, a paragraph of its text.</p></div>
<div id="toc-box"><p>A box the page does not link to.</p></div>
<div id="how-the-harbour-found-related-trade"><p>A section whose id is its heading's words.</p></div>
<div class="video-caption"><p>What the video shows, told in a sentence of its own.</p></div>
<div class="caption"><p class="image-caption">Photo of the harbour.</p></div>
""" + "<p>The rest of the article, paragraph after paragraph of its text.</p>" * 8 + "</body></html>"


def test_section_ids_and_caption_containers_are_not_boilerplate():
    h = htmlmode.collect_hints(htmlmode.parse_html(SECTIONS))
    # "toc_how-it-began" is the target of the page's own table of contents, and an id of six
    # words is a heading's slug: sections of the article; "toc-box" names a kind of box
    assert h["html_boilerplate"] == {hint_key("A box the page does not link to."): 'in <div> id "toc-box"'}
    # a caption-named container holds a media item's description; a caption is told by its
    # own element
    assert h["html_captions"] == {hint_key("Photo of the harbour.")}


def test_collect_hints_only_for_given_lines_and_big_containers():
    tree = htmlmode.parse_html(PAGE)
    h = htmlmode.collect_hints(tree, lines=frozenset({hint_key("Home")}))
    assert h["html_chrome"] == {hint_key("Home"): "in <nav>"} and not h["html_captions"]
    # an <aside> that holds the page's text is not chrome
    big = "<html><body><aside>" + "<p>A paragraph of the whole article text here.</p>" * 10 + "</aside></body></html>"
    assert not htmlmode.collect_hints(htmlmode.parse_html(big))["html_chrome"]


# --------------------------------------------------------------------------- documented examples


def _examples():
    import tomllib
    from importlib import resources

    out = []
    for r in html_hints.RULES:
        path = resources.files("cleaner.rules").joinpath("examples", f"{r.id}.toml")
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for kind in ("drop", "keep"):
            for n, e in enumerate(data.get(kind, ())):
                out.append((r.id, kind, n, e))
    return out


EXAMPLES = _examples()


@pytest.mark.parametrize("rule_id,kind,n,example", EXAMPLES, ids=[f"{e[0]}-{e[1]}{e[2]}" for e in EXAMPLES])
def test_documented_examples(rule_id, kind, n, example):
    hints = {html_hints.HINT_OF[rule_id]: frozenset(hint_key(t) for t in example["hints"])}
    result = cleaner.analyze(example["text"], hints=hints, mode="rules")
    target = example.get("target", example["text"])
    kept = result.text.split("\n\n")
    if kind == "drop":
        assert target not in kept, result.explain()
        assert any(r.rule == rule_id and r.text == target for r in result.removals), result.explain()
    else:
        for line in target.splitlines():
            assert line.strip() in kept, result.explain()


def test_page_structure_classes_are_not_boilerplate():
    # a page builder puts every block in a "widget": the article's widgets hold most of the
    # page's text, so "elementor-widget" is the page's structure; a sharing box still counts
    paras = "".join(
        f'<div class="elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container">'
        f"<p>Paragraph {i} of the article, with enough words to be a real paragraph of text.</p></div></div>"
        for i in range(6))
    page = (f'<html><body><div class="page">{paras}'
            '<div class="share-box"><p>Share this article</p></div></div></body></html>')
    h = htmlmode.collect_hints(htmlmode.parse_html(page))
    assert set(h["html_boilerplate"]) == {hint_key("Share this article")}
    # the same widgets around a small part of the page stay boilerplate
    small = (f'<html><body><div class="page">' + "<p>An article paragraph with enough words in it to count.</p>" * 12
             + '<div class="sidebar-widget"><p>Popular right now</p></div>'
             + '<div class="sidebar-widget"><p>Most read today</p></div></div></body></html>')
    h = htmlmode.collect_hints(htmlmode.parse_html(small))
    assert set(h["html_boilerplate"]) == {hint_key("Popular right now"), hint_key("Most read today")}


def test_heading_ids_and_switch_classes_are_not_boilerplate():
    page = ("<html><body>" + "<p>An article paragraph with enough words in it to count.</p>" * 8
            + '<h2 id="h-social-media-tips"><strong>Tips for the week</strong></h2>'
            + '<div class="sidebar-enabled--false"><p>The last paragraph of the article.</p></div>'
            + '<div class="comments-none"><p>A closing remark of the author.</p></div>'
            + '<div id="related-links"><p>Other stories</p></div></body></html>')
    h = htmlmode.collect_hints(htmlmode.parse_html(page))
    assert set(h["html_boilerplate"]) == {hint_key("Other stories")}


def test_script_code_does_not_count_as_page_text():
    # A sidebar with a long inline script holds little text a reader sees: it stays
    # boilerplate, and the page's scripts do not make every container look small.
    code = "var settings = {" + ", ".join(f'"key{i}": {i}' for i in range(400)) + "};"
    page = ("<html><head></head><body>"
            + "<p>An article paragraph with enough words in it to count.</p>" * 10
            + f'<div class="sidebar"><script>{code}</script><p>Popular right now</p></div>'
            + f"<script>{code}</script></body></html>")
    h = htmlmode.collect_hints(htmlmode.parse_html(page))
    assert set(h["html_boilerplate"]) == {hint_key("Popular right now")}
    # a container that holds most of the visible text is not boilerplate, however much code
    # the page carries elsewhere
    page = ("<html><body>"
            + '<div class="sidebar-layout">'
            + "<p>An article paragraph with enough words in it to count.</p>" * 10 + "</div>"
            + "<p>Popular right now</p>" + f"<script>{code * 3}</script></body></html>")
    h = htmlmode.collect_hints(htmlmode.parse_html(page))
    assert set(h["html_boilerplate"]) == frozenset()


def test_a_list_the_article_introduces_is_not_a_link_block():
    items = "".join(f'<li><a href="/course/{i}">Course number {i} of the catalogue</a></li>' for i in range(4))
    body = "<p>The rest of the article, paragraph after paragraph of its running text.</p>" * 8
    page = ("<html><body><p>Here are some of the courses that the university offers for free:</p>"
            f"<ul>{items}</ul>{body}<p>Related:</p><ul>{items.replace('Course', 'Story')}</ul></body></html>")
    dense = htmlmode.collect_hints(htmlmode.parse_html(page))["html_link_dense"]
    # the list after "Related:" is a block of links; the list that a sentence introduces is not
    assert dense == {hint_key(f"Story number {i} of the catalogue") for i in range(4)}
