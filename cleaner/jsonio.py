"""JSON output that never loses a byte: undecodable input bytes travel as ``\\udcXX`` escapes.

Input decoded with ``surrogateescape`` holds lone surrogates U+DC80..U+DCFF for bytes that
were not UTF-8. JSON can carry them as ``\\udcXX`` escapes: ``json.loads`` gives the same
string back and ``s.encode("utf-8", "surrogateescape")`` the original bytes.
"""

from __future__ import annotations

import json
from typing import Any

import regex

_LONE_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _escape(m: regex.Match) -> str:
    return "\\u%04x" % ord(m.group())


def dumps(obj: Any) -> str:
    """One line of JSON, UTF-8 characters kept, lone surrogates escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if _LONE_SURROGATE.search(text):
        text = _LONE_SURROGATE.sub(_escape, text)
    return text
