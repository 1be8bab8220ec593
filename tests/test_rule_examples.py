"""Every rule's documented examples: a drop example fires its rule on its target; a keep
example survives the whole pipeline."""

import pytest

import cleaner
from cleaner.catalogue import examples
from cleaner.rules import RULES, html_hints

DROP = [(r.id, i, e) for r in RULES for i, e in enumerate(examples(r.id)[0])]
KEEP = [(r.id, i, e) for r in RULES for i, e in enumerate(examples(r.id)[1])]


def test_every_rule_has_examples():
    for r in RULES:
        drop, keep = examples(r.id)
        assert drop, f"{r.id} has no drop example"
        assert keep, f"{r.id} has no keep example"


def _analyze(rule_id, example):
    hints = None
    if example.hints:
        hints = {html_hints.HINT_OF[rule_id]: frozenset(html_hints.hint_key(t) for t in example.hints)}
    return cleaner.analyze(example.text, hints=hints)


@pytest.mark.parametrize("rule_id,n,example", DROP, ids=[f"{d[0]}-drop{d[1]}" for d in DROP])
def test_drop_example_fires_its_rule(rule_id, n, example):
    result = _analyze(rule_id, example)
    target = example.target if example.target is not None else example.text
    # the target may occur more than once (a repeated title): one occurrence must be fully
    # removed, with this rule among those that removed it
    occurrences = [i for i in range(len(example.text)) if example.text.startswith(target, i)]
    assert occurrences, "the target must be part of the example"
    for start in occurrences:
        end = start + len(target)
        covering = [r for r in result.removals if r.start < end and r.end > start]
        removed = set()
        for r in covering:
            removed.update(range(max(r.start, start), min(r.end, end)))
        visible = {i for i in range(start, end) if not example.text[i].isspace()}
        if visible <= removed and any(r.rule == rule_id for r in covering):
            return
    raise AssertionError(f"{rule_id} did not remove {target!r}:\n{result.explain()}")


@pytest.mark.parametrize("rule_id,n,example", KEEP, ids=[f"{k[0]}-keep{k[1]}" for k in KEEP])
def test_keep_example_survives(rule_id, n, example):
    result = _analyze(rule_id, example)
    target = example.target if example.target is not None else example.text
    kept = result.text.split("\n\n")
    for line in target.splitlines():
        if line.strip():
            assert line.strip() in kept, f"{rule_id}: {line!r} was removed\n{result.explain()}"


def test_catalogue_lists_every_rule():
    from cleaner.catalogue import listing, show

    text = listing()
    for r in RULES:
        assert r.id in text and r.name in text
        page = show(r.id)
        assert r.id in page and "Removes:" in page and "Keeps:" in page


def test_rule_ids_are_well_formed():
    import re

    for r in RULES:
        assert re.fullmatch(r"[A-Z]{3}\d{3}", r.id), r.id
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name), r.name
        assert r.doc and r.summary and r.reason
