"""User configuration: a TOML file (or keyword options) adding patterns and switching rules off.

    # cleaner.toml
    mode = "default"
    disable = ["WID001", "TTL001"]

    [patterns.de]
    widget_labels = ["Mein Konto"]
    [patterns.common]
    agencies = ["KNA-Bild"]

Configuration holds data only: no code is ever loaded from it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .lexicon import COMMON_CONCEPTS, CONCEPTS, Lexicon, get_lexicon


class ConfigError(ValueError):
    """The configuration is not valid; the message says what and where."""


@dataclass(frozen=True)
class Config:
    mode: str | None = None
    disable: frozenset[str] = frozenset()
    patterns: tuple = field(default=())  # ((lang, concept, (entries...)), ...)

    @property
    def lexicon(self) -> Lexicon:
        return get_lexicon(self.patterns)

    @classmethod
    def from_dict(cls, data: dict, where: str = "configuration") -> "Config":
        from .pipeline import MODES
        from .rules import BY_ID

        unknown = set(data) - {"mode", "disable", "patterns"}
        if unknown:
            raise ConfigError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
        mode = data.get("mode")
        if mode is not None and mode not in MODES:
            raise ConfigError(f"{where}: mode must be one of {', '.join(MODES)}, not {mode!r}")
        disable = data.get("disable", [])
        if not isinstance(disable, list) or not all(isinstance(x, str) for x in disable):
            raise ConfigError(f"{where}: 'disable' must be a list of rule IDs")
        bad = [x for x in disable if x.upper() not in BY_ID]
        if bad:
            raise ConfigError(f"{where}: unknown rule ID(s) in 'disable': {', '.join(bad)}")
        items = []
        pats = data.get("patterns", {})
        if not isinstance(pats, dict):
            raise ConfigError(f"{where}: 'patterns' must be a table of languages")
        for lang, concepts in sorted(pats.items()):
            if not isinstance(concepts, dict):
                raise ConfigError(f"{where}: patterns.{lang} must be a table of concepts")
            allowed = COMMON_CONCEPTS if lang == "common" else CONCEPTS
            for concept, entries in sorted(concepts.items()):
                if concept not in allowed:
                    raise ConfigError(
                        f"{where}: patterns.{lang}.{concept} is not a concept; use one of {', '.join(allowed)}"
                    )
                if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
                    raise ConfigError(f"{where}: patterns.{lang}.{concept} must be a list of strings")
                items.append((lang, concept, tuple(entries)))
        return cls(mode=mode, disable=frozenset(x.upper() for x in disable), patterns=tuple(items))


def load_config(path: str | Path) -> Config:
    """Read a configuration file; raises :class:`ConfigError` with a one-line message."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as e:
        raise ConfigError(f"{p}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: not valid TOML: {e}") from None
    return Config.from_dict(data, str(p))
