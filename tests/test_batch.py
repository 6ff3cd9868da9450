"""Issue 6's bad-input suite and batch behaviour: every case a clear message, a manifest entry, and the
rest of the batch completes."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.errors import ExitCode

from . import badinputs
from .conftest import RAW, ROOT

GOOD_TXT = RAW / "xa_an_phu.ocr-eng.txt"


def manifest(outdir: Path) -> dict[str, dict]:
    lines = (outdir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {Path(e["path"]).name: e for e in map(json.loads, lines)}


@pytest.mark.parametrize(
    "make, message",
    [
        (badinputs.encrypted_pdf, "is encrypted"),
        (badinputs.pdf_without_pages, "has no pages"),
        (badinputs.truncated_pdf, "not a readable PDF"),
        (badinputs.decompression_bomb_png, "pixel limit"),
    ],
    ids=["encrypted", "no-pages", "truncated", "decompression-bomb"],
)
def test_each_bad_file_is_recorded_with_its_reason_and_the_batch_goes_on(run_cli, tmp_path, make, message):
    batch = tmp_path / "in"
    batch.mkdir()
    suffix = ".png" if "png" in make.__name__ else ".pdf"
    bad = make(batch / f"bad{suffix}")
    shutil.copy(GOOD_TXT, batch / "good.txt")
    code, _, err = run_cli("run", batch, "-o", tmp_path / "out", "-q")
    entries = manifest(tmp_path / "out")
    assert code == ExitCode.input_file
    assert entries["good.txt"]["status"] == "ok" and (tmp_path / "out" / "good.txt.json").exists()
    assert entries[bad.name]["status"] == "error" and message in entries[bad.name]["message"]
    assert "fix:" in entries[bad.name]["message"]
    assert bad.name in err and "Traceback" not in err


def test_more_pages_than_max_pages_is_refused_with_the_limit_named(run_cli, tmp_path):
    code, _, err = run_cli("run", RAW / "xa_an_phu.pdf", "-o", tmp_path, "--max-pages", "1", "-q")
    assert code == ExitCode.input_file
    assert "more than --max-pages 1" in manifest(tmp_path)["xa_an_phu.pdf"]["message"]


def test_a_non_vietnamese_document_gets_a_warning_not_an_error(run_cli, tmp_path):
    (tmp_path / "report.txt").write_text(badinputs.ENGLISH * 3, encoding="utf-8")
    code, _, _ = run_cli("run", tmp_path / "report.txt", "-o", tmp_path / "out", "-q")
    doc = json.loads((tmp_path / "out" / "report.txt.json").read_text(encoding="utf-8"))
    assert code == 0
    assert "not_vietnamese" in [w["code"] for w in doc["warnings"]]


@pytest.mark.slow
def test_a_blank_page_is_a_warning_not_a_crash(run_cli, tmp_path):
    badinputs.blank_png(tmp_path / "blank.png")
    code, _, _ = run_cli("run", tmp_path / "blank.png", "-o", tmp_path / "out", "-q")
    doc = json.loads((tmp_path / "out" / "blank.png.json").read_text(encoding="utf-8"))
    assert code == 0
    assert {"blank_page", "no_text"} <= {w["code"] for w in doc["warnings"]}


def test_names_with_spaces_and_vietnamese_letters_work(run_cli, tmp_path):
    name = "Kế hoạch số 57 – xã An Phú.txt"
    shutil.copy(GOOD_TXT, tmp_path / name)
    code, _, _ = run_cli("run", tmp_path / name, "-o", tmp_path / "out", "-q")
    assert code == 0 and (tmp_path / "out" / f"{name}.json").exists()


def test_a_symlink_loop_in_the_input_tree_is_not_followed(run_cli, tmp_path):
    tree = tmp_path / "in" / "sub"
    tree.mkdir(parents=True)
    shutil.copy(GOOD_TXT, tree / "plan.txt")
    os.symlink(tmp_path / "in", tree / "loop")
    os.symlink(tmp_path / "in" / "missing.txt", tree / "dangling.txt")
    code, _, _ = run_cli("run", tmp_path / "in", "-o", tmp_path / "out", "-q")
    entries = manifest(tmp_path / "out")
    assert entries["plan.txt"]["status"] == "ok"
    assert entries["dangling.txt"]["status"] == "error" and "does not exist" in entries["dangling.txt"]["message"]
    assert code == ExitCode.input_file


def test_an_unreadable_file_is_recorded(run_cli, tmp_path, monkeypatch):
    from ocr import sources

    bad = tmp_path / "in" / "secret.txt"
    bad.parent.mkdir()
    shutil.copy(GOOD_TXT, bad)
    shutil.copy(GOOD_TXT, tmp_path / "in" / "open.txt")
    if os.geteuid() == 0:  # root reads every file whatever its mode: inject the refusal instead
        real_open = open

        def refusing_open(path, *args, **kwargs):
            if Path(path).name == "secret.txt":
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(sources, "open", refusing_open, raising=False)
    else:
        bad.chmod(0)
    code, _, _ = run_cli("run", tmp_path / "in", "-o", tmp_path / "out", "-q")
    entries = manifest(tmp_path / "out")
    assert code == ExitCode.input_file and "permission denied" in entries["secret.txt"]["message"]
    assert entries["open.txt"]["status"] == "ok"


def test_fail_fast_stops_at_the_first_failure(run_cli, tmp_path):
    batch = tmp_path / "in"
    batch.mkdir()
    (batch / "a_empty.pdf").write_bytes(b"")
    shutil.copy(GOOD_TXT, batch / "b_good.txt")
    code, _, _ = run_cli("run", batch, "-o", tmp_path / "out", "--fail-fast", "-q")
    assert code == ExitCode.input_file
    assert list(manifest(tmp_path / "out")) == ["a_empty.pdf"]


def _fake_tesseract(tmp_path: Path, mode: str, delay: float = 0.0) -> dict[str, str]:
    """A `tesseract` on PATH that crashes (SIGSEGV) on its first OCR call, or on every one, or sleeps."""
    real = shutil.which("tesseract")
    assert real, "tesseract must be installed for fault injection"
    bindir = tmp_path / "fakebin"
    bindir.mkdir()
    state = tmp_path / "crashed-once"
    script = bindir / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        f'case "$1" in --version|--list-langs) exec "{real}" "$@";; esac\n'
        f"sleep {delay}\n"
        f'if [ "{mode}" = always ] || {{ [ "{mode}" = once ] && [ ! -e "{state}" ]; }}; then\n'
        f'  touch "{state}"; kill -SEGV $$\n'
        "fi\n"
        f'exec "{real}" "$@"\n'
    )
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{bindir}:{os.environ['PATH']}"}


def _kehoach(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env)


@pytest.mark.slow
def test_an_ocr_engine_crash_is_retried_once(tmp_path):
    env = _fake_tesseract(tmp_path, "once")
    proc = _kehoach("run", RAW / "xa_an_phu.png", "-o", tmp_path / "out", "-j", "1", "--no-osd", "-q", env=env)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "out" / "xa_an_phu.png.json").read_text(encoding="utf-8"))
    assert "page_retried" in [w["code"] for w in doc["warnings"]]
    assert "KẾ HOẠCH" in doc["text"]["normalized"]


def test_an_ocr_engine_that_keeps_crashing_is_recorded_and_the_batch_goes_on(tmp_path):
    env = _fake_tesseract(tmp_path, "always")
    proc = _kehoach("run", RAW / "xa_an_phu.png", GOOD_TXT, "-o", tmp_path / "out", "-j", "1", "-q", env=env)
    entries = manifest(tmp_path / "out")
    assert proc.returncode == ExitCode.ocr_failed
    assert entries["xa_an_phu.png"]["status"] == "error" and "Tesseract failed" in entries["xa_an_phu.png"]["message"]
    assert entries[GOOD_TXT.name]["status"] == "ok"


def test_a_page_over_the_timeout_is_recorded(tmp_path):
    env = _fake_tesseract(tmp_path, "never", delay=5)
    proc = _kehoach("run", RAW / "xa_an_phu.png", "-o", tmp_path / "out", "--page-timeout", "1", "-q", env=env)
    assert proc.returncode == ExitCode.ocr_failed
    assert "timed out after 1 s" in manifest(tmp_path / "out")["xa_an_phu.png"]["message"]


@pytest.mark.slow
def test_a_run_killed_midway_leaves_no_partial_output_and_resumes(tmp_path):
    batch = tmp_path / "in"
    batch.mkdir()
    for n in range(3):
        shutil.copy(RAW / "xa_an_phu.png", batch / f"p{n}.png")
    out = tmp_path / "out"
    env = _fake_tesseract(tmp_path, "never", delay=1.5)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(batch), "-o", str(out), "-j", "1",
                             "--no-osd", "-q"], cwd=ROOT, env=env, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not (out / "p0.png.json").exists():
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = sorted(p.name for p in out.glob("*.json"))
    assert "p0.png.json" in finished and len(finished) < 3
    for path in out.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # whole files only
    rerun = _kehoach("run", batch, "-o", out, "-j", "1", "--no-osd", "-q", env=dict(os.environ))
    assert rerun.returncode == 0, rerun.stderr
    lines = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    statuses = {(Path(e["path"]).name, e["status"]) for e in lines[-3:]}
    assert ("p0.png", "skipped") in statuses
    assert sorted(p.name for p in out.glob("*.json")) == ["p0.png.json", "p1.png.json", "p2.png.json"]
    assert not list(out.glob(".*.tmp"))


@pytest.mark.slow
def test_dask_local_cluster_gives_byte_identical_json_to_the_process_pool(run_cli, tmp_path):
    pytest.importorskip("distributed")
    batch = tmp_path / "in"
    batch.mkdir()
    shutil.copy(RAW / "xa_an_phu.png", batch)
    shutil.copy(GOOD_TXT, batch)
    assert run_cli("run", batch, "-o", tmp_path / "pool", "-j", "2", "-q")[0] == 0
    assert run_cli("run", batch, "-o", tmp_path / "dask", "-j", "2", "--executor", "dask-local", "-q")[0] == 0
    for path in (tmp_path / "pool").glob("*.json"):
        assert path.read_bytes() == (tmp_path / "dask" / path.name).read_bytes(), path.name
