"""Hard-wrapped text: the line model judges its paragraphs, not the fragments of its lines."""

import re
import textwrap

import cleaner
from cleaner import pipeline
from cleaner.rules.content import wrapped_paragraphs

PARAS = [
    "The city council voted on Tuesday evening to extend the night bus service to the "
    "northern districts, a change that residents had asked for since the last line was cut "
    "three years ago. The new routes will run every thirty minutes between midnight and five "
    "in the morning, and the first buses are expected to leave the central station in March.",
    "Supporters of the plan said that shift workers in the hospitals and the logistics parks "
    "had no way to get home after the late trains stopped. Several of them spoke during the "
    "public part of the meeting and described walking for more than an hour along roads "
    "without pavements, or paying for taxis that cost them a large part of their wages.",
    "The transport department estimates that the extension will cost about two million a year. "
    "Half of that is to come from the regional budget, and the rest from a small rise in the "
    "price of monthly passes, which opponents of the plan criticised as unfair to people who "
    "never travel at night but will still have to pay more for their tickets.",
    "A spokesperson for the bus operator said that drivers for the new routes would be hired "
    "over the winter and trained in the depots of the eastern districts. The operator also "
    "plans to test two electric buses on the longest of the routes, and will report on their "
    "range in cold weather to the council before more of them are ordered.",
]
MENU = "Home\nNews\nSport\nWeather\nLog in\n\n"
FOOTER = "\n\nShare this article\nFollow us on Facebook\nContact | Imprint | Privacy\n"


def _wrapped(width=72):
    return "\n\n".join(textwrap.fill(p, width) for p in PARAS)


def _words(text):
    return re.findall(r"\w+", text)


def _groups(text):
    doc, _ = pipeline.prepare(text)
    return wrapped_paragraphs(doc)


def test_every_line_of_a_wrapped_paragraph_is_kept_on_a_page():
    page = MENU + _wrapped() + FOOTER
    r = cleaner.analyze(page)
    kept = " ".join(_words(r.text))
    for para in PARAS:
        assert " ".join(_words(para)) in kept
    gone = {x.text for x in r.removals}
    assert {"Home", "Log in", "Share this article", "Contact | Imprint | Privacy"} <= gone


def test_the_paragraphs_of_a_wrapped_text_are_found():
    for width in (60, 72, 100):
        text = _wrapped(width)
        groups = _groups(text)
        assert groups is not None
        assert len(groups) == len(PARAS)
        doc, _ = pipeline.prepare(text)
        for group, para in zip(groups, PARAS):
            assert " ".join(doc.lines[i].key for i in group) == para


def test_the_output_of_a_wrapped_text_is_still_read_as_wrapped():
    # the output puts a blank line after every line; the width alone must then find the
    # paragraphs again, or a second pass would judge the fragments
    out = cleaner.clean(MENU + _wrapped() + FOOTER, passes=1)
    groups = _groups(out)
    assert groups is not None
    assert max(len(g) for g in groups) >= 4


def test_a_text_of_one_paragraph_per_line_is_not_wrapped():
    assert _groups("\n".join(PARAS)) is None
    assert _groups("\n\n".join(PARAS)) is None


def test_a_page_of_short_lines_and_paragraphs_is_not_wrapped():
    # most lines short, so the 95th percentile is short, but the paragraphs run far past it
    menu = "\n".join(f"Section {i}" for i in range(40))
    assert _groups(menu + "\n" + "\n".join(PARAS) + "\n" + menu) is None
