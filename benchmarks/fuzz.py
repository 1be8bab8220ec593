"""Hostile input and fuzzing for cleaner: bounded time, no traceback, nothing lost.

Run from the repository root::

    python -m benchmarks.fuzz --seconds 60              # fuzz analyze, analyze_html, --jsonl
    python -m benchmarks.fuzz --seconds 10 --seed 0     # the brief run CI does (tests/test_hostile_fuzz.py)
    python -m benchmarks.fuzz --engine atheris --seconds 60   # libFuzzer, if atheris is installed
    python -m benchmarks.fuzz --hostile                 # time the big CLI inputs, print the figures
    python -m benchmarks.fuzz --patterns                # time every compiled pattern on 1 MB worst cases

The fuzzer checks, for every generated input, the contract the tests state (see
tests/test_properties.py): ``analyze`` never raises, its removals replay to its text through
:func:`cleaner.apply`, do not overlap and hold the text they cover, and the output's words are a
subsequence of the input's; ``analyze_html`` raises nothing but ``HTMLError``; the JSONL mode
writes one JSON object per input line. Every problem is printed with its (shrunk) input and
saved under ``--out`` (default ``benchmarks/out/fuzz``); the exit status is 1 when there was one.

This module also holds what the hostile-input tests share: realistic material
(:func:`seed_texts`, :func:`material_lines`), worst-case strings (:func:`hostile_strings`), the
collector of every compiled pattern of the package (:func:`collect_patterns`) and the big CLI
inputs (:data:`CLI_CASES`).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import dataclasses
import functools
import importlib
import inspect
import io
import json
import os
import pkgutil
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "fixtures" / "seeds"
HOSTILE_DIR = ROOT / "fixtures" / "hostile"
OUT_DIR = ROOT / "benchmarks" / "out" / "fuzz"

#: Size of the worst-case strings fed to every pattern.
PATTERN_INPUT = 1_000_000
#: Safety bound for one pattern call on a worst-case string (not a speed target).
PATTERN_BOUND = 2.0
#: Word tokens, as the tests define them.
WORD = regex.compile(r"\w+")


# --------------------------------------------------------------------------- material

#: Written for these tests (not copied from anywhere): prose in three languages and the page
#: furniture that scrapers leave around it. Used when fixtures/seeds is absent, and always mixed in.
EMBEDDED_TEXTS: tuple[str, ...] = (
    "Stadtrat beschließt neuen Radweg an der Hauptstraße\n"
    "Teilen\n"
    "Foto: dpa\n"
    "Der Stadtrat hat am Dienstagabend mit knapper Mehrheit beschlossen, entlang der Hauptstraße "
    "einen durchgehenden Radweg anzulegen. Die Arbeiten sollen im Frühjahr beginnen und bis zum "
    "Herbst abgeschlossen sein.\n"
    "Anwohner hatten sich seit Jahren über gefährliche Situationen an der Kreuzung beim Bahnhof "
    "beklagt. „Wir sind erleichtert“, sagte eine Sprecherin der Bürgerinitiative.\n"
    "© Quelle: Reuters\n"
    "Lesen Sie auch: Wie andere Städte den Verkehr beruhigen\n"
    "Die Kosten von rund 1,2 Millionen Euro trägt zu einem Drittel das Land. (dpa)\n"
    "PREV Diese Marke ruft Kinderwagen zurück\n"
    "NEXT Was geschah am Wochenende?\n",
    "Council approves new cycle lane on High Street\n"
    "By Jane Doe | Reuters\n"
    "Updated March 3, 2024 at 10:00 a.m. ET\n"
    "The city council voted narrowly on Tuesday to build a continuous cycle lane along High "
    "Street, with work due to start in spring and finish by the autumn.\n"
    "Share\n"
    "Residents had complained for years about dangerous situations at the junction near the "
    "station. \"We are relieved,\" a spokeswoman for the residents' group said.\n"
    "Photo: AP Photo/John Smith\n"
    "READ MORE: How other cities calm their traffic\n"
    "Sign up for our daily newsletter\n"
    "All rights reserved.\n",
    "Le conseil municipal adopte une nouvelle piste cyclable\n"
    "Par Jean Dupont | 3 mars 2024\n"
    "Le conseil municipal a voté mardi soir, à une courte majorité, la création d'une piste "
    "cyclable continue le long de la rue principale. Les travaux commenceront au printemps.\n"
    "Crédit photo : AFP\n"
    "À lire aussi : Comment d'autres villes apaisent la circulation\n"
    "Partager\n"
    "Les riverains se plaignaient depuis des années de situations dangereuses près de la gare.\n",
)

#: Lines of page furniture, for mixing into documents.
BOILERPLATE_LINES: tuple[str, ...] = (
    "© Quelle: Reuters", "Teilen", "PREV Die nächste Geschichte", "Foto: dpa", "Photo: AFP",
    "+++ Alle News lesen Sie in unserem Liveblog. +++", "Home > News > Politik", "Facebook Twitter E-Mail",
    "Veröffentlicht am 12.03.2024, 10:26 Uhr", "12. März 2024", "5 min read", "RND/AP", "(dpa)",
    "Von Anna Schmidt und Max Muster", "Jetzt Newsletter abonnieren", "Alle Rechte vorbehalten",
    "Lesen Sie auch: Die Lage in Kursk", "Empfohlen", "Mehr zum Thema", "-", "***", "|",
    ":format(webp)/images.example.com/madsack/X.jpeg)", 'type="image/webp"> <br/>',
    "Kommentare (12)", "Textgröße ändern:", "Copyright 2024 Example Media", "Ⓒ AFP",
)


@functools.lru_cache(maxsize=1)
def seed_texts() -> tuple[str, ...]:
    """Realistic documents: fixtures/seeds/*.txt (inputs, not the expected outputs) plus the
    embedded texts. Never reads anything outside the repository."""
    texts = []
    if SEED_DIR.is_dir():
        for p in sorted(SEED_DIR.glob("*.txt")):
            if p.name.endswith(".expected.txt"):
                continue
            texts.append(p.read_bytes().decode("utf-8", "surrogateescape"))
    return tuple(texts) + EMBEDDED_TEXTS


@functools.lru_cache(maxsize=1)
def material_lines() -> tuple[str, ...]:
    """Every non-blank line of the seed texts, plus the boilerplate lines."""
    lines: list[str] = []
    for t in seed_texts():
        lines.extend(ln for ln in re.split(r"\r\n|\r|\n", t) if ln.strip())
    lines.extend(BOILERPLATE_LINES)
    return tuple(dict.fromkeys(lines))


# --------------------------------------------------------------------------- worst cases

#: Characters repeated to build worst-case strings (the brief's list and a few more that the
#: rules' patterns treat specially).
HOSTILE_CHARS: tuple[str, ...] = (
    " ", "-", "©", "+", "(", ")", "|", "/", '"', "'", "a", "A", "1", ".", ":", "<", ">", "=", "\t",
    "\u00a0", "–", "»", "*", ",", "\\", "[", "_", "é",
)
#: Runs of two characters (a separator between words, a word between separators ...).
HOSTILE_PAIRS: tuple[str, ...] = (" a", "a ", "a -", " - ", "© ", "++ ", "(dpa/", "a.", "x=", "</", "-a", ". A")
#: What follows a run: characters the patterns do not expect there.
TERMINATORS: tuple[str, ...] = ("\x00", "x")
NORMAL_LINE = ("Der Kanzler sagte am Montag in Berlin: ", " und ging dann nach Hause.")


#: The brief's set (what the tests feed every pattern): fewer strings, same kinds.
QUICK_CHARS: tuple[str, ...] = (" ", "-", "©", "+", "(", "|", "/", '"', "'", "a", "\t", "\u00a0", "_", ".")
QUICK_PAIRS: tuple[str, ...] = (" a", "a -", "© ", "-a")
#: At most this many of a pattern's own punctuation characters are added to the quick set.
QUICK_EXTRA = 8


def hostile_strings(size: int = PATTERN_INPUT, extra: str = "", full: bool = True) -> Iterator[tuple[str, str]]:
    """``(name, string)`` worst cases of about ``size`` characters: one character (or a pair)
    repeated, followed by a character that does not fit; and the same runs inside a normal
    line. ``extra`` adds characters to repeat (e.g. the punctuation of a pattern's source);
    ``full=False`` gives the smaller set the tests use."""
    base, pairs = (HOSTILE_CHARS, HOSTILE_PAIRS) if full else (QUICK_CHARS, QUICK_PAIRS)
    chars = list(dict.fromkeys(base + tuple(extra if full else extra[:QUICK_EXTRA])))
    for c in chars:
        run = c * size
        for t in TERMINATORS if full else TERMINATORS[:1]:
            if t != c:
                yield f"{c!r}*{size}+{t!r}", run + t
        yield f"line({c!r}*{size})", NORMAL_LINE[0] + run + NORMAL_LINE[1]
    for p in pairs:
        run = p * (size // len(p))
        yield f"{p!r}*{size // len(p)}+'\\x00'", run + "\x00"
        yield f"line({p!r}*{size // len(p)})", NORMAL_LINE[0] + run + NORMAL_LINE[1]


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class PatternRef:
    """A compiled pattern of the package and where it was found."""

    id: str  # "cleaner.rules.titles._SITE_SEP", "Lexicon.promo_re", "cleaner.rules.credits._patterns()['sign']"
    pattern: Any  # regex.Pattern or re.Pattern

    @property
    def source(self) -> str:
        p = self.pattern.pattern
        return p.decode("latin-1") if isinstance(p, bytes) else p

    @property
    def is_bytes(self) -> bool:
        return isinstance(self.pattern.pattern, bytes)


def _is_pattern(obj: Any) -> bool:
    return isinstance(obj, (regex.Pattern, re.Pattern))


def _walk(obj: Any, path: str, out: dict, depth: int = 0, seen: set | None = None) -> None:
    """Collect patterns held by ``obj``: itself, or inside mappings, sequences and the
    attributes of cleaner's own objects (a few levels deep)."""
    if _is_pattern(obj):
        out.setdefault((type(obj).__module__, obj.pattern, obj.flags), PatternRef(path, obj))
        return
    if depth > 4 or isinstance(obj, (str, bytes, int, float, type(None))):
        return
    seen = seen if seen is not None else set()
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, dict) or type(obj).__name__ == "mappingproxy":
        for k, v in list(obj.items()):
            _walk(v, f"{path}[{k!r}]", out, depth + 1, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        if len(obj) > 10_000:
            return
        for i, v in enumerate(obj):
            _walk(v, f"{path}[{i}]", out, depth + 1, seen)
    elif getattr(type(obj), "__module__", "").startswith("cleaner") and not inspect.isclass(obj) \
            and not inspect.isfunction(obj) and not inspect.ismodule(obj):
        names = list(getattr(obj, "__dict__", {}))
        for cls in type(obj).__mro__:
            names.extend(getattr(cls, "__slots__", ()))
        for name in dict.fromkeys(names):
            try:
                v = getattr(obj, name)
            except AttributeError:
                continue
            _walk(v, f"{path}.{name}", out, depth + 1, seen)


def package_modules() -> list:
    """Every module of the cleaner package that imports (optional extras that are not
    installed are left out), ``__main__`` excepted."""
    import cleaner

    mods = [cleaner]
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        try:
            mods.append(importlib.import_module(info.name))
        except ImportError:
            continue
    return mods


def cached_builders(mods=None) -> list[tuple[str, Callable]]:
    """The ``functools`` caches defined in the package's modules (pattern builders)."""
    out = []
    for mod in mods or package_modules():
        for name, fn in vars(mod).items():
            if hasattr(fn, "cache_info") and hasattr(fn, "__wrapped__") and getattr(fn, "__module__", None) == mod.__name__:
                out.append((f"{mod.__name__}.{name}", fn))
    return out


def builder_arguments(fn: Callable, lex) -> list[str] | None:
    """Arguments for a pattern builder: each parameter gets the lexicon's alternation source
    (a ``str`` field) named like it (``agency`` -> ``agency``, ``prefix`` -> ``credit_prefix``,
    ``ext_alternation`` -> ``image_ext``); ``None`` when a parameter matches no field."""
    fields = {f.name: getattr(lex, f.name) for f in dataclasses.fields(lex) if isinstance(getattr(lex, f.name), str)}
    args = []
    for p in inspect.signature(fn.__wrapped__).parameters:
        if p in fields:
            args.append(fields[p])
            continue
        toks = set(p.split("_"))
        scored = sorted(fields, key=lambda f: -len(toks & set(f.split("_"))))
        if not scored or not toks & set(scored[0].split("_")):
            return None
        args.append(fields[scored[0]])
    return args


@dataclass
class Collection:
    patterns: list[PatternRef]
    unresolved_builders: list[str]  # cached functions that could not be called generically
    lexicon_builders: list[str]  # cached functions returning a Lexicon (walked as such)


def collect_patterns() -> Collection:
    """Every compiled pattern of the package: module globals (also inside dicts and tuples) of
    every module, the fields of the default :class:`~cleaner.lexicon.Lexicon`, and what the
    cached pattern builders return when called with the lexicon's alternations."""
    from cleaner.lexicon import Lexicon, get_lexicon

    mods = package_modules()
    out: dict = {}
    for mod in mods:
        for name, value in vars(mod).items():
            if inspect.ismodule(value) or inspect.isclass(value):
                continue
            _walk(value, f"{mod.__name__}.{name}", out)
    lex = get_lexicon()
    for f in dataclasses.fields(lex):
        _walk(getattr(lex, f.name), f"Lexicon.{f.name}", out)
    unresolved, lexicon_builders = [], []
    for name, fn in cached_builders(mods):
        ret = inspect.signature(fn.__wrapped__).return_annotation
        if "Lexicon" in str(ret) or ret is Lexicon:
            lexicon_builders.append(name)
            continue
        args = builder_arguments(fn, lex)
        if args is None:
            unresolved.append(name)
            continue
        _walk(fn(*args), f"{name}()", out)
    return Collection(sorted(out.values(), key=lambda r: r.id), unresolved, lexicon_builders)


def pattern_extra_chars(ref: PatternRef) -> str:
    """The punctuation and symbols a pattern's source names: repeated, they are its likely
    worst cases."""
    src = ref.source
    return "".join(dict.fromkeys(c for c in src if not c.isalnum() and not c.isspace() and c not in "\\^$.*+?{}[]()|"))


def time_call(ref: PatternRef, op: str, s: str, bound: float = PATTERN_BOUND) -> float:
    """Seconds ``ref.pattern.<op>(s)`` took; ``float('inf')`` when it went over ``bound``
    (regex patterns are stopped by their ``timeout``; stdlib ones run in a forked child)."""
    data: Any = s.encode("utf-8", "surrogatepass") if ref.is_bytes else s
    if isinstance(ref.pattern, regex.Pattern):
        t = time.perf_counter()
        try:
            getattr(ref.pattern, op)(data, timeout=bound)
        except TimeoutError:
            return float("inf")
        return time.perf_counter() - t
    return _time_in_child(lambda: getattr(ref.pattern, op)(data), bound)


def _time_in_child(fn: Callable[[], Any], bound: float) -> float:
    """Run ``fn`` in a forked child; its time, or ``inf`` when it is not done within ``bound``."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(r)
        t = time.perf_counter()
        try:
            fn()
            msg = repr(time.perf_counter() - t)
        except BaseException as e:  # noqa: BLE001
            msg = "error " + repr(e)
        os.write(w, msg.encode())
        os._exit(0)
    os.close(w)
    import select

    ready, _, _ = select.select([r], [], [], bound)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(r)
        return float("inf")
    msg = os.read(r, 1000).decode()
    os.close(r)
    os.waitpid(pid, 0)
    if msg.startswith("error"):
        raise RuntimeError(msg)
    return float(msg)


#: A call over the bound still passes when the pattern is linear on that input (its time grows
#: like the input, checked on two smaller copies) and it stays under this hard bound.
PATTERN_HARD_BOUND = 10.0


def growth(ref: PatternRef, op: str, index: int, size: int, full: bool = True) -> float:
    """How much slower the call gets from size/32 to size/8: about 4 for a linear pattern, 16
    for a quadratic one; ``inf`` when the small call alone takes over a second (a linear
    pattern would then need over 30 s at ``size``) or the larger one over 8 times as long."""
    extra = pattern_extra_chars(ref)
    a = time_call(ref, op, list(hostile_strings(size // 32, extra, full))[index][1], 1.0)
    if a == float("inf"):
        return a
    a = max(a, 0.002)
    b = time_call(ref, op, list(hostile_strings(size // 8, extra, full))[index][1], 8 * a + 0.05)
    return b / a


@dataclass
class SlowCall:
    input: str
    op: str
    seconds: float  # inf: stopped at the bound
    growth: float  # time ratio from size/32 to size/8: ~4 linear, ~16 quadratic

    @property
    def catastrophic(self) -> bool:
        return self.growth > 8 or self.seconds > PATTERN_HARD_BOUND

    def __str__(self) -> str:
        limit = PATTERN_BOUND if self.growth > 8 else PATTERN_HARD_BOUND
        t = f"> {limit:.0f} s" if self.seconds == float("inf") else f"{self.seconds:.2f} s"
        g = "super-linear (slower calls already at 1/32 of the size)" if self.growth == float("inf") \
            else f"x{self.growth:.1f} from 1/32 to 1/8 of the size"
        return f"{self.op}({self.input}) took {t}; {g}"


def run_forked(fn: Callable[[], Any], timeout: float) -> tuple[float, Any]:
    """Run ``fn`` in a forked child (this process's imports and caches included) and return
    ``(seconds, its picklable return value)``. Raises ``TimeoutError`` after killing the child
    when it is not done within ``timeout``, and ``RuntimeError`` with the child's traceback when
    ``fn`` raised. Linux/macOS only (fork)."""
    import pickle
    import select

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(r)
        try:
            t = time.perf_counter()
            value = fn()
            payload = pickle.dumps((True, time.perf_counter() - t, value))
        except BaseException:  # noqa: BLE001
            payload = pickle.dumps((False, 0.0, traceback.format_exc()))
        with os.fdopen(w, "wb") as fh:
            fh.write(payload)
        os._exit(0)
    os.close(w)
    deadline = time.monotonic() + timeout
    chunks = []
    try:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([r], [], [], max(0.0, left))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise TimeoutError(f"not done within {timeout:g} s")
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(r)
        os.waitpid(pid, 0)
    if not chunks:
        raise RuntimeError("the child died without an answer")
    ok, seconds, value = pickle.loads(b"".join(chunks))
    if not ok:
        raise RuntimeError(value)
    return seconds, value


def worst_case(ref: PatternRef, size: int = PATTERN_INPUT, bound: float = PATTERN_BOUND,
               first_only: bool = True, full: bool = True) -> list[SlowCall]:
    """The calls that went over ``bound`` on the worst-case strings (each with how its time
    grows with the input); with ``first_only`` it stops at the first catastrophic one."""
    bad = []
    for k, (name, s) in enumerate(hostile_strings(size, pattern_extra_chars(ref), full)):
        for op in ("match", "search"):
            dt = time_call(ref, op, s, bound)
            if dt > bound:
                g = growth(ref, op, k, size, full)
                if g <= 8:  # linear: how long does it take, up to the hard bound?
                    dt = time_call(ref, op, s, PATTERN_HARD_BOUND)
                call = SlowCall(name, op, dt, g)
                bad.append(call)
                if first_only and call.catastrophic:
                    return bad
    return bad


# --------------------------------------------------------------------------- CLI inputs

PROSE = (
    "Der Stadtrat hat am Dienstagabend mit knapper Mehrheit beschlossen, entlang der Hauptstraße "
    "einen durchgehenden Radweg anzulegen, und die Arbeiten sollen im Frühjahr beginnen."
)
PROSE2 = (
    "Anwohner hatten sich seit Jahren über gefährliche Situationen an der Kreuzung beim Bahnhof "
    "beklagt, wie eine Sprecherin der Bürgerinitiative am Mittwoch sagte."
)


def small_doc(middle: str, sep: str = "\n\n") -> str:
    """A document whose middle paragraph is ``middle``: a title, prose before and after."""
    return sep.join(["Stadtrat beschließt neuen Radweg", PROSE, middle, PROSE2]) + sep


def _utf8(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


#: Hostile CLI inputs: name -> (bytes factory, paragraphs whose bytes must come out unchanged,
#: big input?). A kept paragraph is given as the bytes it must appear as in the output.
CLI_CASES: dict[str, tuple[Callable[[], bytes], tuple[bytes, ...], bool]] = {
    "invalid-utf8": (
        lambda: _utf8(small_doc("Ein Satz mit ungültigen Bytes \udcff\udcfe\udcc3 und einem "
                               "abgeschnittenen Zeichen \udce2\udc82, der hier in aller Ruhe endet.")),
        (b"Ein Satz mit ung\xc3\xbcltigen Bytes \xff\xfe\xc3 und einem abgeschnittenen Zeichen \xe2\x82,"
         b" der hier in aller Ruhe endet.",), False),
    "overlong-and-surrogate-utf8": (
        lambda: _utf8(small_doc("Ein Satz mit \udcc0\udcaf überlangen und \udced\udca0\udc80 "
                               "Surrogat-Bytes, der hier in aller Ruhe endet.")),
        (b"Ein Satz mit \xc0\xaf \xc3\xbcberlangen und \xed\xa0\x80 Surrogat-Bytes, der hier in aller Ruhe endet.",),
        False),
    "nul-bytes": (
        lambda: _utf8(small_doc("Ein Satz mit \x00 NUL-Bytes \x00\x00 darin, der hier in aller Ruhe endet.")),
        (b"Ein Satz mit \x00 NUL-Bytes \x00\x00 darin, der hier in aller Ruhe endet.",), False),
    "cr-only": (lambda: _utf8(small_doc("Ein dritter Absatz mit Zeilenenden aus CR, der hier in aller Ruhe endet.", "\r\r")),
                (PROSE.encode(), b"Ein dritter Absatz mit Zeilenenden aus CR, der hier in aller Ruhe endet."), False),
    "crlf": (lambda: _utf8(small_doc("Ein dritter Absatz mit Zeilenenden aus CRLF, der hier in aller Ruhe endet.", "\r\n\r\n")),
             (PROSE.encode(), b"Ein dritter Absatz mit Zeilenenden aus CRLF, der hier in aller Ruhe endet."), False),
    "mixed-line-ends": (lambda: _utf8("Stadtrat beschließt neuen Radweg\r\n\r" + PROSE + "\n\r\n" + PROSE2 + "\r"),
                        (PROSE.encode(), PROSE2.encode()), False),
    "utf8-bom": (lambda: codecs.BOM_UTF8 + _utf8(small_doc("Ein Absatz nach einer BOM, der hier in aller Ruhe endet.")),
                 (b"Ein Absatz nach einer BOM, der hier in aller Ruhe endet.",), False),
    "utf16-le-bom": (lambda: codecs.BOM_UTF16_LE + small_doc("Ein Absatz in UTF-16 LE, der hier in aller Ruhe endet.").encode("utf-16-le"),
                     (b"Ein Absatz in UTF-16 LE, der hier in aller Ruhe endet.", PROSE.encode()), False),
    "utf16-be-bom": (lambda: codecs.BOM_UTF16_BE + small_doc("Ein Absatz in UTF-16 BE, der hier in aller Ruhe endet.").encode("utf-16-be"),
                     (b"Ein Absatz in UTF-16 BE, der hier in aller Ruhe endet.", PROSE.encode()), False),
    "control-characters": (
        lambda: _utf8(small_doc("Ein Satz mit \x0b\x0c\x1c\x1d\x1e\x1f\x7f\u0085\u2028\u2029 Steuerzeichen mitten drin, der hier endet.")),
        (_utf8("Ein Satz mit \x0b\x0c\x1c\x1d\x1e\x1f\x7f\u0085\u2028\u2029 Steuerzeichen mitten drin, der hier endet."),),
        False),
    "empty": (lambda: b"", (), False),
    "only-whitespace": (lambda: b" \t\n\r\n\xc2\xa0\xe2\x80\x8b\n", (), False),
    "big-single-line-20mb": (lambda: (PROSE.encode() + b" ") * (20_000_000 // (len(PROSE.encode()) + 1)) + b"\n", (), True),
    "million-short-lines": (lambda: b"".join(b"Zeile %d hat etwas Text.\n" % i for i in range(1_000_000)), (), True),
    "newlines-20mb": (lambda: b"\n" * 20_000_000, (), True),
    "whitespace-lines-20mb": (lambda: b" \t\r\n" * 5_000_000, (), True),
}


def run_cli(data: bytes, *args: str, timeout: float = 600,
            rlimit_as: int | None = None) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``python -m cleaner ARGS`` with ``data`` on stdin (from a temporary file, so that the
    time is the cleaner's, not the pipe's); returns the finished process (stdout and stderr as
    bytes), the wall time and the child's max RSS in MB. ``rlimit_as`` caps its address space.
    Raises ``subprocess.TimeoutExpired`` (after killing it) when it runs over ``timeout``."""
    import resource
    import threading

    def limit():  # pragma: no cover - in the child
        resource.setrlimit(resource.RLIMIT_AS, (rlimit_as, rlimit_as))

    with tempfile.TemporaryFile(prefix="cleaner-hostile-") as stdin:
        stdin.write(data)
        stdin.seek(0)
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=ROOT, preexec_fn=limit if rlimit_as else None)
        bufs: dict[str, bytes] = {}

        def drain(name, stream):
            bufs[name] = stream.read()

        readers = [threading.Thread(target=drain, args=("out", proc.stdout), daemon=True),
                   threading.Thread(target=drain, args=("err", proc.stderr), daemon=True)]
        for r in readers:
            r.start()
        for r in readers:
            r.join(max(0.0, timeout - (time.perf_counter() - t)))
        timed_out = any(r.is_alive() for r in readers)
        if timed_out:
            proc.kill()
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        for r in readers:
            r.join()
        proc.stdout.close()
        proc.stderr.close()
    if timed_out:
        raise subprocess.TimeoutExpired(proc.args, timeout, bufs.get("out"), bufs.get("err"))
    return subprocess.CompletedProcess(proc.args, proc.returncode, bufs["out"], bufs["err"]), dt, usage.ru_maxrss / 1024


def expected_cli_text(data: bytes) -> bytes:
    """What ``cleaner`` must write for ``data``: the library's text for the decoded input."""
    from cleaner import analyze
    from cleaner.text import decode, encode

    text = analyze(decode(data)).text
    return encode(text) + b"\n" if text else b""


# --------------------------------------------------------------------------- contract checks


def words(text: str) -> list[str]:
    return WORD.findall(text)


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(w == b for b in it) for w in small)


def check_result(source: str, result) -> None:
    """The contract of a :class:`cleaner.Result` for ``source``; raises AssertionError."""
    from cleaner import apply

    assert isinstance(result.text, str)
    prev = 0
    for r in result.removals:
        assert 0 <= r.start < r.end <= len(source), f"removal out of range or empty: {r!r}"
        assert r.start >= prev, f"removals overlap or are unsorted at {r.start} (previous end {prev})"
        assert r.text == source[r.start:r.end], f"removal text differs from the input slice: {r!r}"
        prev = r.end
    replay = apply(source, result.removals)
    assert replay == result.text, f"apply(source, removals) != text:\n{replay!r}\n!=\n{result.text!r}"
    assert is_subsequence(words(result.text), words(source)), "output words are not a subsequence of the input's"


def check_text(text: str) -> None:
    """``analyze`` raises nothing and keeps its contract on ``text``."""
    from cleaner import analyze, clean

    r = analyze(text)
    check_result(text, r)
    assert clean(text) == r.text


def check_idempotent(text: str) -> None:
    from cleaner import clean

    once = clean(text)
    twice = clean(once)
    assert twice == once, f"clean(clean(x)) != clean(x):\n{twice!r}\n!=\n{once!r}"


def html_available() -> bool:
    try:
        from cleaner.htmlmode import html_available as avail
    except ImportError:
        return False
    return avail()


def check_html(data: bytes | str) -> None:
    """``analyze_html`` raises nothing but ``HTMLError`` (a one-line ``ValueError``) and keeps
    the contract on its extracted text."""
    from cleaner.htmlmode import HTMLError, analyze_html

    try:
        r = analyze_html(data)
    except HTMLError as e:
        msg = str(e)
        assert msg and "\n" not in msg, f"HTMLError message is not one line: {msg!r}"
        return
    check_result(r.source, r)


def jsonl_lines_in(data: bytes) -> int:
    """How many lines ``--jsonl`` reads from ``data``: ``\\n``-separated, a last line without
    ``\\n`` counted when it is not empty, a leading UTF-8 BOM dropped."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if not data:
        return 0
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def run_jsonl_inprocess(data: bytes, *args: str) -> tuple[int, bytes, str]:
    """``cleaner --jsonl ARGS`` on ``data``, in this process (stdout and stderr captured)."""
    from cleaner.cli import main

    with tempfile.NamedTemporaryFile(prefix="cleaner-jsonl-", delete=False) as fh:
        fh.write(data)
        path = fh.name
    out = io.BytesIO()
    err = io.StringIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)  # .buffer is `out`
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(err):
            status = main(["--jsonl", *args, path])
            stdout.flush()
    finally:
        os.unlink(path)
    return status, out.getvalue(), err.getvalue()


def check_jsonl(data: bytes) -> None:
    """``--jsonl`` writes one JSON object per line read, never a traceback."""
    status, out, err = run_jsonl_inprocess(data)
    assert "Traceback" not in err, err
    assert status in (0, 1), f"exit status {status}"
    lines = out.split(b"\n")
    assert lines[-1] == b"", "output does not end with a newline" if out else ""
    got = len(lines) - 1 if out else 0
    want = jsonl_lines_in(data)
    assert got == want, f"{want} lines in, {got} lines out"
    for ln in lines[:-1]:
        assert isinstance(json.loads(ln), dict)


# --------------------------------------------------------------------------- strategies


def strategies():
    """Hypothesis strategies for text, HTML and JSONL inputs (imported lazily)."""
    from hypothesis import strategies as st

    interesting = (
        "aAzZäöüßéÀ0179 \t\n\r.,;:!?…-–—/|\\()[]{}<>«»„“”\"'’©Ⓒ+*#@&%=_~^$"
        "\u00a0\u202f\u2007\u200b\u00ad\ufeff\u2028\u2029\x00\x0b\x0c\x1c\x85\udc80\udcff"
    )
    chars = st.one_of(st.sampled_from(interesting), st.characters(codec="utf-8"),
                      st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF))
    seps = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\n \n", "\n\u200b\n", "\n\n\n"])
    lines = material_lines()

    @st.composite
    def mutated_line(draw):
        line = draw(st.sampled_from(lines))
        for _ in range(draw(st.integers(0, 3))):
            op = draw(st.sampled_from(("insert", "delete", "upper", "lower", "cut", "double")))
            n = len(line)
            i = draw(st.integers(0, n))
            if op == "insert":
                line = line[:i] + draw(st.text(chars, min_size=1, max_size=4)) + line[i:]
            elif op == "delete" and n:
                j = draw(st.integers(i, min(n, i + 8)))
                line = line[:i] + line[j:]
            elif op == "upper":
                line = line.upper()
            elif op == "lower":
                line = line.lower()
            elif op == "cut":
                line = line[:i]
            elif op == "double":
                line = line[:i] + line[i:] * 2
        return line

    line = st.one_of(st.sampled_from(lines), mutated_line(), st.text(chars, max_size=60))

    @st.composite
    def documents(draw):
        parts = draw(st.lists(st.tuples(line, seps), max_size=16))
        return "".join(a + b for a, b in parts)

    @st.composite
    def mutated_seeds(draw):
        text = draw(st.sampled_from(seed_texts()))
        doc = re.split(r"\r\n|\r|\n", text)
        for _ in range(draw(st.integers(0, 6))):
            op = draw(st.sampled_from(("drop", "dup", "insert", "swap", "mutate", "join", "blank")))
            n = len(doc)
            i = draw(st.integers(0, max(0, n - 1)))
            if op == "drop" and n > 1:
                del doc[i]
            elif op == "dup" and n:
                doc.insert(i, doc[i])
            elif op == "insert":
                doc.insert(i, draw(line))
            elif op == "swap" and n > 1:
                j = draw(st.integers(0, n - 1))
                doc[i], doc[j] = doc[j], doc[i]
            elif op == "mutate" and n:
                doc[i] = doc[i][: len(doc[i]) // 2] + draw(st.text(chars, max_size=5)) + doc[i][len(doc[i]) // 2:]
            elif op == "join" and n > 1 and i + 1 < n:
                doc[i:i + 2] = [doc[i] + " " + doc[i + 1]]
            elif op == "blank":
                doc.insert(i, "")
        return draw(seps).join(doc)

    text = st.one_of(documents(), mutated_seeds(), st.text(chars, max_size=200))

    tags = st.sampled_from(["p", "div", "span", "a", "li", "ul", "h1", "h2", "figure", "figcaption",
                            "nav", "footer", "aside", "script", "style", "article", "main", "b", "br", "table", "td"])

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;")

    html_tree = st.recursive(
        st.one_of(line.map(esc), st.sampled_from(["&amp;", "&nbsp;", "&lol;", "<!-- c -->", "<![CDATA[x]]>", "<"])),
        lambda children: st.builds(
            lambda t, kids, attr: f"<{t}{attr}>{''.join(kids)}</{t}>", tags, st.lists(children, max_size=4),
            st.sampled_from(["", ' class="caption"', ' role="navigation"', ' hidden', ' title="x"', ' href="/a"'])),
        max_leaves=20,
    )
    html = st.one_of(
        html_tree.map(lambda b: f"<html><head><title>T</title></head><body>{b}</body></html>".encode("utf-8", "surrogateescape")),
        st.binary(max_size=300),
        st.sampled_from([b"", b"<", b"<html>", b"\xef\xbb\xbf<p>x</p>", b"\xff\xfe<\x00p\x00>\x00",
                         b"\x1f\x8b\x08\x00", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><p>&a;</p>"]),
    )

    record = st.one_of(
        st.builds(lambda t: json.dumps({"text": t}, ensure_ascii=False).encode("utf-8", "surrogatepass"), text),
        st.builds(lambda t: json.dumps({"id": 1, "text": t}).encode(), text),
        st.sampled_from([b"", b" ", b"{}", b"[]", b"null", b'{"text": 1}', b'{"text": NaN}', b"\xff", b"{",
                         b'{"text":"a"}\r', b'"text"', b'{"text":"\\ud800"}', b"[" * 2000 + b"]" * 2000]),
        st.binary(max_size=40),
    )
    jsonl = st.builds(lambda recs, end, bom: (codecs.BOM_UTF8 if bom else b"") + b"\n".join(recs) + end,
                      st.lists(record, max_size=6), st.sampled_from([b"", b"\n", b"\r\n"]), st.booleans())
    return {"text": text, "html": html, "jsonl": jsonl}


# --------------------------------------------------------------------------- the fuzzer


@dataclass
class Finding:
    target: str
    kind: str  # "crash", "contract", "slow"
    message: str
    input: Any


class _Slow(Exception):
    pass


def _targets(include_html: bool, include_idempotence: bool) -> list[tuple[str, str, Callable]]:
    t = [("analyze", "text", check_text), ("jsonl", "jsonl", check_jsonl)]
    if include_html and html_available():
        t.insert(1, ("analyze_html", "html", check_html))
    if include_idempotence:
        t.append(("idempotence", "text", check_idempotent))
    return t


def fuzz_hypothesis(seconds: float, seed: int | None = None, *, html: bool = True, idempotence: bool = False,
                    slow_limit: float = 10.0, log=print) -> tuple[list[Finding], dict[str, int]]:
    """Run the checks on generated inputs for about ``seconds``; returns what was found and how
    many inputs each target saw."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    strats = strategies()
    targets = _targets(html, idempotence)
    stop_at = time.monotonic() + seconds
    findings: list[Finding] = []
    counts = {name: 0 for name, _, _ in targets}
    seen: set[tuple[str, str]] = set()
    rnd = 0 if seed is None else seed
    base = int.from_bytes(os.urandom(4), "little") if seed is None else seed

    def on_alarm(signum, frame):
        raise _Slow()

    import warnings

    from hypothesis.errors import HypothesisWarning

    warnings.filterwarnings("ignore", category=HypothesisWarning)  # "overly large repr" of the material
    old = signal.signal(signal.SIGALRM, on_alarm)
    try:
        while time.monotonic() < stop_at:
            for name, kind, check in targets:
                if time.monotonic() >= stop_at:
                    break
                state: dict[str, Any] = {}

                @settings(max_examples=40, database=None, deadline=None, derandomize=False,
                          suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
                          phases=(Phase.generate, Phase.shrink), print_blob=False)
                @hseed(base * 1000 + rnd)
                @given(strats[kind])
                def run(x):
                    if state.get("slow") or time.monotonic() >= stop_at + 30:
                        return  # stop shrinking a slow input; past the budget: wind down
                    counts[name] += 1
                    signal.setitimer(signal.ITIMER_REAL, slow_limit)
                    try:
                        check(x)
                    except _Slow:
                        state.update(x=x, kind="slow", msg=f"over {slow_limit:.0f} s")
                        state["slow"] = True
                        raise
                    except AssertionError as e:
                        state.update(x=x, kind="contract", msg=str(e)[:2000])
                        raise
                    except Exception as e:  # noqa: BLE001
                        state.update(x=x, kind="crash", msg="".join(traceback.format_exception(e))[-3000:])
                        raise
                    finally:
                        signal.setitimer(signal.ITIMER_REAL, 0)

                try:
                    run()
                except Exception:  # noqa: BLE001 - what it was is in state
                    pass
                if "x" in state:
                    key = (name, state["msg"].splitlines()[0] if state["msg"] else "")
                    if key not in seen:
                        seen.add(key)
                        f = Finding(name, state["kind"], state["msg"], state["x"])
                        findings.append(f)
                        log(f"FOUND {f.kind} in {f.target}: {f.message.splitlines()[-1] if f.message else ''}\n"
                            f"  input: {_short(f.input)}")
            rnd += 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return findings, counts


def _short(x: Any, n: int = 300) -> str:
    r = repr(x)
    return r if len(r) <= n else r[:n] + f"... ({len(r)} chars)"


def save_findings(findings: list[Finding], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, f in enumerate(findings):
        p = out / f"{time.strftime('%Y%m%d-%H%M%S')}-{k}-{f.target}-{f.kind}.json"
        data = f.input if isinstance(f.input, str) else f.input.decode("latin-1")
        p.write_text(json.dumps({"target": f.target, "kind": f.kind, "message": f.message,
                                 "input": data, "input_is_bytes": isinstance(f.input, bytes)},
                                ensure_ascii=True, indent=1))
        paths.append(p)
    return paths


def fuzz_atheris(seconds: float, html: bool, artifacts: Path) -> int:  # pragma: no cover - optional
    """libFuzzer through atheris (optional: ``pip install atheris``). Each input's first byte
    picks the target; the rest is the input (text decoded with surrogateescape)."""
    import atheris

    with atheris.instrument_imports():
        import cleaner  # noqa: F401
        import cleaner.batch  # noqa: F401
    targets = _targets(html, False)

    def one(data: bytes) -> None:
        if not data:
            return
        name, kind, check = targets[data[0] % len(targets)]
        payload = data[1:]
        if kind == "text":
            check(payload.decode("utf-8", "surrogateescape"))
        else:
            check(payload)

    artifacts.mkdir(parents=True, exist_ok=True)
    atheris.Setup([sys.argv[0], f"-max_total_time={int(seconds)}", f"-artifact_prefix={artifacts}/",
                   "-rss_limit_mb=4096", "-timeout=20"], one)
    atheris.Fuzz()
    return 0


# --------------------------------------------------------------------------- reports


def report_hostile(cases: list[str] | None = None, log=print) -> int:
    """Time every CLI case (``python -m cleaner``): wall time, max RSS, exit status, traceback."""
    log(f"{'case':28s} {'MB in':>8s} {'MB out':>8s} {'seconds':>8s} {'RSS MB':>8s}  exit  traceback")
    bad = 0
    for name, (make, _, _) in CLI_CASES.items():
        if cases and name not in cases:
            continue
        data = make()
        try:
            proc, dt, rss = run_cli(data, timeout=1800)
        except subprocess.TimeoutExpired:
            log(f"{name:28s} {len(data) / 1e6:8.2f}  TIMEOUT after 1800 s")
            bad += 1
            continue
        tb = b"Traceback" in proc.stderr
        bad += tb or proc.returncode not in (0, 1)
        log(f"{name:28s} {len(data) / 1e6:8.2f} {len(proc.stdout) / 1e6:8.2f} {dt:8.2f} {rss:8.0f}  "
            f"{proc.returncode:4d}  {'YES' if tb else 'no'}")
    return 1 if bad else 0


def report_patterns(size: int = PATTERN_INPUT, bound: float = PATTERN_BOUND, log=print) -> int:
    """Every pattern against every worst case; prints the calls over ``bound`` and, for each,
    the time of the same call at the pipeline's line bound (MAX_PATTERN_LINE characters)."""
    from cleaner.pipeline import MAX_PATTERN_LINE

    col = collect_patterns()
    log(f"{len(col.patterns)} patterns; builders not callable generically: {col.unresolved_builders or 'none'}")
    bad = 0
    for ref in col.patterns:
        t = time.perf_counter()
        slow = worst_case(ref, size, bound, first_only=False)
        total = time.perf_counter() - t
        if not slow:
            log(f"ok    {total:6.1f} s  {ref.id}")
            continue
        worst = [c for c in slow if c.catastrophic]
        bad += bool(worst)
        log(f"{'BAD ' if worst else 'SLOW'}  {total:6.1f} s  {ref.id}\n      source: {ref.source[:300]!r}")
        big = [name for name, _ in hostile_strings(size, pattern_extra_chars(ref))]
        small = [s for _, s in hostile_strings(MAX_PATTERN_LINE, pattern_extra_chars(ref))]
        for call in slow:
            at_bound = time_call(ref, call.op, small[big.index(call.input)], bound)
            log(f"      {call}; at {MAX_PATTERN_LINE} chars: "
                f"{'> %.0f s' % bound if at_bound == float('inf') else '%.3f s' % at_bound}")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=60.0, help="fuzzing time budget (default 60)")
    p.add_argument("--seed", type=int, default=None, help="fixed seed (reproducible runs)")
    p.add_argument("--engine", choices=("hypothesis", "atheris"), default="hypothesis")
    p.add_argument("--no-html", action="store_true", help="leave out analyze_html")
    p.add_argument("--idempotence", action="store_true", help="also check clean(clean(x)) == clean(x)")
    p.add_argument("--out", type=Path, default=OUT_DIR, help="where findings are saved")
    p.add_argument("--hostile", action="store_true", help="time the big CLI inputs instead of fuzzing")
    p.add_argument("--case", action="append", help="with --hostile: only this case (repeatable)")
    p.add_argument("--patterns", action="store_true", help="time every compiled pattern on worst cases")
    args = p.parse_args(argv)
    if args.hostile:
        return report_hostile(args.case)
    if args.patterns:
        return report_patterns()
    if args.engine == "atheris":
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("atheris is not installed: pip install atheris (optional)", file=sys.stderr)
            return 2
        return fuzz_atheris(args.seconds, not args.no_html, args.out)
    t = time.monotonic()
    findings, counts = fuzz_hypothesis(args.seconds, args.seed, html=not args.no_html, idempotence=args.idempotence)
    took = time.monotonic() - t
    per = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"fuzzed {took:.0f} s: {per} inputs; {len(findings)} problem(s)")
    if findings:
        for path in save_findings(findings, args.out):
            print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
