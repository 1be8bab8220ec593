"""Batches at corpus scale: ``cleaner --jsonl`` and :func:`clean_batch`.

One JSON object per input line in, one per line out, in the same order. The record keeps all
its fields in their order; the text field is replaced by the clean body and a ``cleaner``
object is added (title, lang, metadata; with ``explain`` also the removals). A line that cannot
be cleaned is answered in its place by an error record; nothing is ever dropped. See
docs/batch.md for the contract in full.

The parent process only reads raw lines and writes raw bytes: JSON parsing, cleaning and
serialisation all happen in :func:`_work`, in-process for ``-j 1`` and in worker processes
otherwise (chunks of at most :data:`CHUNK_RECORDS` records or :data:`CHUNK_BYTES` bytes,
written in input order as they complete).
"""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as _dc_field
from typing import Any, BinaryIO, TextIO

from .jsonio import dumps
from .pipeline import _resolve, analyze

#: A chunk (the unit of work sent to a worker) closes at this many records ...
CHUNK_RECORDS = 32
#: ... or at this many input bytes, whichever comes first.
CHUNK_BYTES = 1 << 19
#: Size of one read from an input file.
READ_SIZE = 1 << 20
#: The key of the object the cleaner adds to every record.
INFO_KEY = "cleaner"
#: Options of :func:`cleaner.analyze` that apply to a whole batch.
BATCH_OPTIONS = frozenset({"lang", "mode", "disable", "config", "repair_mojibake"})
#: Options of HTML input only (``html=True``): ``lead`` (see :func:`cleaner.analyze_html`).
HTML_OPTIONS = frozenset({"lead"})

_BOM = b"\xef\xbb\xbf"
_JSON_WS = " \t\r\n"


# -- one record --------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """What every record of a run is cleaned with (picklable: it travels to the workers)."""

    field: str = "text"
    html: bool = False
    explain: bool = False
    url: str | None = None
    options: dict[str, Any] = _dc_field(default_factory=dict)


class RecordError(ValueError):
    """A record that cannot be cleaned; the message is one line."""


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _one_line(msg: str, limit: int = 300) -> str:
    msg = " ".join(msg.split())
    return msg if len(msg) <= limit else msg[: limit - 3] + "..."


def _failure(exc: BaseException) -> str:
    """The message of an error record for an exception raised while cleaning."""
    if isinstance(exc, RecordError):
        return str(exc)
    return _one_line(f"internal error: {type(exc).__name__}: {exc}")


def _check(record: Any, fld: str) -> None:
    """Raise :class:`RecordError` unless ``record`` is an object with a string field ``fld``."""
    if not isinstance(record, dict):
        raise RecordError(f"not a JSON object ({_json_type(record)})")
    if fld not in record:
        raise RecordError(f"no field {json.dumps(fld, ensure_ascii=False)}")
    value = record[fld]
    if not isinstance(value, str):
        raise RecordError(f"field {json.dumps(fld, ensure_ascii=False)} is not a string ({_json_type(value)})")


def _analyze_html():
    from .htmlmode import analyze_html

    return analyze_html


def _clean_into(record: dict, job: Job) -> dict:
    """Clean ``record[job.field]`` in place and add the ``cleaner`` object; returns ``record``."""
    value = record[job.field]
    if job.html:
        url = record.get("url")
        result = _analyze_html()(value, url=url if isinstance(url, str) and url else job.url, **job.options)
    else:
        result = analyze(value, **job.options)
    record[job.field] = result.text
    info: dict[str, Any] = {"title": result.title, "lang": result.lang, "metadata": result.metadata}
    if job.explain:
        info["removals"] = [r.to_dict() for r in result.removals]
    record[INFO_KEY] = info
    return record


def _encode(obj: Any) -> bytes:
    """One output line: compact JSON, UTF-8 kept, lone surrogates as ``\\udcXX`` escapes."""
    text = _ENCODE(obj)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # lone surrogates (undecodable input bytes): escape them
        return dumps(obj).encode("utf-8") + b"\n"


def _error_line(msg: str, n: int, raw: bytes) -> bytes:
    record = {"error": msg, "line": n, "input": raw.decode("utf-8", "surrogateescape")}
    return dumps(record).encode("utf-8") + b"\n"


def _line(raw: bytes, n: int, job: Job) -> tuple[bytes, str | None]:
    """Clean one raw input line (without its ``\\n``); returns the output line and the error
    message, if any."""
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    try:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise RecordError(f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at byte {e.start + 1})") from None
        if not text.strip(_JSON_WS):
            raise RecordError("blank line")
        try:
            record = _DECODER.decode(text)
        except json.JSONDecodeError as e:
            raise RecordError(f"not JSON: {e.msg} (column {e.colno})") from None
        except (ValueError, RecursionError) as e:
            raise RecordError(_one_line(f"not JSON: {e}")) from None
        _check(record, job.field)
        return _encode(_clean_into(record, job)), None
    except Exception as e:  # a bad record, or a failure inside the cleaner: answer in its place
        msg = _failure(e)
        return _error_line(msg, n, raw), msg


def _work_with(job: Job, chunk: tuple[int, list[bytes]], gone=None) -> tuple[bytes, list[tuple[int, str]]]:
    """Clean a chunk ``(number of its first line, raw lines)``; returns the output bytes and the
    errors as ``(line number, message)``. ``gone()``, if given, is asked before every record
    whether the reader of the output has gone away (then :class:`BrokenPipeError`)."""
    first, lines = chunk
    out = []
    errors = []
    for k, raw in enumerate(lines):
        if gone is not None and gone():
            raise BrokenPipeError(errno.EPIPE, "the reader of the output went away")
        data, err = _line(raw, first + k, job)
        out.append(data)
        if err is not None:
            errors.append((first + k, err))
    return b"".join(out), errors


_JOB: Job | None = None


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel end this worker when the parent dies, whatever kills it
    (``timeout``, SIGKILL): otherwise workers blocked on the task queue would linger."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError, ImportError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _init_worker(job: Job, parent: int | None = None) -> None:
    """Worker start-up, once per process: end with the parent, keep off the terminal's Ctrl-C
    and off stdout (only the parent writes output), then pay the one-off costs (lexicon,
    regexes, imports)."""
    global _JOB
    import signal

    if parent is not None:
        _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.dup2(2, 1)
    except OSError:
        pass
    _JOB = job
    _warm_up(job)


def _warm_up(job: Job) -> None:
    try:
        if job.html:
            _analyze_html()("<html><body><p>Warm-up.</p></body></html>", **job.options)
        else:
            analyze("Warm-up.\n\nThe first paragraph of the warm-up.", **job.options)
    except Exception:  # reported per record, if it persists
        pass


def _work(chunk: tuple[int, list[bytes]]) -> tuple[bytes, list[tuple[int, str]]]:
    """Worker entry point: clean one chunk ``(number of its first line, raw lines)``."""
    assert _JOB is not None, "worker not initialised"
    return _work_with(_JOB, chunk)


# -- the library entry point -------------------------------------------------------------


def _job(field_name: str, html: bool, explain: bool, url: str | None, options: dict) -> Job:
    allowed = BATCH_OPTIONS | HTML_OPTIONS if html else BATCH_OPTIONS
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TypeError(f"unexpected option(s): {', '.join(unknown)}; use {', '.join(sorted(allowed))}")
    if not isinstance(field_name, str):
        raise TypeError("field must be a string")
    if field_name == INFO_KEY:
        raise ValueError(f"field cannot be {INFO_KEY!r}: that key holds what the cleaner found")
    _resolve(options.get("mode"), options.get("disable", ()), options.get("config"))
    if html:
        from .htmlmode import html_available

        if not html_available():
            raise ImportError("html=True needs the HTML extra: pip install 'cleaner[html]'")
    return Job(field_name, bool(html), bool(explain), url, dict(options))


def clean_batch(
    records: Iterable[Any],
    field: str = "text",
    html: bool = False,
    *,
    explain: bool = False,
    url: str | None = None,
    **options: Any,
) -> list[dict]:
    """Clean a batch of records (dicts) the way ``cleaner --jsonl`` cleans lines.

    Each record comes back as a new dict with its fields in their order, ``field`` replaced
    by the clean body and a ``cleaner`` object added (``title``, ``lang``, ``metadata``; with
    ``explain=True`` also ``removals``, a list of dicts). With ``html=True`` the field holds
    HTML (the record's ``url`` field, else ``url``, is passed on). A record that is not a dict,
    lacks the field, holds a non-string there or makes the cleaner fail comes back as
    ``{"error": message, "index": i, "input": record}`` (``i`` 0-based): this function never
    raises for a bad record, only for bad options. ``options`` are those of
    :func:`cleaner.analyze`: ``lang``, ``mode``, ``disable``, ``config``, ``repair_mojibake``
    (default off for text, on for HTML); with ``html=True`` also ``lead`` (see
    :func:`cleaner.analyze_html`). The input dicts are not modified.
    """
    job = _job(field, html, explain, url, options)
    out: list[dict] = []
    for i, record in enumerate(records):
        try:
            _check(record, job.field)
            out.append(_clean_into(dict(record), job))
        except Exception as e:
            out.append({"error": _failure(e), "index": i, "input": record})
    return out


# -- the pipe filter ---------------------------------------------------------------------


def _more_ready(fd: int) -> bool:
    """Whether reading ``fd`` would not block (always true for regular files)."""
    try:
        import select

        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError, ImportError):  # e.g. select() on a Windows pipe
        return True


class _ReadError(Exception):
    """An input could not be read (as opposed to stdout going away)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))


def _read_lines(fd: int) -> Iterator[tuple[list[bytes], bool]]:
    """Complete lines of ``fd`` (without ``\\n``) as they arrive, in lists, each with a flag:
    ``True`` when more input is ready right away. A last line without ``\\n`` is a line. A
    UTF-8 BOM at the very start is dropped."""
    pending: list[bytes] = []  # pieces of a line not yet complete
    start = True
    while True:
        try:
            data = os.read(fd, READ_SIZE)
        except OSError as e:
            raise _ReadError(e) from e
        if not data:
            break
        if start:
            if pending:
                data = b"".join(pending) + data
                pending = []
            if len(data) < len(_BOM) and _BOM.startswith(data):  # maybe a BOM split across reads
                pending.append(data)
                continue
            if data.startswith(_BOM):
                data = data[len(_BOM):]
            start = False
        if b"\n" not in data:
            pending.append(data)
            continue
        lines = data.split(b"\n")
        if pending:
            pending.append(lines[0])
            lines[0] = b"".join(pending)
            pending = []
        tail = lines.pop()
        if tail:
            pending.append(tail)
        ready = len(data) == READ_SIZE or _more_ready(fd)
        yield lines, ready
    rest = b"".join(pending)
    if start and rest.startswith(_BOM):
        rest = rest[len(_BOM):]
    if rest:  # a last line without "\n" (an empty one would only be the end of the input)
        yield [rest], False


def _reader_gone(fd: int) -> bool:
    """Whether ``fd`` is a pipe whose reading end has been closed (``cleaner ... | head``), so
    that work nobody will read stops early. Never true for files and terminals."""
    try:
        import select

        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        return any(ev & select.POLLERR for _, ev in poller.poll(0))
    except (AttributeError, ImportError, OSError, ValueError):
        return False


class _Progress:
    """``cleaner: 1,234 docs, 56.7 MB, 89 docs/s`` on stderr, redrawn with ``\\r`` at most
    a few times per second, ended with a newline."""

    INTERVAL = 0.25

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.start = time.monotonic()
        self.last = 0.0
        self.width = 0

    def show(self, docs: int, nbytes: int, errors: int, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self.last < self.INTERVAL:
            return
        self.last = now
        rate = docs / max(now - self.start, 1e-6)
        line = f"cleaner: {docs:,} docs, {nbytes / 1e6:,.1f} MB, {rate:,.0f} docs/s"
        if errors:
            line += f", {errors:,} error{'s' if errors != 1 else ''}"
        pad = " " * max(0, self.width - len(line))
        self.width = 0 if final else len(line)
        self.stream.write("\r" + line + pad + ("\n" if final else ""))
        self.stream.flush()

    def clear(self) -> None:
        """Blank the progress line (before a message is written)."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.width = 0

    def end(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class _Runner:
    """Sends chunks to the workers (or cleans them in-process with one job) and writes their
    output in input order, flushing after every chunk."""

    def __init__(self, job: Job, jobs: int, out: BinaryIO, err: TextIO, progress: _Progress) -> None:
        self.job = job
        self.jobs = jobs
        self.out = out
        self.err = err
        self.progress = progress
        self.docs = 0
        self.bytes = 0
        self.errors = 0
        self.pending: deque = deque()  # (chunk, nbytes, future, executor), oldest first
        self.max_pending = 2 * jobs + 2
        self.executor = None
        try:
            fd = out.fileno()
            self.gone = lambda: _reader_gone(fd)
        except (AttributeError, OSError, ValueError):
            self.gone = lambda: False

    # -- output --
    def message(self, msg: str) -> None:
        self.progress.clear()
        self.err.write(f"cleaner: {msg}\n")
        self.err.flush()

    def emit(self, result: tuple[bytes, list[tuple[int, str]]], ndocs: int, nbytes: int) -> None:
        data, errors = result
        self.out.write(data)
        self.out.flush()
        self.docs += ndocs
        self.bytes += nbytes
        for n, msg in errors:
            self.errors += 1
            self.message(f"line {n}: {msg}")
        self.progress.show(self.docs, self.bytes, self.errors)

    # -- work --
    def submit(self, chunk: tuple[int, list[bytes]], nbytes: int) -> None:
        if self.jobs == 1:
            self.emit(_work_with(self.job, chunk, self.gone), len(chunk[1]), nbytes)
            return
        from concurrent.futures.process import BrokenProcessPool

        if self.executor is None:
            self.executor = self._executor(self.jobs)
        try:
            future = self.executor.submit(_work, chunk)
        except BrokenProcessPool:  # a worker died since the last submit
            self._replace(self.executor)
            future = self.executor.submit(_work, chunk)
        self.pending.append((chunk, nbytes, future, self.executor))
        while len(self.pending) >= self.max_pending:
            self.emit_next()

    def drain(self) -> None:
        while self.pending:
            self.emit_next()

    def emit_next(self) -> None:
        from concurrent.futures import wait
        from concurrent.futures.process import BrokenProcessPool

        chunk, nbytes, future, executor = self.pending.popleft()
        while not wait([future], timeout=0.2).done:
            if self.gone():
                raise BrokenPipeError(errno.EPIPE, "the reader of the output went away")
        try:
            result = future.result()
        except BrokenProcessPool:
            # Every chunk in flight in a broken pool fails alike; each is cleaned again one
            # record at a time when its turn comes, and only the culprit gets an error record.
            self._replace(executor)
            result = self._isolate(chunk)
        except Exception:
            result = self._isolate(chunk)
        self.emit(result, len(chunk[1]), nbytes)

    def _executor(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork (where there is one) starts workers with the lexicon and rules already imported.
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else None)
        self.out.flush()
        self.err.flush()
        return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                   initargs=(self.job, os.getpid()))

    def _replace(self, broken) -> None:
        """A worker of ``broken`` died: give new chunks a new pool (once per broken pool)."""
        if broken is not self.executor:
            return
        self.message("a worker process died; starting new workers")
        broken.shutdown(wait=True, cancel_futures=True)
        self.executor = self._executor(self.jobs)

    def _isolate(self, chunk: tuple[int, list[bytes]]) -> tuple[bytes, list[tuple[int, str]]]:
        """Clean a chunk whose worker failed one record at a time, in a worker of its own, so
        that only the record that kills a worker gets an error record."""
        from concurrent.futures.process import BrokenProcessPool

        first, lines = chunk
        out, errors = [], []
        solo = None
        try:
            for k, raw in enumerate(lines):
                n = first + k
                if solo is None:
                    solo = self._executor(1)
                try:
                    data, errs = solo.submit(_work, (n, [raw])).result()
                except Exception as e:
                    if isinstance(e, BrokenProcessPool):
                        msg = "the worker process died while cleaning this record"
                        solo.shutdown(wait=True)
                        solo = None
                    else:
                        msg = _failure(e)
                    data, errs = _error_line(msg, n, raw), [(n, msg)]
                out.append(data)
                errors.extend(errs)
        finally:
            if solo is not None:
                solo.shutdown(wait=True)
        return b"".join(out), errors

    def close(self, abort: bool) -> None:
        ex, self.executor = self.executor, None
        if ex is None:
            return
        if abort:  # the reader went away or Ctrl-C: do not wait for work nobody will read
            # (ProcessPoolExecutor has no public way to stop busy workers before Python 3.14.)
            for proc in list((getattr(ex, "_processes", None) or {}).values()):
                try:
                    proc.terminate()
                except (OSError, AttributeError):
                    pass
        ex.shutdown(wait=True, cancel_futures=abort)


def _open_fd(name: str) -> tuple[int, bool]:
    if name == "-":
        return sys.stdin.fileno(), False
    return os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0)), True


def run_jsonl(args, options: dict) -> int:
    """``cleaner --jsonl``: clean the JSON Lines of ``args.files`` (stdin when none) to stdout.

    Exit status 0 when every line was cleaned, 1 when some line was answered by an error
    record or an input could not be read, 2 for a usage error.
    """

    def usage(msg: str) -> int:
        sys.stderr.write(f"cleaner: {msg}\n")
        return 2

    if args.jobs < 0:
        return usage("-j/--jobs must be 0 (all cores) or more")
    if args.field == INFO_KEY:
        return usage(f"--field cannot be {INFO_KEY!r}: that key holds what the cleaner found")
    job = Job(args.field, bool(args.html), bool(args.explain), args.url, dict(options))
    jobs = args.jobs or _cores()
    progress = _Progress(sys.stderr, bool(args.progress) or sys.stderr.isatty())
    runner = _Runner(job, jobs, sys.stdout.buffer, sys.stderr, progress)
    if jobs == 1:
        _warm_up(job)
    status = 0
    lineno = 1  # number of the next line over the whole input
    chunk: list[bytes] = []
    size = 0
    aborted = True
    try:
        for name in args.files or ["-"]:
            try:
                fd, owned = _open_fd(name)
            except OSError as e:
                runner.message(f"{name}: {e.strerror or e}")
                status = 1
                continue
            try:
                for lines, ready in _read_lines(fd):
                    for raw in lines:
                        chunk.append(raw)
                        size += len(raw) + 1
                        if len(chunk) >= CHUNK_RECORDS or size >= CHUNK_BYTES:
                            runner.submit((lineno, chunk), size)
                            lineno += len(chunk)
                            chunk, size = [], 0
                    if not ready:  # the input is idle: write out everything read so far
                        if chunk:
                            runner.submit((lineno, chunk), size)
                            lineno += len(chunk)
                            chunk, size = [], 0
                        runner.drain()
            except _ReadError as e:
                runner.message(f"{name}: {e}")
                status = 1
            finally:
                if owned:
                    os.close(fd)
        if chunk:
            runner.submit((lineno, chunk), size)
        runner.drain()
        aborted = False
    finally:
        runner.close(abort=aborted)
        if aborted:
            progress.end()
    progress.show(runner.docs, runner.bytes, runner.errors, final=True)
    return 1 if status or runner.errors else 0
