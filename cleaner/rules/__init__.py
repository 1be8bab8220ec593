"""The rule catalogue: every rule, in the order the pipeline runs them.

The registry is an explicit tuple (no discovery): adding a rule means adding it here.
"""

from __future__ import annotations

from . import (
    bylines, captions, content, context, credits, html_hints, leftovers, nav, promo, teasers, times, titles, widgets,
)
from .base import Rule

#: All rules in execution order: line rules first (in this order), then block, context and
#: final rules.
RULES: tuple[Rule, ...] = (
    # line stage: each line alone
    *leftovers.RULES,
    *credits.RULES,
    *captions.LINE_RULES,
    *nav.RULES,
    *widgets.RULES,
    *promo.RULES,
    *times.RULES,
    *bylines.LINE_RULES,
    *teasers.LINE_RULES,
    # block stage: neighbours
    *titles.RULES,
    *html_hints.RULES,
    *captions.RULES,
    *teasers.BLOCK_RULES,
    *context.BLOCK_RULES,
    # context stage: the document's shape
    *content.CONTEXT_RULES,
    # final stage: the end of the text
    *bylines.FINAL_RULES,
)

BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
assert len(BY_ID) == len(RULES), "duplicate rule IDs"


def get(rule_id: str) -> Rule:
    return BY_ID[rule_id.upper()]
