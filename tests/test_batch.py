"""``cleaner.clean_batch``: the per-record logic of ``--jsonl`` for a list of dicts."""

from __future__ import annotations

import copy
import json
import os
import pathlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import batch

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "jsonl" / "articles.jsonl"


def inputs() -> list[dict]:
    return [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]


def test_exported():
    assert cleaner.clean_batch is batch.clean_batch
    assert "clean_batch" in cleaner.__all__


def test_same_records_as_the_pipe_filter():
    ins = inputs()
    p = subprocess.run([sys.executable, "-m", "cleaner", "--jsonl", "--explain", str(ARTICLES)],
                       capture_output=True, timeout=120, cwd=ROOT)
    assert p.returncode == 0
    cli = [json.loads(line) for line in p.stdout.splitlines()]
    assert cleaner.clean_batch(ins, explain=True) == cli


def test_records_are_new_dicts_with_fields_in_order():
    ins = inputs()
    before = copy.deepcopy(ins)
    out = cleaner.clean_batch(ins)
    assert ins == before  # the caller's dicts are not modified
    for i, o in zip(ins, out):
        assert o is not i
        assert list(o) == list(i) + ["cleaner"]
        result = cleaner.analyze(i["text"])
        assert o["text"] == result.text
        assert o["cleaner"] == {"title": result.title, "lang": result.lang, "metadata": result.metadata}
        assert o["meta"] == i["meta"] and o["score"] == i["score"]


def test_bad_records_become_error_records():
    good = {"id": 1, "text": "Titel\n\nFoto: dpa\n\nDer Text der Meldung steht hier."}
    bad = [
        ["not", "a", "dict"],
        "a string",
        None,
        {"id": 2, "body": "no text field"},
        {"id": 3, "text": 42},
        {"id": 4, "text": None},
    ]
    out = cleaner.clean_batch([good, *bad, good])
    assert len(out) == 8
    assert out[0] == out[7]
    assert out[0]["text"] == cleaner.clean(good["text"])
    messages = [
        "not a JSON object (array)",
        "not a JSON object (string)",
        "not a JSON object (null)",
        'no field "text"',
        'field "text" is not a string (number)',
        'field "text" is not a string (null)',
    ]
    for i, (rec, msg) in enumerate(zip(bad, messages), start=1):
        assert out[i] == {"error": msg, "index": i, "input": rec}


def test_field_and_generator_input():
    texts = [r["text"] for r in inputs()[:3]]
    recs = ({"body": t, "text": "kept"} for t in texts)
    out = cleaner.clean_batch(recs, field="body")
    assert [o["body"] for o in out] == [cleaner.clean(t) for t in texts]
    assert all(o["text"] == "kept" for o in out)


def test_options_are_passed_on():
    text = "Titel der Meldung\n\nFoto: dpa\n\nDer eigentliche Text der Meldung steht hier."
    (o,) = cleaner.clean_batch([{"text": text}], lang="de", disable="CRD001", explain=True)
    assert o["text"] == cleaner.clean(text, lang="de", disable="CRD001")
    assert o["cleaner"]["lang"] == "de"
    assert all(r["rule"] != "CRD001" for r in o["cleaner"]["removals"])
    assert o["cleaner"]["removals"] == [r.to_dict() for r in cleaner.analyze(text, lang="de", disable="CRD001").removals]


def test_bad_options_raise_once():
    with pytest.raises(ValueError):
        cleaner.clean_batch([{"text": "x"}], mode="nonsense")
    with pytest.raises(ValueError):
        cleaner.clean_batch([{"text": "x"}], disable="NOPE999")
    with pytest.raises(TypeError):
        cleaner.clean_batch([{"text": "x"}], colour="blue")
    with pytest.raises(ValueError):
        cleaner.clean_batch([{"text": "x"}], field="cleaner")


def test_failure_inside_the_cleaner_becomes_an_error_record(monkeypatch):
    real = batch.analyze

    def analyze(text, **kw):
        if "BOOM" in text:
            raise RuntimeError("rule exploded\nsecond line")
        return real(text, **kw)

    monkeypatch.setattr(batch, "analyze", analyze)
    texts = [r["text"] for r in inputs()[:2]]
    out = cleaner.clean_batch([{"text": texts[0]}, {"text": "BOOM"}, {"text": texts[1]}])
    assert [o.get("text") for o in out] == [cleaner.clean(texts[0]), None, cleaner.clean(texts[1])]
    assert out[1] == {"error": "internal error: RuntimeError: rule exploded second line", "index": 1,
                      "input": {"text": "BOOM"}}


def test_empty_batch():
    assert cleaner.clean_batch([]) == []


def test_error_lines_are_lossless_json():
    raw = b'{"text": "Caf\xe9"}'
    data, msg = batch._line(raw, 7, batch.Job())
    assert msg.startswith("not valid UTF-8")
    rec = json.loads(data)
    assert rec["line"] == 7
    assert rec["input"].encode("utf-8", "surrogateescape") == raw
    data.decode("utf-8")


@pytest.mark.parametrize("raw", [b"[" * 100_000, b'{"a": ' * 50_000, b'{"text": "x", "n": ' + b"9" * 5000 + b"}"])
def test_hostile_json_is_an_error_record_not_a_crash(raw):
    data, msg = batch._line(raw, 1, batch.Job())
    assert msg.startswith("not JSON")
    assert json.loads(data)["input"].encode() == raw


@settings(max_examples=200, deadline=None)
@given(
    data=st.lists(st.sampled_from([b"a", b"\n", b"\r", b"{}", b"\xef\xbb\xbf", b"\xef", b"xyz" * 3]), max_size=30).map(b"".join),
    read_size=st.integers(min_value=1, max_value=9),
)
def test_reading_lines_in_pieces(tmp_path_factory, data, read_size):
    path = tmp_path_factory.mktemp("lines") / "in.jsonl"
    path.write_bytes(data)
    expected_data = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    expected = expected_data.split(b"\n")
    if expected[-1] == b"":
        expected.pop()  # the input ended with a newline (or was empty)
    old = batch.READ_SIZE
    batch.READ_SIZE = read_size
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            got = [line for lines, _ in batch._read_lines(fd) for line in lines]
        finally:
            os.close(fd)
    finally:
        batch.READ_SIZE = old
    assert got == expected
