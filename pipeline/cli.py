"""The ``kehoach`` command line. Data goes to stdout, progress and logs to stderr.

One handler at the edge turns :class:`KehoachError` into its exit code and a two-line message; the
traceback is shown only with ``-v``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import BadArgsError, ExitCode, InputFileError, KehoachError, error_for

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn scanned Vietnamese plans (Kế hoạch) into structured JSON.")
lm_app = typer.Typer(no_args_is_help=True, help="The language model used for diacritic restoration.")
app.add_typer(lm_app, name="lm")

log = logging.getLogger("kehoach")
_VERBOSE = False


def _setup_logging(quiet: bool, verbose: bool) -> None:
    global _VERBOSE
    _VERBOSE = verbose
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kehoach: %(levelname)s %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def _settings(**kwargs):
    from .settings import Settings

    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    return Settings(**kwargs)


QuietOpt = typer.Option(False, "-q", "--quiet", help="Only errors on stderr; no progress bar.")
VerboseOpt = typer.Option(False, "-v", "--verbose", help="Debug logs and tracebacks.")


@app.command()
def run(
    inputs: List[str] = typer.Argument(..., help="PDFs, images, .txt files or folders of them."),
    output: Path = typer.Option(Path("data/out"), "-o", "--output", help="Folder for <name>.json and manifest.jsonl."),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", help="Worker processes (default: CPU count; 1 = serial)."),
    lang: str = typer.Option("vie", "--lang", help="Tesseract language(s), e.g. vie or vie+eng."),
    dpi: int = typer.Option(300, "--dpi", help="Rasterisation resolution for PDFs."),
    restore: str = typer.Option("auto", "--restore", help="Diacritic restoration: auto, always or never."),
    lm: Optional[Path] = typer.Option(None, "--lm", help="Restoration model built by `kehoach lm build -o PATH`."),
    osd: bool = typer.Option(True, "--osd/--no-osd", help="Detect page orientation when a page reads poorly."),
    native_images: bool = typer.Option(True, "--native-images/--render-pages",
                                       help="OCR a scanned PDF page's own JPEG (default) or render every page."),
    max_pages: int = typer.Option(500, "--max-pages", help="Refuse documents with more pages."),
    page_timeout: float = typer.Option(300.0, "--page-timeout", help="Seconds allowed to OCR one page."),
    force: bool = typer.Option(False, "--force", help="Redo inputs whose output is already up to date."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="Also append every document to this JSON Lines file."),
    executor: str = typer.Option("auto", "--executor", help="auto, serial, pool, dask (with --scheduler) or dask-local."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, tcp://HOST:PORT."),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first input that fails."),
    report: Optional[Path] = typer.Option(None, "--report", help="Also compare the batch with the template into this folder."),
    template: Optional[Path] = typer.Option(None, "--template", help="Template for --report (default: the bundled one)."),
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """OCR, normalise and extract every input; one JSON per input in OUTPUT."""
    from .batch import run_batch

    _setup_logging(quiet, verbose)
    settings = _settings(jobs=jobs, lang=lang, dpi=dpi, restore=restore, osd=osd, max_pages=max_pages,
                         page_timeout=page_timeout, force=force, lm=str(lm) if lm else None,
                         native_images=native_images)
    progress = not quiet and sys.stderr.isatty()
    result = run_batch(inputs, output, settings, executor=executor, scheduler=scheduler, progress=progress,
                       jsonl=jsonl, fail_fast=fail_fast)
    log.info("%d ok, %d skipped, %d failed -> %s", result.ok, result.skipped, result.errors, output)
    code = result.exit_code
    if report is not None:
        from .compare import run_compare

        outputs = [e["output"] for e in result.entries if e["status"] in ("ok", "skipped") and e.get("output")]
        if outputs:
            compared = run_compare(outputs, str(template) if template else None, report)
            log.info("report: %s", compared.report)
            code = max(code, compared.exit_code)
        else:
            log.warning("no document to compare; no report written")
    raise typer.Exit(code)


@app.command()
def compare(
    inputs: List[str] = typer.Argument(..., help="JSON outputs of `kehoach run`, or folders of them."),
    output: Path = typer.Option(..., "-o", "--output", help="Report folder: tables/ and index.html."),
    template: Optional[Path] = typer.Option(None, "--template", help="Another movement's template (JSON)."),
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """Compare plans with the national template: coverage tables (CSV, XLSX, Parquet) and an HTML report."""
    from .compare import run_compare

    _setup_logging(quiet, verbose)
    result = run_compare(inputs, str(template) if template else None, output)
    for path, reason in result.errors:
        log.error("%s: %s", path, reason)
    log.info("%d plans compared -> %s", len(result.plans), result.report or output)
    raise typer.Exit(result.exit_code)


@app.command()
def ocr(
    file: Path = typer.Argument(..., help="A PDF or image."),
    lang: str = typer.Option("vie", "--lang"),
    dpi: int = typer.Option(300, "--dpi"),
    osd: bool = typer.Option(True, "--osd/--no-osd"),
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """OCR one file and print its text (pages separated by form feeds)."""
    from .process import ocr_page_task, plan_document

    _setup_logging(quiet, verbose)
    settings = _settings(lang=lang, dpi=dpi, osd=osd, jobs=1)
    plan = plan_document(0, str(file), file.name, settings)
    if plan.error:
        raise error_for(plan.exit_code, plan.error)
    if plan.page_texts is not None:
        texts = plan.page_texts
    else:
        texts = []
        for task in plan.page_tasks(settings):
            page = ocr_page_task(task)
            if page.error:
                raise error_for(page.exit_code, page.error)
            texts.append(page.text)
    sys.stdout.write("\f".join(texts).rstrip("\n") + "\n")


@app.command()
def restore(
    file: str = typer.Argument(..., help="A text file, or - for standard input."),
    mode: str = typer.Option("auto", "--restore", help="auto (only when needed), always or never."),
    lm: Optional[Path] = typer.Option(None, "--lm", help="Restoration model built by `kehoach lm build -o PATH`."),
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """Print the normalised (and, when needed, diacritic-restored) text of FILE."""
    from .document import Document, Source
    from .process import normalize_document

    _setup_logging(quiet, verbose)
    if file == "-":
        raw = sys.stdin.read()
    else:
        path = Path(file)
        if not path.is_file():
            raise InputFileError(f"{file} does not exist or is not a file", hint="give a .txt file or - for stdin")
        from ocr.sources import read_text

        raw = read_text(path)
    doc = Document(source=Source(path=file, name=file, sha256="0" * 64, kind="text", pages=1), raw_text=raw)
    normalize_document(doc, _settings(restore=mode, jobs=1, lm=str(lm) if lm else None))
    log.info("restored: %s (score %s)", doc.restored, doc.restoration_score)
    sys.stdout.write(doc.normalized_text + "\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema every output is validated against."""
    from .schema import schema as load

    sys.stdout.write(json.dumps(load(), ensure_ascii=False, indent=2) + "\n")


@lm_app.command("build")
def lm_build(
    corpus: List[Path] = typer.Option([], "--corpus", help="Folder(s) of clean Vietnamese .txt to add to the model."),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the model (default: the cache)."),
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """Build (or rebuild) the restoration language model from packaged text plus your corpus."""
    _setup_logging(quiet, verbose)
    try:
        from normalize.restore import build_model
    except ImportError as exc:
        raise KehoachError("diacritic restoration is not available in this build") from exc
    for folder in corpus:
        if not folder.is_dir():
            raise BadArgsError(f"--corpus {folder} is not a folder", hint="give a folder of .txt files")
    path = build_model([str(c) for c in corpus], str(out) if out else None)
    sys.stdout.write(f"{path}\n")


def main(argv: list[str] | None = None) -> int:
    """Console entry point: exceptions become exit codes here and only here."""
    try:
        code = app(args=argv, standalone_mode=False)  # click returns a command's Exit code here
        return code if isinstance(code, int) else 0
    except typer.Exit as exc:  # raised by commands with their own code
        return exc.exit_code
    except KeyboardInterrupt:
        print("kehoach: interrupted", file=sys.stderr)
        return int(ExitCode.ctrl_c)
    except KehoachError as exc:
        if _VERBOSE:
            import traceback

            traceback.print_exc()
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except Exception as exc:  # usage errors and the unexpected
        if isinstance(exc, _usage_errors()):
            exc.show(file=sys.stderr)
            return int(ExitCode.bad_args)
        if isinstance(exc, _abort_errors()):
            return int(ExitCode.ctrl_c)
        if _VERBOSE or os.environ.get("KEHOACH_DEBUG"):
            raise
        print(f"kehoach: internal error: {exc!r} (run with -v for the traceback)", file=sys.stderr)
        return int(ExitCode.other_error)


def _usage_errors() -> tuple[type, ...]:
    """Usage-error classes of the typer in use (recent typer vendors click; older ones use click's own)."""
    classes: list[type] = []
    try:
        from typer._click.exceptions import ClickException as vendored

        classes.append(vendored)
    except ImportError:
        pass
    try:
        import click

        classes.append(click.exceptions.ClickException)
    except ImportError:
        pass
    return tuple(classes)


def _abort_errors() -> tuple[type, ...]:
    classes: list[type] = [typer.Abort]
    try:
        import click

        classes.append(click.exceptions.Abort)
    except ImportError:
        pass
    return tuple(classes)


if __name__ == "__main__":
    sys.exit(main())
