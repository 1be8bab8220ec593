"""The five seed articles end to end: the body equals the expected body written by reading
the seed (fixtures/seeds/NNN.expected.txt), and the metadata holds what was taken out."""

import pathlib

import pytest

import cleaner

SEEDS = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
STEMS = sorted(p.stem for p in SEEDS.glob("[0-9][0-9][0-9].txt"))


def test_there_are_five_seeds():
    assert STEMS == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("stem", STEMS)
def test_seed_body(stem):
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    expected = (SEEDS / f"{stem}.expected.txt").read_text(encoding="utf-8").strip()
    result = cleaner.analyze(text)
    assert result.text == expected, result.explain()


@pytest.mark.parametrize("stem", STEMS)
def test_seed_replay_and_idempotence(stem):
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    result = cleaner.analyze(text)
    assert cleaner.apply(text, result.removals) == result.text
    assert cleaner.clean(result.text) == result.text


def test_seed_metadata():
    def meta(stem):
        return cleaner.analyze((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))

    r0 = meta("000")
    assert r0.title == "Nordkorea erkennt ukrainische Separatistenregionen als unabhängig an"
    assert r0.metadata["image_credits"] == ["-/kcna/dpa", "Reuters"]
    assert r0.metadata["byline"] == "RND/AP"
    assert len(r0.metadata["captions"]) == 3
    assert r0.lang == "de"

    r1 = meta("001")
    assert r1.title == "Nordkoreas Machthaber Kim sagt Russland volle Unterstützung im Ukraine-Krieg zu"
    assert r1.metadata["site_name"] == "Deutsche Tageszeitung"
    assert r1.metadata["image_credits"] == ["RUSSIAN FOREIGN MINISTRY / HANDOUT/AFP"]
    assert r1.metadata["byline"] == "S.A.Dudajev--DTZ"

    r3 = meta("003")
    assert "6:35" in r3.metadata["published"]
    assert "10:26" in r3.metadata["updated"]
    assert r3.metadata["captions"] == ["Eine zerstörte Brücke in der Stadt Pokrowsk, Gebiet Donezk, Ukraine."]

    r4 = meta("004")
    assert r4.metadata["byline"] == "ial mit dpa"
    assert r4.text.endswith("die Ukraine weiterhin stark unterstützen.")
