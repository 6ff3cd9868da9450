import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import ExitCode
from pipeline.schema import validate

from .conftest import RAW, ROOT

SAMPLE_TXT = RAW / "xa_an_phu.ocr-eng.txt"


def manifest(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
def test_run_on_the_bundled_samples_writes_one_valid_json_per_input(run_cli, tmp_path):
    code, out, err = run_cli("run", RAW, "-o", tmp_path, "-j", "2", "-q")
    assert code == 0, err
    inputs = sorted(p.name for p in RAW.iterdir() if not p.name.startswith("."))
    outputs = sorted(p.name for p in tmp_path.glob("*.json"))
    assert outputs == sorted(f"{name}.json" for name in inputs)
    for path in tmp_path.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        validate(doc)
        assert doc["text"]["normalized"].strip()
    pdf = json.loads((tmp_path / "xa_an_phu.pdf.json").read_text(encoding="utf-8"))
    assert pdf["source"]["kind"] == "pdf" and pdf["source"]["pages"] == 2
    assert pdf["source"]["ocr"]["lang"] == "vie" and len(pdf["source"]["ocr"]["page_confidences"]) == 2
    assert "Nghị quyết số 57-NQ/TW" in pdf["text"]["normalized"]
    assert out == ""  # stdout carries data only; run writes files


def test_bad_inputs_are_recorded_and_the_rest_of_the_batch_completes(run_cli, tmp_path):
    batch = tmp_path / "in"
    batch.mkdir()
    shutil.copy(SAMPLE_TXT, batch / "good.txt")
    (batch / "zero.pdf").write_bytes(b"")
    (batch / "corrupt.pdf").write_bytes((RAW / "xa_an_phu.pdf").read_bytes()[:2000])
    (batch / "not_an_image.png").write_text("this is text, not a PNG")
    out = tmp_path / "out"
    code, _, err = run_cli("run", batch, tmp_path / "missing.pdf", "-o", out, "-j", "1")
    assert code == ExitCode.input_file
    assert (out / "good.txt.json").exists()
    entries = {Path(e["path"]).name: e for e in manifest(out)}
    assert entries["good.txt"]["status"] == "ok"
    expected = {"zero.pdf": "empty", "corrupt.pdf": "not a readable PDF", "not_an_image.png": "not a readable image",
                "missing.pdf": "does not exist"}
    for name, reason in expected.items():
        assert entries[name]["status"] == "error", name
        assert entries[name]["exit_code"] == ExitCode.input_file
        assert reason in entries[name]["message"], entries[name]["message"]
        assert name in err


def test_a_rerun_skips_unchanged_inputs_and_force_redoes_them(run_cli, tmp_path):
    out = tmp_path / "out"
    assert run_cli("run", SAMPLE_TXT, "-o", out, "-q")[0] == 0
    assert run_cli("run", SAMPLE_TXT, "-o", out, "-q")[0] == 0
    assert [e["status"] for e in manifest(out)] == ["ok", "skipped"]
    assert run_cli("run", SAMPLE_TXT, "-o", out, "-q", "--force")[0] == 0
    assert manifest(out)[-1]["status"] == "ok"


def test_inputs_sharing_a_stem_never_overwrite_each_other(run_cli, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        shutil.copy(SAMPLE_TXT, tmp_path / "in" / folder / "plan.txt")
    (tmp_path / "in" / "a" / "plan.ocr.txt").write_text("Kế hoạch", encoding="utf-8")
    code, _, _ = run_cli("run", tmp_path / "in", "-o", tmp_path / "out", "-q")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == [
        "a__plan.ocr.txt.json", "a__plan.txt.json", "b__plan.txt.json"]


def test_jsonl_collects_every_document(run_cli, tmp_path):
    code, _, _ = run_cli("run", SAMPLE_TXT, "-o", tmp_path / "out", "--jsonl", tmp_path / "all.jsonl", "-q")
    assert code == 0
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["source"]["name"] == SAMPLE_TXT.name


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run_cli("run", SAMPLE_TXT, "-o", blocker / "out")
    assert code == ExitCode.output_error
    assert "cannot be written" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args, message",
    [(["--dpi", "10"], "--dpi 10 is out of range"), (["-j", "0"], "--jobs 0"), (["--restore", "maybe"], "--restore")],
)
def test_bad_arguments_exit_1_with_the_reason(run_cli, tmp_path, args, message):
    code, _, err = run_cli("run", SAMPLE_TXT, "-o", tmp_path, *args)
    assert code == ExitCode.bad_args
    assert message in err


def test_restore_reads_stdin_and_writes_only_text_to_stdout(tmp_path):
    raw = "Kế hoạch triển khai phong trào thi đua trên địa bàn xã, nhằm thực hiện thắng lợi Nghị quyết\nsố 57-NQ/TW.\n"
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "restore", "-", "-q"], input=raw,
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == raw.replace("Quyết\nsố", "Quyết số").replace("Nghị quyết\nsố", "Nghị quyết số")


def test_restore_of_a_missing_file_says_so(run_cli, tmp_path):
    code, out, err = run_cli("restore", tmp_path / "nope.txt")
    assert code == ExitCode.input_file and out == "" and "does not exist" in err


def test_schema_command_prints_the_packaged_schema(run_cli):
    code, out, _ = run_cli("schema")
    assert code == 0
    schema = json.loads(out)
    assert "citations" in schema["required"] and schema["properties"]["schema_version"]


@pytest.mark.parametrize(
    "tools, args, needs",
    [
        ([], ["ocr", RAW / "xa_an_phu.png"], "tesseract-ocr"),  # no Tesseract at all
        (["tesseract"], ["ocr", RAW / "xa_an_phu.png", "--lang", "fra"], "tesseract-ocr-fra"),  # no language data
        (["tesseract"], ["ocr", RAW / "xa_an_phu.pdf"], "poppler-utils"),  # no poppler for PDFs
    ],
    ids=["tesseract", "language-data", "poppler"],
)
def test_a_missing_dependency_is_exit_3_with_the_install_command(tmp_path, tools, args, needs):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in tools:
        os.symlink(shutil.which(tool), bindir / tool)
    env = {**os.environ, "PATH": str(bindir)}
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == ExitCode.missing_dependency, proc.stderr
    assert "apt-get install" in proc.stderr and needs in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_ocr_command_prints_page_text(run_cli):
    code, out, _ = run_cli("ocr", RAW / "xa_an_phu.png", "-q")
    assert code == 0
    assert "KẾ HOẠCH" in out and "57/KH-UBND" in out


COMPARE_PLANS = ROOT / "tests" / "fixtures" / "compare"


def test_run_with_report_writes_tables_and_an_html_report(run_cli, tmp_path):
    plans = sorted(COMPARE_PLANS.glob("*.txt"))
    code, _, err = run_cli("run", *plans, "-o", tmp_path / "out", "--report", tmp_path / "report", "-q")
    assert code == 0, err
    assert (tmp_path / "report" / "index.html").exists()
    coverage = (tmp_path / "report" / "tables" / "coverage.csv").read_text(encoding="utf-8")
    assert all(p.name in coverage for p in plans)


def test_compare_reports_a_bad_input_and_still_compares_the_rest(run_cli, tmp_path):
    assert run_cli("run", SAMPLE_TXT, "-o", tmp_path / "out", "-q")[0] == 0
    (tmp_path / "out" / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    code, _, err = run_cli("compare", tmp_path / "out", "-o", tmp_path / "report")
    assert code == ExitCode.input_file
    assert "notes.json" in err and (tmp_path / "report" / "index.html").exists()


def test_compare_with_a_broken_template_is_a_clear_bad_args_error(run_cli, tmp_path):
    assert run_cli("run", SAMPLE_TXT, "-o", tmp_path / "out", "-q")[0] == 0
    (tmp_path / "t.json").write_text('{"format": "kehoach-template/1", "items": [}', encoding="utf-8")
    code, _, err = run_cli("compare", tmp_path / "out", "-o", tmp_path / "report", "--template", tmp_path / "t.json")
    assert code == ExitCode.bad_args and "not valid JSON" in err and "Traceback" not in err


def test_a_missing_restoration_model_is_a_bad_argument(run_cli, tmp_path):
    code, _, err = run_cli("restore", SAMPLE_TXT, "--lm", tmp_path / "none.pkl")
    assert code == ExitCode.bad_args and "kehoach lm build" in err


def test_lm_build_with_a_user_corpus_feeds_restore(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_CACHE", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(
        "Ủy ban nhân dân xã Quỳnh Lưu ban hành kế hoạch chuyển đổi số năm 2026.\n" * 20, encoding="utf-8")
    code, out, err = run_cli("lm", "build", "--corpus", corpus, "-o", tmp_path / "lm.pkl", "-q")
    assert code == 0, err
    assert out.strip() == str(tmp_path / "lm.pkl")
    code, out, _ = run_cli("restore", SAMPLE_TXT, "--lm", tmp_path / "lm.pkl", "-q")
    assert code == 0 and "Nghị quyết số 57-NQ/TW" in out


@pytest.mark.parametrize("args", [["run"], ["frobnicate"], ["run", SAMPLE_TXT, "--dpi", "x"]])
def test_usage_errors_exit_1_with_usage_not_a_traceback(run_cli, args):
    code, _, err = run_cli(*args)
    assert code == ExitCode.bad_args
    assert "Usage:" in err and "internal error" not in err


def test_a_folder_without_supported_files_is_a_clear_error(run_cli, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.docx").write_bytes(b"PK")
    code, _, err = run_cli("run", tmp_path / "in", "-o", tmp_path / "out")
    assert code == ExitCode.input_file and "no PDF, image or .txt file found" in err
