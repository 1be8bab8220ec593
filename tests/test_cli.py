"""The pipe filter through a real subprocess: stdin, files, --explain, --format json,
invalid UTF-8, empty input, catalogue commands, usage errors."""

import json
import pathlib
import subprocess
import sys

SEEDS = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def run(*args, stdin: bytes = b""):
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True, timeout=120)


def test_stdin_to_stdout_and_quiet_stderr():
    data = (SEEDS / "000.txt").read_bytes()
    p = run(stdin=data)
    assert p.returncode == 0
    assert p.stderr == b""
    expected = (SEEDS / "000.expected.txt").read_text(encoding="utf-8").strip()
    assert p.stdout.decode("utf-8") == expected + "\n"


def test_file_argument():
    p = run(str(SEEDS / "003.txt"))
    assert p.returncode == 0
    assert p.stdout.decode().startswith("(Brüssel und Moskau) Der Einsatz")
    assert b"PREV" not in p.stdout


def test_several_files_are_separated_by_a_form_feed_line():
    p = run(str(SEEDS / "000.txt"), str(SEEDS / "003.txt"))
    assert p.returncode == 0
    parts = p.stdout.split(b"\x0c\n")
    assert len(parts) == 2
    assert parts[0].startswith(b"Seoul.")


def test_explain_goes_to_stderr_only():
    data = (SEEDS / "000.txt").read_bytes()
    plain = run(stdin=data)
    p = run("--explain", stdin=data)
    assert p.stdout == plain.stdout
    err = p.stderr.decode()
    assert "CRD001" in err and "LFT001" in err and "TTL001" in err


def test_format_json():
    p = run("--format", "json", str(SEEDS / "001.txt"))
    assert p.returncode == 0
    lines = p.stdout.decode().splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["title"] == "Nordkoreas Machthaber Kim sagt Russland volle Unterstützung im Ukraine-Krieg zu"
    assert rec["metadata"]["site_name"] == "Deutsche Tageszeitung"
    assert {r["rule"] for r in rec["removals"]} >= {"TTL001", "TSR001", "WID001", "CRD002"}
    assert rec["text"].startswith("Nordkoreas Machthaber Kim Jong Un hat Russland")


def test_invalid_utf8_is_carried_through():
    data = b"Der Stadtrat tagt am Dienstag.\nTeilen\nDer B\xfcrgermeister sagte am Montag, die Stadt werde neue Wege gehen.\n"
    p = run(stdin=data)
    assert p.returncode == 0, p.stderr
    assert b"Traceback" not in p.stderr
    assert p.stdout == b"Der Stadtrat tagt am Dienstag.\n\nDer B\xfcrgermeister sagte am Montag, die Stadt werde neue Wege gehen.\n"


def test_invalid_utf8_in_json_output_is_lossless():
    data = b"Der B\xfcrgermeister sagte am Montag, die Stadt werde neue Wege gehen.\n"
    p = run("--format", "json", stdin=data)
    rec = json.loads(p.stdout)
    assert rec["text"].encode("utf-8", "surrogateescape") == data.strip()


def test_empty_input_gives_empty_output():
    p = run(stdin=b"")
    assert p.returncode == 0 and p.stdout == b"" and p.stderr == b""


def test_missing_file_is_reported_and_others_go_on():
    p = run("/nonexistent/file.txt", str(SEEDS / "002.txt"))
    assert p.returncode == 1
    assert b"/nonexistent/file.txt" in p.stderr and b"Traceback" not in p.stderr
    assert p.stdout.startswith(b"Diese Aussage erfolgt")


def test_list_and_show_rules():
    p = run("--list-rules")
    assert p.returncode == 0 and b"CRD001" in p.stdout and b"TSR001" in p.stdout
    p = run("--show-rule", "crd001")
    assert p.returncode == 0 and b"credit-line" in p.stdout and b"Removes:" in p.stdout
    p = run("--show-rule", "XXX999")
    assert p.returncode == 2 and b"unknown rule" in p.stderr


def test_disable_and_lang_options():
    data = "Textgröße ändern:\nDer Bürgermeister sagte am Montag, die Stadt werde neue Wege gehen.\n".encode()
    assert b"Textgr" not in run(stdin=data).stdout
    assert b"Textgr" in run("--disable", "WID001", stdin=data).stdout
    p = run("--disable", "NOPE01", stdin=data)
    assert p.returncode == 2 and b"unknown rule" in p.stderr
    p = run("--lang", "fr", "--format", "json", stdin=data)
    assert json.loads(p.stdout)["lang"] == "fr"


def test_config_file(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('disable = ["WID001"]\n[patterns.de]\nwidget_labels = ["Zum Wetterbericht"]\n', encoding="utf-8")
    data = "Der Stadtrat tagt am Dienstag.\nZum Wetterbericht\nTextgröße ändern:\nDer Bürgermeister sagte am Montag, die Stadt werde neue Wege gehen.\n"
    p = run("--config", str(cfg), stdin=data.encode())
    assert p.returncode == 0
    # the configured label is removed... by WID001, which the same file switches off
    assert b"Zum Wetterbericht" in p.stdout and b"Textgr" in p.stdout
    cfg.write_text('[patterns.de]\nwidget_labels = ["Zum Wetterbericht"]\n', encoding="utf-8")
    p = run("--config", str(cfg), stdin=data.encode())
    assert b"Zum Wetterbericht" not in p.stdout and b"Der B\xc3\xbcrgermeister" in p.stdout
    cfg.write_text('[patterns.de]\nwidgets = ["x"]\n', encoding="utf-8")
    p = run("--config", str(cfg), stdin=data.encode())
    assert p.returncode == 2 and b"not a concept" in p.stderr and b"Traceback" not in p.stderr


def test_repair_mojibake_switch():
    mangled = "Der Fuchs hÃ¼pft Ã¼ber den Zaun, sagte die FÃ¶rsterin am Montag.\n".encode("utf-8")
    assert "hÃ¼pft" in run(stdin=mangled).stdout.decode()  # taken as given by default
    on = run("--repair-mojibake", "--format", "json", stdin=mangled)
    assert on.returncode == 0 and on.stderr == b""
    d = json.loads(on.stdout)
    assert d["text"] == "Der Fuchs hüpft über den Zaun, sagte die Försterin am Montag."
    assert d["metadata"]["mojibake_repaired"] == 3
    jl = json.dumps({"id": 1, "text": mangled.decode()}).encode() + b"\n"
    rec = json.loads(run("--jsonl", "--repair-mojibake", stdin=jl).stdout)
    assert rec["id"] == 1 and rec["text"] == d["text"]
