"""``cleaner --jsonl`` through a real subprocess: order, error records, exit status, N lines in
N lines out, --field, --explain, -j, --progress, a reader that goes away early, worker crashes."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

import cleaner
from cleaner.rules import BY_ID

ROOT = pathlib.Path(__file__).resolve().parent.parent
JSONL = ROOT / "fixtures" / "jsonl"
ARTICLES = JSONL / "articles.jsonl"
BAD = JSONL / "bad.jsonl"


def run(*args, stdin: bytes = b"", timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "--jsonl", *map(str, args)],
        input=stdin, capture_output=True, timeout=timeout, cwd=ROOT,
    )


def records(stdout: bytes) -> list[dict]:
    assert stdout == b"" or stdout.endswith(b"\n")
    return [json.loads(line) for line in stdout.split(b"\n")[:-1]]


def inputs() -> list[dict]:
    return [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]


def many_lines(n: int, bad: bool = True) -> bytes:
    """``n`` records built from the fixture articles (varied), with a bad line every 37."""
    base = inputs()
    out = []
    for i in range(n):
        if bad and i % 37 == 36:
            out.append(b"not json at all" if i % 2 else b'{"text": null}')
            continue
        rec = dict(base[i % len(base)])
        rec["id"] = f"{rec['id']}-{i}"
        rec["text"] = rec["text"].replace("Dienstag", ["Montag", "Dienstag", "Freitag"][i % 3])
        out.append(json.dumps(rec, ensure_ascii=i % 2 == 0).encode("utf-8"))
    return b"\n".join(out) + b"\n"


# -- records in, records out ---------------------------------------------------------------


def test_records_keep_order_fields_and_field_order():
    p = run(ARTICLES)
    assert p.returncode == 0, p.stderr
    assert p.stderr == b""
    ins = inputs()
    outs = records(p.stdout)
    assert len(outs) == len(ins)
    for i, o in zip(ins, outs):
        assert list(o) == list(i) + ["cleaner"]
        assert {k: v for k, v in o.items() if k not in ("text", "cleaner")} == {
            k: v for k, v in i.items() if k != "text"
        }
        result = cleaner.analyze(i["text"])
        assert o["text"] == result.text
        assert o["cleaner"] == {"title": result.title, "lang": result.lang, "metadata": result.metadata}


def test_stdin_and_file_give_the_same_output():
    assert run(stdin=ARTICLES.read_bytes()).stdout == run(ARTICLES).stdout


def test_boilerplate_is_removed():
    outs = {r["id"]: r for r in records(run(ARTICLES).stdout)}
    assert "Foto: dpa" not in outs["de-001"]["text"]
    assert "Der Gemeinderat hat am Dienstagabend" in outs["de-001"]["text"]
    assert outs["de-001"]["cleaner"]["metadata"]["image_credits"] == ["dpa"]


def test_explain_adds_the_removals():
    plain = records(run(ARTICLES).stdout)
    explained = records(run("--explain", ARTICLES).stdout)
    ins = inputs()
    assert all("removals" not in r["cleaner"] for r in plain)
    assert any(r["cleaner"]["removals"] for r in explained)
    for i, p, e in zip(ins, plain, explained):
        assert e["text"] == p["text"]
        removals = e["cleaner"].pop("removals")
        assert e == p
        assert removals == [r.to_dict() for r in cleaner.analyze(i["text"]).removals]
        for r in removals:
            assert i["text"][r["start"]:r["end"]] == r["text"]
            assert r["rule"] in BY_ID


def test_field_option():
    lines = [
        {"id": 1, "body": "Titel der Meldung\n\nFoto: dpa\n\nDer eigentliche Text der Meldung steht hier.", "text": "untouched"},
        {"id": 2, "text": "no body field here"},
    ]
    stdin = "".join(json.dumps(x) + "\n" for x in lines).encode()
    p = run("--field", "body", stdin=stdin)
    assert p.returncode == 1
    first, second = records(p.stdout)
    assert first["body"] == cleaner.clean(lines[0]["body"])
    assert first["text"] == "untouched"
    assert second == {"error": 'no field "body"', "line": 2, "input": json.dumps(lines[1])}


def test_field_cannot_be_the_cleaner_key():
    p = run("--field", "cleaner", stdin=b'{"cleaner": "x"}\n')
    assert p.returncode == 2
    assert p.stdout == b""


def test_existing_cleaner_key_is_replaced_in_place():
    p = run(stdin=b'{"cleaner": "old", "text": "Ein Satz. Noch ein Satz.", "z": 1}\n')
    (rec,) = records(p.stdout)
    assert list(rec) == ["cleaner", "text", "z"]
    assert isinstance(rec["cleaner"], dict)


# -- error records -------------------------------------------------------------------------


def test_error_records_answer_bad_lines_in_place():
    raw = BAD.read_bytes().split(b"\n")
    assert not BAD.read_bytes().endswith(b"\n")  # the last line has no newline: still a record
    p = run(BAD)
    assert p.returncode == 1
    outs = records(p.stdout)
    assert len(outs) == len(raw) == 11
    expected_errors = {
        2: "not JSON",
        3: "not a JSON object (array)",
        4: 'no field "text"',
        5: 'field "text" is not a string (number)',
        6: "not valid UTF-8",
        7: "blank line",
        8: "blank line",
        10: "not JSON",
    }
    for n, (line, out) in enumerate(zip(raw, outs), start=1):
        if n in expected_errors:
            assert list(out) == ["error", "line", "input"]
            assert out["error"].startswith(expected_errors[n])
            assert out["line"] == n
            # lossless, also for the line that is not UTF-8
            assert out["input"].encode("utf-8", "surrogateescape") == line
        else:
            assert "error" not in out
            assert out["text"] == cleaner.clean(json.loads(line)["text"])
    stderr = p.stderr.decode().splitlines()
    assert [s.split(":")[1] for s in stderr] == [f" line {n}" for n in sorted(expected_errors)]
    assert all(s.startswith("cleaner: line ") for s in stderr)
    assert "NaN" in outs[9]["error"]


def test_invalid_utf8_is_carried_as_escapes():
    p = run(stdin=b'{"text": "Caf\xe9"}\n')
    assert b"\\udce9" in p.stdout
    assert json.loads(p.stdout)["input"].encode("utf-8", "surrogateescape") == b'{"text": "Caf\xe9"}'


def test_lone_surrogate_escapes_in_the_text_travel_through():
    p = run(stdin=b'{"text": "Ein Satz mit \\udcff darin. Und noch ein Satz."}\n')
    assert p.returncode == 0
    (rec,) = records(p.stdout)
    assert "\udcff" in rec["text"]
    p.stdout.decode("utf-8")  # the output itself is valid UTF-8


@pytest.mark.parametrize(
    "stdin, n",
    [
        (b"", 0),
        (b"\n", 1),
        (b"\n\n\n", 3),
        (b"  \t\n", 1),
        (b'{"text": "A."}', 1),
        (b'{"text": "A."}\n{"text": "B."}', 2),
        (b'{"text": "A."}\n\n{"text": "B."}\n', 3),
        (b"\xef\xbb\xbf", 0),
        (b"\xef\xbb\xbf\n", 1),
    ],
)
def test_n_lines_in_n_lines_out(stdin, n):
    p = run(stdin=stdin)
    assert p.stdout.count(b"\n") == n
    assert p.stdout == b"" or p.stdout.endswith(b"\n")
    blanks = sum(1 for r in records(p.stdout) if r.get("error") == "blank line")
    assert blanks == n - stdin.count(b'"text"')
    assert p.returncode == (1 if blanks else 0)


def test_crlf_and_bom():
    p = run(stdin=b'\xef\xbb\xbf{"id": 1, "text": "Erster Satz."}\r\n[]\r\n')
    outs = records(p.stdout)
    assert outs[0] == {"id": 1, "text": cleaner.clean("Erster Satz."), "cleaner": outs[0]["cleaner"]}
    assert outs[1] == {"error": "not a JSON object (array)", "line": 2, "input": "[]"}


def test_several_files_number_lines_over_the_whole_input(tmp_path):
    a = tmp_path / "a.jsonl"
    a.write_bytes(b'{"id": 1, "text": "Eins."}\n{"id": 2, "text": "Zwei."}')  # no final newline
    b = tmp_path / "b.jsonl"
    b.write_bytes(b'oops\n{"id": 3, "text": "Drei."}\n')
    p = run(a, tmp_path / "missing.jsonl", b)
    assert p.returncode == 1
    outs = records(p.stdout)
    assert [o.get("id") for o in outs] == [1, 2, None, 3]
    assert outs[2]["line"] == 3
    err = p.stderr.decode()
    assert "missing.jsonl" in err and "cleaner: line 3: not JSON" in err


def test_internal_failure_becomes_an_error_record():
    script = textwrap.dedent(
        """
        import sys
        import cleaner.batch as b
        real = b.analyze
        def analyze(text, **kw):
            if "BOOM" in text:
                raise RuntimeError("rule exploded")
            return real(text, **kw)
        b.analyze = analyze
        from cleaner.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    texts = [r["text"] for r in inputs()[:2]]
    stdin = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate([texts[0], "BOOM", texts[1]]))
    for jobs in ("1", "2"):
        p = subprocess.run([sys.executable, "-c", script, "--jsonl", "-j", jobs], input=stdin.encode(),
                           capture_output=True, timeout=120, cwd=ROOT)
        assert p.returncode == 1
        outs = records(p.stdout)
        assert [o.get("text") for o in outs] == [cleaner.clean(texts[0]), None, cleaner.clean(texts[1])]
        assert outs[0]["id"] == 0 and outs[2]["id"] == 2
        assert outs[1]["error"] == "internal error: RuntimeError: rule exploded"
        assert b"Traceback" not in p.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="patching the workers needs the fork start method")
def test_a_worker_that_dies_costs_only_its_record():
    script = textwrap.dedent(
        """
        import os, sys
        import cleaner.batch as b
        real = b.analyze
        def analyze(text, **kw):
            if "CRASH" in text:
                os._exit(7)
            return real(text, **kw)
        b.analyze = analyze
        from cleaner.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    crash = {70, 71, 150}
    lines = [json.dumps({"id": i, "text": "CRASH" if i in crash else f"Satz Nummer {i}."}) for i in range(200)]
    p = subprocess.run([sys.executable, "-c", script, "--jsonl", "-j", "2"], input="\n".join(lines).encode(),
                       capture_output=True, timeout=300, cwd=ROOT)
    assert p.returncode == 1
    outs = records(p.stdout)
    assert len(outs) == 200
    for i in crash:
        assert outs[i]["line"] == i + 1 and "died" in outs[i]["error"]
    assert [o["id"] for i, o in enumerate(outs) if i not in crash] == [i for i in range(200) if i not in crash]
    assert [o["text"] for i, o in enumerate(outs) if i not in crash] == [
        cleaner.clean(f"Satz Nummer {i}.") for i in range(200) if i not in crash
    ]
    assert b"Traceback" not in p.stderr


def test_usage_errors():
    assert run("-j", "-1", stdin=b"").returncode == 2


# -- jobs, progress, early close -----------------------------------------------------------


def test_jobs_output_is_byte_identical(tmp_path):
    src = tmp_path / "many.jsonl"
    src.write_bytes(many_lines(300))
    one = run("-j", "1", src)
    two = run("-j", "2", src)
    assert one.returncode == two.returncode == 1  # the bad lines
    assert one.stdout.count(b"\n") == 300
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert run("--jobs", "0", src).stdout == one.stdout


def test_progress_goes_to_stderr_only(tmp_path):
    src = tmp_path / "many.jsonl"
    src.write_bytes(many_lines(100, bad=False))
    quiet = run(src)
    assert quiet.stderr == b""  # stderr is a pipe here: no progress unless asked
    loud = run("--progress", src)
    assert loud.stdout == quiet.stdout
    err = loud.stderr.decode()
    assert err.startswith("\r") and err.endswith("\n")
    assert err.count("\n") == 1
    final = err.rstrip("\n").split("\r")[-1]
    assert final.startswith("cleaner: 100 docs, ") and "MB" in final and "docs/s" in final


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_reader_closing_early_stops_quietly(tmp_path, jobs):
    src = tmp_path / "big.jsonl"
    src.write_bytes(many_lines(3000, bad=False))
    with src.open("rb") as stdin:
        proc = subprocess.Popen([sys.executable, "-m", "cleaner", "--jsonl", "-j", jobs], stdin=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        first = proc.stdout.readline()
        proc.stdout.close()
        try:
            err = proc.stderr.read()
            rc = proc.wait(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert json.loads(first)["id"] == "de-001-0"
    assert rc == 0
    assert err == b""


def test_html_records():
    htmlmode = pytest.importorskip("cleaner.htmlmode")
    if not htmlmode.html_available():
        pytest.skip("the HTML extra is not installed")
    page = (
        "<html><head><title>Neue Brücke eröffnet</title></head><body>"
        "<nav><a href='/'>Startseite</a> <a href='/lokal'>Lokales</a></nav>"
        "<article><h1>Neue Brücke eröffnet</h1>"
        "<p>Die neue Brücke über den Fluss ist am Samstag für den Verkehr freigegeben worden. "
        "Hunderte Menschen kamen zur Eröffnung und feierten bis in den Abend.</p>"
        "<p>Der Bau hatte drei Jahre gedauert und rund zwölf Millionen Euro gekostet. "
        "Die alte Brücke wird im kommenden Jahr abgerissen.</p></article>"
        "<footer>Impressum Datenschutz</footer></body></html>"
    )
    lines = [
        {"id": 1, "url": "https://example.org/lokal/bruecke", "text": page},
        {"id": 2, "text": 5},
    ]
    p = run("--html", stdin="".join(json.dumps(x) + "\n" for x in lines).encode())
    assert p.returncode == 1
    first, second = records(p.stdout)
    expected = htmlmode.analyze_html(page, url="https://example.org/lokal/bruecke")
    assert first["text"] == expected.text
    assert "Die neue Brücke über den Fluss" in first["text"]
    assert first["cleaner"]["title"] == expected.title
    assert second["error"].startswith('field "text" is not a string')


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux: workers end with their parent")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGKILL"])
def test_workers_end_when_the_parent_is_killed(tmp_path, sig):
    import signal
    import time

    src = tmp_path / "big.jsonl"
    src.write_bytes(many_lines(2000, bad=False))
    with src.open("rb") as stdin:
        proc = subprocess.Popen([sys.executable, "-m", "cleaner", "--jsonl", "-j", "2"], stdin=stdin,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    children_file = pathlib.Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        workers = [int(x) for x in children_file.read_text().split()]
    assert len(workers) == 2
    os.kill(proc.pid, getattr(signal, sig))
    proc.wait(timeout=60)

    def alive(pid: int) -> bool:
        try:
            state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state != "Z"

    deadline = time.monotonic() + 30
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for w in left:  # do not leave them behind even when the test fails
        os.kill(w, signal.SIGKILL)
    assert left == []
