"""cleaner: turn scraped news text into clean article bodies.

    >>> import cleaner
    >>> cleaner.clean("Title of the story\\n\\nFoto: dpa\\n\\nThe article text.")
    'The article text.'

Every removal is recorded with a rule ID and a reason (:func:`analyze`), and what is worth
keeping (title, byline, times, image credits, captions) is returned as metadata.
"""

from .config import Config, ConfigError, load_config
from .model import Removal, Result, apply
from .pipeline import MODES, analyze, clean
from .batch import clean_batch
from .htmlmode import HTMLError, analyze_html, clean_html, html_available
from .text import repair_mojibake

__version__ = "0.1.0"

__all__ = [
    "MODES", "Config", "ConfigError", "Removal", "Result", "analyze", "apply", "clean", "clean_batch",
    "load_config", "HTMLError", "analyze_html", "clean_html", "html_available", "repair_mojibake",
    "__version__",
]
