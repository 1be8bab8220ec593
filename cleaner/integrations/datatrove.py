"""cleaner as a datatrove pipeline step.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    LocalPipelineExecutor(
        [JsonlReader("in/"), CleanerStep(), JsonlWriter("out/")], tasks=8, workers=4
    ).run()

:class:`CleanerStep` replaces ``doc.text`` by the clean body and stores what the cleaner found
in ``doc.metadata["cleaner"]``: ``title``, ``lang``, ``metadata`` and, with ``explain=True``,
``removals`` (a list of dicts). Every value is JSON-serialisable. It drops no document unless
``drop_empty=True`` (then a document whose body is empty is dropped). Datatrove's stats count,
per rule ID (e.g. ``CRD001``), how many removals the rule made, plus ``total``, ``forwarded``,
``dropped`` and ``errors``.

Needs datatrove: ``pip install 'cleaner[datatrove]'``. Only this module imports it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.typeshelper import StatHints
except ImportError as e:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "cleaner.integrations.datatrove needs datatrove: pip install 'cleaner[datatrove]'"
    ) from e

from ..batch import INFO_KEY, _failure, _job
from ..pipeline import analyze

__all__ = ["CleanerStep"]


class CleanerStep(PipelineStep):
    """Clean ``doc.text`` of every document.

    ``html``: ``doc.text`` holds HTML (``doc.metadata["url"]`` is passed on when present).
    ``explain``: also store the removals. ``drop_empty``: drop documents whose clean body is
    empty (default: keep every document). ``lang``, ``mode``, ``disable``, ``config``,
    ``repair_mojibake``: as for :func:`cleaner.analyze`, the same for every document; with
    ``html=True`` also ``lead`` (see :func:`cleaner.analyze_html`). A document the cleaner fails on is
    passed on unchanged with ``{"error": message}`` under ``metadata["cleaner"]`` and counted
    under ``errors``.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        *,
        html: bool = False,
        explain: bool = False,
        drop_empty: bool = False,
        lang: str | None = None,
        mode: str | None = None,
        disable: Any = (),
        config: Any = None,
        repair_mojibake: bool | None = None,
        lead: bool | None = None,
    ) -> None:
        super().__init__()
        options = {"lang": lang, "mode": mode, "disable": disable, "config": config}
        if repair_mojibake is not None:
            options["repair_mojibake"] = repair_mojibake
        if lead is not None:
            options["lead"] = lead  # HTML input only: refused below for text
        # Validates the options now (ValueError for an unknown mode or rule ID), not per document.
        self.job = _job("text", html, explain, None, options)
        self.drop_empty = drop_empty

    def _analyze(self, doc):
        job = self.job
        if job.html:
            from ..htmlmode import analyze_html

            url = doc.metadata.get("url")
            return analyze_html(doc.text, url=url if isinstance(url, str) and url else None, **job.options)
        return analyze(doc.text, **job.options)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                try:
                    result = self._analyze(doc)
                    error = None
                except Exception as e:  # one bad document must not stop the task
                    result, error = None, _failure(e)
            if result is None:
                self.stat_update("errors")
                doc.metadata[INFO_KEY] = {"error": error}
                self.stat_update(StatHints.forwarded)
                yield doc
                continue
            info: dict[str, Any] = {"title": result.title, "lang": result.lang, "metadata": result.metadata}
            if self.job.explain:
                info["removals"] = [r.to_dict() for r in result.removals]
            for rule_id, n in Counter(r.rule for r in result.removals).items():
                self.stat_update(rule_id, value=n)
            if self.drop_empty and not result.text.strip():
                self.stat_update(StatHints.dropped)
                continue
            doc.text = result.text
            doc.metadata[INFO_KEY] = info
            self.stat_update(StatHints.forwarded)
            self.update_doc_stats(doc)
            yield doc
