"""``cleaner --html`` through a real subprocess: files, stdin, JSON, errors, the missing extra."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

pytest.importorskip("trafilatura")

HTML = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "html"


def run(*args, stdin: bytes = b""):
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True, timeout=300)


def test_file_to_stdout():
    p = run("--html", str(HTML / "article_en.html"))
    assert p.returncode == 0, p.stderr
    assert p.stderr == b""
    out = p.stdout.decode("utf-8")
    assert out.startswith("The small harbour town of Eastwick")
    assert "Most read" not in out and out.endswith("\n")


def test_stdin():
    data = (HTML / "utf16_bom.html").read_bytes()
    p = run("--html", stdin=data)
    assert p.returncode == 0, p.stderr
    assert "„Wir haben lange auf diesen Tag gewartet“" in p.stdout.decode("utf-8")
    assert run("--html", "-", stdin=data).stdout == p.stdout


def test_json_with_url_and_explain():
    p = run("--html", "--format", "json", "--explain", "--url", "https://gazette.example/x",
            str(HTML / "hints_en.html"))
    assert p.returncode == 0, p.stderr
    rec = json.loads(p.stdout)
    assert rec["title"] == "Harbour town opens new ferry terminal"
    assert rec["metadata"]["url"] == "https://gazette.example/x"
    assert rec["metadata"]["extractor"] == "trafilatura"
    assert rec["metadata"]["published"] == "2024-05-14"
    assert "HTM002" in {r["rule"] for r in rec["removals"]}
    assert "HTM002" in p.stderr.decode()


def test_errors_are_one_line_per_file_and_exit_1(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    p = run("--html", str(empty), str(HTML / "no_text.html"), str(binary), str(HTML / "broken.html"))
    assert p.returncode == 1
    err = p.stderr.decode().splitlines()
    assert err == [
        f"cleaner: {empty}: empty input",
        f"cleaner: {HTML / 'no_text.html'}: no text found in the page",
        f"cleaner: {binary}: not HTML (binary data)",
    ]
    assert b"Traceback" not in p.stderr
    assert p.stdout.decode().startswith("This page was written in a hurry")


def test_missing_extra_message():
    code = (
        "import sys; sys.modules['trafilatura'] = None\n"
        "from cleaner.cli import main\n"
        f"sys.exit(main(['--html', {str(HTML / 'article_en.html')!r}]))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert p.returncode == 2
    assert p.stderr.decode() == "cleaner: --html needs the HTML extra: pip install 'cleaner[html]'\n"
    assert p.stdout == b""
    # text mode still works without the extra
    code = (
        "import sys; sys.modules['trafilatura'] = None\n"
        "import cleaner\n"
        "print(cleaner.clean('Some words of an article that stays as it is.'))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == b"Some words of an article that stays as it is."


def test_no_lead():
    lead = ("The city council approved next year's budget late on Tuesday after a debate that lasted "
            "more than six hours, with the votes of the coalition and against the opposition.")
    body = "".join(f"<p>Paragraph {i} of the story: the largest items are the renovation of schools and new "
                   "cycle lanes, the city treasurer told the meeting.</p>" for i in range(6))
    page = ('<html><body><nav><a href="/">Home</a></nav><article><header><h1>Council approves budget</h1>'
            f'<div class="meta">March 12</div><div class="standfirst"><p>{lead}</p></div></header>'
            f'<div class="article-body">{body}</div></article><footer>Imprint</footer></body></html>').encode()
    on, off = run("--html", stdin=page), run("--html", "--no-lead", stdin=page)
    assert on.returncode == off.returncode == 0, (on.stderr, off.stderr)
    assert on.stdout.decode().startswith(lead)
    assert lead not in off.stdout.decode() and off.stdout.decode().startswith("Paragraph 0")
    jl = json.dumps({"text": page.decode()}).encode() + b"\n"
    assert json.loads(run("--jsonl", "--html", "--no-lead", stdin=jl).stdout)["text"] == off.stdout.decode().rstrip("\n")
    bad = run("--no-lead", stdin=b"Text.")
    assert bad.returncode == 2 and b"--no-lead works with --html only" in bad.stderr


def test_no_repair_mojibake_switch():
    page = ("<html><head><meta charset='utf-8'></head><body><article>"
            + "".join(f"<p>Absatz {i}: Der Fuchs hÃ¼pft über den Zaun, sagte die Försterin am Montag.</p>"
                      for i in range(5))
            + "</article></body></html>").encode("utf-8")
    on, off = run("--html", stdin=page), run("--html", "--no-repair-mojibake", stdin=page)
    assert on.returncode == off.returncode == 0
    assert "hüpft" in on.stdout.decode() and "hÃ¼pft" not in on.stdout.decode()
    assert "hÃ¼pft" in off.stdout.decode()
