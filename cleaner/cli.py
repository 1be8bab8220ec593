"""The pipe filter: ``cleaner [FILE ...]``. Thin: it reads, calls the library, writes.

stdout carries only the cleaned output; diagnostics and ``--explain`` go to stderr.
Exit codes: 0 ok, 1 some inputs failed (each reported on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from typing import BinaryIO

from . import __version__
from .config import Config, ConfigError, load_config
from .jsonio import dumps
from .pipeline import MODES, analyze
from .text import decode, encode


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleaner",
        description="Clean scraped news text: write the article body to stdout.",
        epilog="Reads each FILE (stdin when none or '-'). Diagnostics go to stderr. "
        "Exit status: 0 ok, 1 some inputs failed, 2 usage error.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="input files (default: stdin)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: the body; json: one JSON object per input with text, title, metadata, removals")
    p.add_argument("--explain", action="store_true", help="write what was removed and why to stderr")
    p.add_argument("--lang", help="document language (ISO 639-1, e.g. de); detected when not given")
    p.add_argument("--mode", choices=MODES, default=None, help="cleaning mode (default: default)")
    p.add_argument("--disable", default="", metavar="ID,...", help="rule IDs to switch off")
    p.add_argument("--config", metavar="FILE", help="TOML configuration (extra patterns, disabled rules)")
    p.add_argument("--html", action="store_true", help="input is HTML (needs: pip install 'cleaner[html]')")
    p.add_argument("--url", help="with --html: the page's URL (helps metadata extraction)")
    p.add_argument("--no-lead", action="store_true",
                   help="with --html: do not put back the article's lead when the extraction left it out")
    p.add_argument("--repair-mojibake", action=argparse.BooleanOptionalAction, default=None,
                   help="put right text that was UTF-8 once read as Windows-1252 or Latin-1 "
                   "before cleaning (default: off for text, on for --html)")
    p.add_argument("--jsonl", action="store_true", help="input is JSON Lines; one output record per input line")
    p.add_argument("--field", default="text", help="with --jsonl: the field holding the text (default: text)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="with --jsonl: worker processes (0 = all cores; default 1)")
    p.add_argument("--progress", action="store_true", help="with --jsonl: show progress on stderr")
    p.add_argument("--list-rules", action="store_true", help="print the rule catalogue and exit")
    p.add_argument("--show-rule", metavar="ID", help="print one rule's documentation and examples and exit")
    p.add_argument("--version", action="version", version=f"cleaner {__version__}")
    return p


def _err(msg: str) -> None:
    sys.stderr.write(f"cleaner: {msg}\n")
    sys.stderr.flush()


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    with open(name, "rb") as fh:
        return fh.read()


def _options(args: argparse.Namespace, config: Config | None) -> dict:
    options = {"lang": args.lang, "mode": args.mode, "disable": args.disable, "config": config}
    if args.html and args.no_lead:
        options["lead"] = False
    if args.repair_mojibake is not None:
        options["repair_mojibake"] = args.repair_mojibake
    return options


def _clean_one(name: str, data: bytes, args, options: dict, out: BinaryIO, first: bool) -> None:
    """Clean one input and write it; raises ValueError for input that cannot be cleaned."""
    if args.html:
        from .htmlmode import analyze_html

        # plain text out: the page's metadata would not be written, only its title is read
        wanted = True if args.explain or args.format == "json" else "title"
        result = analyze_html(data, url=args.url, metadata=wanted, **options)
    else:
        result = analyze(decode(data), **options)
    if args.explain:
        header = f"== {name}\n" if len(args.files) > 1 else ""
        sys.stderr.write(header + result.explain() + "\n")
    if args.format == "json":
        record = {"source": name, **result.to_dict(removals=True)}
        out.write(encode(dumps(record)) + b"\n")
    else:
        if not first:
            out.write(b"\x0c\n")
        if result.text:
            out.write(encode(result.text) + b"\n")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _main(args)
    except BrokenPipeError:
        # The reader went away (``cleaner ... | head``): stop quietly, and keep Python from
        # complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def _main(args: argparse.Namespace) -> int:
    from . import catalogue

    if args.list_rules:
        sys.stdout.write(catalogue.listing())
        return 0
    if args.show_rule:
        try:
            sys.stdout.write(catalogue.show(args.show_rule))
        except KeyError:
            _err(f"unknown rule ID {args.show_rule!r}; see --list-rules")
            return 2
        return 0
    config = None
    if args.config:
        try:
            config = load_config(args.config)
        except ConfigError as e:
            _err(str(e))
            return 2
    options = _options(args, config)
    try:
        from .pipeline import _resolve

        _resolve(args.mode, args.disable, config)
    except ValueError as e:
        _err(str(e))
        return 2
    if args.html:
        try:
            from .htmlmode import html_available
        except ImportError:
            def html_available() -> bool:
                return False

        if not html_available():
            _err("--html needs the HTML extra: pip install 'cleaner[html]'")
            return 2
    if args.jsonl:
        from .batch import run_jsonl

        return run_jsonl(args, options)
    if args.no_lead and not args.html:
        _err("--no-lead works with --html only")
        return 2
    if args.jobs != 1:
        _err("-j/--jobs works with --jsonl only")
        return 2
    out = sys.stdout.buffer
    status = 0
    written = 0
    for name in args.files or ["-"]:
        try:
            data = _read(name)
        except OSError as e:
            _err(f"{name}: {e.strerror or e}")
            status = 1
            continue
        try:
            _clean_one(name, data, args, options, out, first=(written == 0))
            written += 1
        except ValueError as e:  # input that cannot be cleaned (e.g. unparsable HTML)
            _err(f"{name}: {e}")
            status = 1
        except BrokenPipeError:
            raise
        except Exception as e:  # a bug (or MemoryError): one line, never a traceback, go on
            _err(f"{name}: internal error: {type(e).__name__}: {' '.join(str(e).split())[:300]}")
            status = 1
        out.flush()
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
