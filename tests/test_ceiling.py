"""The line oracle and gap share of ``benchmarks.ceiling`` on hand-made pages."""

import math

import pytest

from benchmarks.ceiling import gap_share, oracle_text

GOLD = (
    "The council voted on Tuesday to close the old bridge for repairs next spring.\n"
    "Work is expected to take four months.\n"
)
DUMP = (
    "Home | News | Sport\n"
    "The council voted on Tuesday to close the old bridge for repairs next spring.\n"
    "Subscribe to our newsletter for the latest local stories\n"
    "Work is expected to take four months.\n"
    "© 2024 Example Media\n"
)


def test_oracle_keeps_the_gold_lines_only():
    assert oracle_text("sh", DUMP, GOLD) == (
        "The council voted on Tuesday to close the old bridge for repairs next spring.\n"
        "Work is expected to take four months."
    )


def test_oracle_on_snippets_drops_without_lines_and_keeps_unlabelled_ones():
    gold = {"with": ["close the old bridge"], "without": ["Subscribe to our newsletter"]}
    assert oracle_text("tr", DUMP, gold).split("\n") == [
        "Home | News | Sport",  # no snippet: no label, kept
        "The council voted on Tuesday to close the old bridge for repairs next spring.",
        "Work is expected to take four months.",
        "© 2024 Example Media",
        "",
    ]


def test_gap_share():
    assert gap_share(0.90, 0.95, 1.00) == pytest.approx(0.5)
    assert gap_share(0.90, 0.90, 0.98) == 0.0
    assert gap_share(0.90, 0.86, 0.98) == pytest.approx(-0.5)
    assert math.isnan(gap_share(0.90, 0.95, 0.90))
