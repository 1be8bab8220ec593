"""``cleaner.integrations.datatrove.CleanerStep`` in a real datatrove pipeline."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap

import pytest

import cleaner

pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402

from cleaner.integrations.datatrove import CleanerStep  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOLDER = ROOT / "fixtures" / "jsonl" / "datatrove"


def source_docs() -> dict[str, str]:
    docs = {}
    for path in sorted(FOLDER.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            docs[rec["id"]] = rec["text"]
    return docs


@pytest.fixture()
def quiet_logs():
    from loguru import logger

    logger.remove()
    yield
    logger.remove()
    logger.add(sys.stderr)


def test_local_executor_with_two_workers(tmp_path, quiet_logs):
    pytest.importorskip("orjson", reason="datatrove's JSONL reader and writer need orjson")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    out = tmp_path / "out"
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(FOLDER)),
            CleanerStep(explain=True),
            JsonlWriter(str(out), compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()

    written = {}
    for path in sorted(out.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            written[rec["id"]] = rec
    sources = source_docs()
    assert sorted(written) == sorted(sources)  # no document dropped
    expected_counts: dict[str, int] = {}
    for doc_id, text in sources.items():
        rec = written[doc_id]
        result = cleaner.analyze(text)
        assert rec["text"] == cleaner.clean(text)
        info = rec["metadata"]["cleaner"]
        assert info["title"] == result.title
        assert info["lang"] == result.lang
        assert info["metadata"] == result.metadata
        assert info["removals"] == [r.to_dict() for r in result.removals]
        for r in result.removals:
            expected_counts[r.rule] = expected_counts.get(r.rule, 0) + 1
    assert expected_counts  # the fixtures do have boilerplate

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    (step,) = [s for s in stats if "cleaner" in s["name"]]
    def total(v):  # datatrove saves a plain counter as an int, others as a dict
        return v if isinstance(v, int) else v["total"]

    counted = {k: total(v) for k, v in step["stats"].items() if k in expected_counts}
    assert counted == expected_counts
    assert total(step["stats"]["total"]) == len(sources)
    assert total(step["stats"]["forwarded"]) == len(sources)


def run_step(step: CleanerStep, texts: list[str]) -> list[Document]:
    docs = [Document(text=t, id=str(i), metadata={"url": "https://example.org"}) for i, t in enumerate(texts)]
    return list(step.run(iter(docs)))


BOILERPLATE_ONLY = "Teilen\n\nFoto: dpa"
ARTICLE = source_docs()["de-001"]  # title, credit, widget label, body, promo call


def test_no_document_is_dropped_unless_asked():
    assert cleaner.clean(BOILERPLATE_ONLY) == "" and cleaner.clean(ARTICLE) != ""
    kept = run_step(CleanerStep(), [BOILERPLATE_ONLY, ARTICLE])
    assert [d.text for d in kept] == ["", cleaner.clean(ARTICLE)]
    assert "removals" not in kept[1].metadata["cleaner"]
    assert kept[1].metadata["url"] == "https://example.org"  # other metadata untouched

    step = CleanerStep(drop_empty=True)
    dropped = run_step(step, [BOILERPLATE_ONLY, ARTICLE])
    assert [d.id for d in dropped] == ["1"]
    assert step.stats["dropped"].total == 1
    assert step.stats["forwarded"].total == 1


def test_metadata_is_json_serialisable():
    (doc,) = run_step(CleanerStep(explain=True, lang="de"), [ARTICLE])
    info = doc.metadata["cleaner"]
    assert json.loads(json.dumps(doc.metadata)) == doc.metadata
    assert info["lang"] == "de"
    assert {r["rule"] for r in info["removals"]} >= {"CRD001"}


def test_repair_mojibake_is_passed_on():
    mangled = "Der Fuchs hÃ¼pft Ã¼ber den Zaun, sagte die FÃ¶rsterin am Montag im Rathaus der Stadt."
    (doc,) = run_step(CleanerStep(repair_mojibake=True), [mangled])
    assert doc.text == cleaner.clean(mangled, repair_mojibake=True) and "hüpft" in doc.text
    assert doc.metadata["cleaner"]["metadata"]["mojibake_repaired"] == 3
    (doc,) = run_step(CleanerStep(), [mangled])
    assert "hÃ¼pft" in doc.text


def test_failure_inside_the_cleaner_keeps_the_document(monkeypatch):
    import cleaner.integrations.datatrove as integration

    real = integration.analyze

    def analyze(text, **kw):
        if "BOOM" in text:
            raise RuntimeError("rule exploded")
        return real(text, **kw)

    monkeypatch.setattr(integration, "analyze", analyze)
    step = CleanerStep()
    docs = run_step(step, ["BOOM", ARTICLE])
    assert [d.text for d in docs] == ["BOOM", cleaner.clean(ARTICLE)]
    assert docs[0].metadata["cleaner"] == {"error": "internal error: RuntimeError: rule exploded"}
    assert step.stats["errors"].total == 1


def test_bad_options_fail_at_construction():
    with pytest.raises(TypeError, match="lead"):
        CleanerStep(lead=False)  # an option of HTML input only
    assert CleanerStep(html=True, lead=False).job.options["lead"] is False
    with pytest.raises(ValueError):
        CleanerStep(mode="nonsense")
    with pytest.raises(ValueError):
        CleanerStep(disable="NOPE999")


def test_datatrove_is_imported_only_by_the_integration():
    script = textwrap.dedent(
        """
        import sys
        import cleaner, cleaner.batch, cleaner.cli, cleaner.integrations
        assert not any(m == "datatrove" or m.startswith("datatrove.") for m in sys.modules), "imported"
        sys.modules["datatrove"] = None  # as if it were not installed
        try:
            import cleaner.integrations.datatrove
        except ImportError as e:
            print(e)
        """
    )
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert "pip install 'cleaner[datatrove]'" in p.stdout
