"""The rule catalogue for people: ``cleaner --list-rules`` and ``cleaner --show-rule ID``.

Each rule's examples live in ``rules/examples/<ID>.toml`` (lines it must drop, lines the
whole pipeline must keep); the tests run every one of them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from .lexicon import get_lexicon
from .rules import BY_ID, RULES


@dataclass(frozen=True)
class Example:
    text: str
    target: str | None = None  # the part that must be dropped (or kept); None: all of it
    source: str = ""
    hints: tuple[str, ...] = ()  # HTML rules: the texts the page showed under the rule's kind


def examples(rule_id: str) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    """The (drop, keep) examples of a rule."""
    path = resources.files("cleaner.rules").joinpath("examples", f"{rule_id}.toml")
    if not path.is_file():
        return (), ()
    with path.open("rb") as fh:
        data = tomllib.load(fh)

    def load(kind: str) -> tuple[Example, ...]:
        return tuple(
            Example(e["text"], e.get("target"), e.get("source", ""), tuple(e.get("hints", ())))
            for e in data.get(kind, ())
        )

    return load("drop"), load("keep")


def listing() -> str:
    rows = [f"{r.id}  {r.name:<22} {r.stage:<7} {r.summary}" for r in RULES]
    return "\n".join(rows) + "\n"


def show(rule_id: str) -> str:
    r = BY_ID[rule_id.strip().upper()]
    lex = get_lexicon()
    langs = sorted({lang for c in r.concepts for lang in lex.languages_for(c)})
    out = [
        f"{r.id} {r.name}",
        f"stage: {r.stage}",
        f"languages: {', '.join(langs) if langs else 'any (no words)'}",
        f"metadata: {r.field or '-'}",
        f"reason recorded: {r.reason}",
        "",
        r.doc,
        "",
    ]
    drop, keep = examples(r.id)

    def fmt(e: Example) -> str:
        body = e.text if "\n" not in e.text else "\n    " + e.text.replace("\n", "\n    ")
        tgt = f"\n    (the part: {e.target!r})" if e.target else ""
        src = f"  [{e.source}]" if e.source else ""
        return f"  - {body}{tgt}{src}"

    if drop:
        out.append("Removes:")
        out.extend(fmt(e) for e in drop)
    if keep:
        out.append("Keeps:")
        out.extend(fmt(e) for e in keep)
    return "\n".join(out) + "\n"
