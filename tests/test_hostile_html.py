"""Hostile HTML (``cleaner --html`` and ``cleaner.htmlmode.analyze_html``): bounded time and
memory, no entity expansion, no file read and no network access, a one-line message on failure,
never a traceback. Skipped when the HTML mode or its extra is not installed."""

from __future__ import annotations

import socket

import pytest

htmlmode = pytest.importorskip("cleaner.htmlmode")
if not htmlmode.html_available():  # pragma: no cover
    pytest.skip("the HTML extra is not installed", allow_module_level=True)

from benchmarks.fuzz import PROSE, PROSE2, check_html, run_cli, run_forked  # noqa: E402

BOUND = 60.0
#: Largest resident set a hostile page may make the CLI use (MB), and its address-space cap.
MAX_RSS_MB = 1500
RLIMIT_AS = 6 * 2**30

LAUGHS = "".join(
    f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10)
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE html [\n <!ENTITY lol0 "lol">\n' + LAUGHS + "]>\n"
    f"<html><head><title>Lachen</title></head><body><article><p>{PROSE}</p><p>&lol9;</p>"
    f"<p>{PROSE2}</p></article></body></html>"
)


def page(body: str, head: str = "<title>Stadtrat beschließt neuen Radweg</title>", doctype: str = "") -> bytes:
    return (f"{doctype}<html><head>{head}</head><body><article><h1>Stadtrat beschließt neuen Radweg</h1>"
            f"<p>{PROSE}</p>{body}<p>{PROSE2}</p></article></body></html>").encode("utf-8")


CASES = {
    "nested-100k-div": lambda: b"<html><body>" + b"<div>" * 100_000 + PROSE.encode() + b"</div>" * 100_000 + b"</body></html>",
    "nested-100k-after-text": lambda: page("<div>" * 100_000 + "tief" + "</div>" * 100_000),
    "unclosed-100k": lambda: page("<span><b><i>" * 33_334),
    "attribute-20mb": lambda: page(f'<p title="{"a" * 20_000_000}">{PROSE2}</p>'),
    # trafilatura's readability scores class names with regexes: ~16 s for a 9 MB class (see the report)
    "class-attribute-3mb": lambda: page(f'<div class="{"_" * 3_000_000}x"><p>{PROSE2}</p></div>'),
    "text-node-20mb": lambda: page(f"<p>{(PROSE + ' ') * (20_000_000 // (len(PROSE) + 1))}</p>"),
    "20k-paragraphs": lambda: page("".join(f"<p>Absatz {i} hat Text.</p>" for i in range(20_000))),
    "billion-laughs": lambda: BILLION_LAUGHS.encode(),
    "quadratic-blowup": lambda: (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "{"x" * 50_000}">]><html><body>'
        f"<p>{PROSE}</p><p>{'&a;' * 50_000}</p></body></html>").encode(),
    "binary": lambda: bytes(range(256)) * 4000,
    "empty": lambda: b"",
    "whitespace": lambda: b" \n\t ",
    "plain-text": lambda: PROSE.encode(),
    "utf16-without-bom": lambda: page("").decode().encode("utf-16-le"),
    "gzip-bomb": lambda: __import__("gzip").compress(b"<p>" + b"a" * 100_000_000 + b"</p>"),
    "truncated-gzip": lambda: __import__("gzip").compress(page(""))[:40],
    "comment-only": lambda: b"<!--" + b"-" * 1_000_000 + b"-->",
    "invalid-utf8-and-nul": lambda: page("<p>Ein Satz mit \xff\xfe und \x00 darin, der lang genug ist und endet.</p>".encode(
        "latin-1").decode("latin-1")).replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe"),
}


def _check_cli(data: bytes, *args: str):
    proc, seconds, rss = run_cli(data, "--html", *args, timeout=300, rlimit_as=RLIMIT_AS)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-3000:]
    assert proc.returncode in (0, 1), err
    if proc.returncode == 1:
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("cleaner: "), err
    else:
        assert err == ""
    assert seconds < BOUND, f"{seconds:.1f} s"
    assert rss < MAX_RSS_MB, f"max RSS {rss:.0f} MB"
    return proc


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_page_cli(name):
    proc = _check_cli(CASES[name]())
    out = proc.stdout
    if name == "billion-laughs":
        assert b"lollol" not in out  # never expanded
    if name in ("empty", "whitespace", "binary", "plain-text", "truncated-gzip"):
        assert proc.returncode == 1 and out == b""


#: The library test repeats the CLI cases that are small (the big ones cost the same twice).
SMALL_CASES = [name for name, make in CASES.items() if len(make()) < 2_000_000]


@pytest.mark.parametrize("name", SMALL_CASES)
def test_hostile_page_library(name):
    """analyze_html raises nothing but HTMLError, and keeps the contract on what it extracted."""
    data = CASES[name]()
    try:
        run_forked(lambda: check_html(data), BOUND)
    except TimeoutError:
        pytest.fail(f"over {BOUND:g} s")


def test_external_entity_file_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-4711 must never appear")
    uri = secret.as_uri()
    data = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "{uri}"> <!ENTITY % pe SYSTEM "{uri}"> %pe;]>'
        f'<html xmlns:xi="http://www.w3.org/2001/XInclude"><body><article><p>{PROSE}</p><p>&xxe;</p>'
        f'<xi:include href="{uri}" parse="text"/><p>{PROSE2}</p></article></body></html>'
    ).encode()
    proc = _check_cli(data)
    assert b"SECRET-MARKER" not in proc.stdout + proc.stderr
    r = None
    try:
        r = htmlmode.analyze_html(data)
    except htmlmode.HTMLError:
        pass
    assert r is None or "SECRET-MARKER" not in r.text + r.source


@pytest.fixture
def listener():
    """A listening local TCP socket nobody should connect to."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    yield s
    s.close()


def _connected(sock: socket.socket) -> bool:
    """Whether a connection is waiting on the listening socket."""
    import select

    return bool(select.select([sock], [], [], 0.5)[0])


def test_external_entity_url_is_not_fetched(listener):
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    data = (
        f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "{base}/dtd" [<!ENTITY xxe SYSTEM "{base}/entity">]>'
        f'<html><head><link rel="stylesheet" href="{base}/css"><link rel="canonical" href="{base}/canon">'
        f'<meta http-equiv="refresh" content="0; url={base}/refresh"></head><body><article><p>{PROSE}</p>'
        f'<p>&xxe;</p><img src="{base}/img.jpg"><iframe src="{base}/frame"></iframe>'
        f'<p>{PROSE2}</p></article></body></html>'
    ).encode()
    _check_cli(data, "--url", f"{base}/page")
    assert not _connected(listener), "the CLI connected to a URL of the page"
    try:
        htmlmode.analyze_html(data, url=f"{base}/page")
    except htmlmode.HTMLError:
        pass
    assert not _connected(listener), "analyze_html connected to a URL of the page"


def test_the_probe_sees_a_connection(listener):
    """The check above can fail: a real connection is seen."""
    c = socket.create_connection(listener.getsockname(), timeout=2)
    try:
        assert _connected(listener)
    finally:
        c.close()


def test_fuzz_found_credit_glued_to_a_word():
    data = (
        "<html><head><title>T</title></head><body><p>Seoul. " + PROSE2 +
        " Nordkorea erkennt ukrainische Separatistenregionen als unabhängig anⒸ AFP</p></body></html>"
    ).encode()
    check_html(data)
