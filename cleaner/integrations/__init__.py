"""Adapters for data-processing engines. Each lives in its own module and is imported only
when asked for, so that ``import cleaner`` never pulls in an engine:

* :mod:`cleaner.integrations.datatrove`: ``CleanerStep``, a datatrove pipeline step
  (``pip install 'cleaner[datatrove]'``).

Ray Data, Dask and Spark need no adapter: see ``cleaner.clean_batch`` and docs/batch.md.
"""
