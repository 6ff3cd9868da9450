"""The batch run: find inputs, skip finished ones, fan pages out to the executor, write outputs.

Everything with side effects lives here, in the parent: outputs are written atomically (temporary file
then rename), the manifest gets one line per input, progress advances per page, and a bad input is
recorded while the rest of the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ocr.sources import SUPPORTED

from .errors import ExitCode, InputFileError, OutputError
from .executor import make_executor
from .process import DocPlan, PageResult, finish_document, ocr_page_task, plan_document
from .settings import Settings

log = logging.getLogger("kehoach")

MANIFEST = "manifest.jsonl"


@dataclass(frozen=True)
class InputFile:
    path: str
    output_name: str
    error: str | None = None


@dataclass
class BatchResult:
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    exit_code: int = 0
    entries: list[dict[str, Any]] = field(default_factory=list)


def discover(inputs: Iterable[str]) -> list[InputFile]:
    """Expand files and folders (recursively, symlinked folders not followed) into named inputs.

    Output names are the path relative to the folder given, with "/" as "__", plus ".json": two inputs
    that share a stem ("plan.pdf", "plan.txt", or "a/plan.pdf", "b/plan.pdf") never collide.
    """
    found: list[InputFile] = []
    for given in inputs:
        root = Path(given)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    path = Path(dirpath) / name
                    if name.startswith(".") or path.suffix.lower() not in SUPPORTED:
                        continue
                    rel = path.relative_to(root)
                    found.append(InputFile(str(path), "__".join(rel.parts) + ".json"))
        elif root.exists() or root.is_symlink():
            found.append(InputFile(str(root), root.name + ".json"))
        else:
            found.append(InputFile(str(root), root.name + ".json", error=f"{root} does not exist; check the path"))
    return _dedupe_names(found)


def _dedupe_names(files: list[InputFile]) -> list[InputFile]:
    counts: dict[str, int] = defaultdict(int)
    for f in files:
        counts[f.output_name] += 1
    out = []
    for f in files:
        if counts[f.output_name] > 1:
            tag = hashlib.sha256(os.path.abspath(f.path).encode()).hexdigest()[:8]
            f = InputFile(f.path, f"{f.output_name[:-5]}.{tag}.json", f.error)
        out.append(f)
    return out


def read_manifest(outdir: Path) -> dict[str, dict[str, Any]]:
    """Latest manifest entry per input path (a truncated last line from a crash is ignored)."""
    entries: dict[str, dict[str, Any]] = {}
    try:
        with open(outdir / MANIFEST, encoding="utf-8") as fh:
            for line in fh:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue
                entries[entry.get("path", "")] = entry
    except FileNotFoundError:
        pass
    return entries


def write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}", hint="check that the output folder is writable") from exc


def prepare_outdir(outdir: Path) -> None:
    """Create the folder, prove it writable, and drop temporary files a killed run left behind."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        for stale in outdir.glob(".*.json.*.tmp"):
            stale.unlink(missing_ok=True)
        probe = outdir / f".kehoach-write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"output folder {outdir} cannot be written: {exc.strerror or exc}",
                          hint="choose another -o folder or fix its permissions") from exc


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="page", file=sys.stderr, dynamic_ncols=True, desc="kehoach")

    def add_total(self, n: int) -> None:
        if self.bar is not None and n:
            self.bar.total += n
            self.bar.refresh()

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_batch(
    inputs: list[str],
    outdir: Path,
    settings: Settings,
    *,
    executor: str = "auto",
    scheduler: str | None = None,
    progress: bool = False,
    jsonl: Path | None = None,
    fail_fast: bool = False,
) -> BatchResult:
    """Run every input; see the module docstring. Returns counts, the worst exit code and manifest entries.

    Inputs are planned lazily and only a few pages per worker are in flight, so a batch of thousands of
    documents starts at once, keeps little in memory, and writes each document as soon as it is done.
    """
    prepare_outdir(outdir)
    files = discover(inputs)
    if not files:
        raise InputFileError(f"no PDF, image or .txt file found in {', '.join(map(str, inputs))}",
                             hint=f"kehoach reads {', '.join(sorted(SUPPORTED))}")
    previous = read_manifest(outdir)
    result = BatchResult()
    settings_hash = settings.output_hash()
    bar = _Progress(0, progress)
    plans: dict[int, DocPlan] = {}
    pages: dict[int, list[PageResult]] = defaultdict(list)
    waiting: dict[int, int] = {}
    started: dict[int, float] = {}
    pool = make_executor(executor, settings.jobs, scheduler)
    in_flight_limit = 1 if executor == "serial" or (executor == "auto" and settings.jobs == 1) else 2 * settings.jobs
    futures: dict[Any, tuple[str, int]] = {}
    queued: list[Any] = []  # page tasks planned but not yet submitted
    next_file = iter(enumerate(files))
    stop = False

    def record(plan: DocPlan, status: str, code: int, message: str | None, **extra: Any) -> None:
        nonlocal stop
        entry = {
            "path": plan.path, "sha256": plan.sha256 or None, "status": status, "exit_code": code,
            "message": message, "pages": plan.pages, "output": extra.pop("output", None),
            "settings_hash": settings_hash, **extra,
        }
        result.entries.append(entry)
        with open(outdir / MANIFEST, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        if status == "error":
            result.errors += 1
            result.exit_code = max(result.exit_code, code)
            log.error("%s", message)
            stop = stop or fail_fast
        elif status == "skipped":
            result.skipped += 1
        else:
            result.ok += 1

    def finished(plan: DocPlan, output: dict[str, Any], timings: dict[str, float]) -> None:
        target = outdir / plan.output_name
        write_atomic(target, json.dumps(output, ensure_ascii=False, indent=2) + "\n")
        if jsonl is not None:
            with open(jsonl, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(output, ensure_ascii=False) + "\n")
        confidences = [c for c in (output["source"]["ocr"] or {}).get("page_confidences", []) if c is not None]
        failed = [w["message"] for w in output["warnings"] if w["code"] == "page_failed"]
        timings = {**timings, "plan": round(plan.plan_seconds, 4), "total": round(time.perf_counter() - started[plan.index], 4)}
        record(
            plan, "ok", 0, "; ".join(failed) or None, output=str(target),
            mean_confidence=round(sum(confidences) / len(confidences), 2) if confidences else None,
            seconds=timings, warnings=len(output["warnings"]),
        )

    def plan_next() -> bool:
        """Plan one more input; False when there is none left."""
        try:
            index, item = next(next_file)
        except StopIteration:
            return False
        started[index] = time.perf_counter()
        if item.error:
            record(DocPlan(index, item.path, item.output_name), "error", int(ExitCode.input_file), item.error)
            return True
        plan = plan_document(index, item.path, item.output_name, settings)
        if plan.error:
            record(plan, "error", plan.exit_code, plan.error)
            return True
        before = previous.get(plan.path)
        if (
            not settings.force and before and before.get("status") == "ok"
            and before.get("sha256") == plan.sha256 and before.get("settings_hash") == settings_hash
            and (outdir / plan.output_name).exists()
        ):
            record(plan, "skipped", 0, "unchanged since the last run (use --force to redo)",
                   output=str(outdir / plan.output_name))
            return True
        plans[index] = plan
        tasks = plan.page_tasks(settings)
        bar.add_total(max(len(tasks), 1))
        if tasks:
            waiting[index] = len(tasks)
            queued.extend(tasks)
        else:
            futures[pool.submit(finish_document, plan, [], settings)] = ("finish", index)
        return True

    def feed() -> None:
        while not stop:
            pages_in_flight = sum(1 for what, _ in futures.values() if what == "page")
            if pages_in_flight >= in_flight_limit:
                return
            if queued:
                task = queued.pop(0)
                futures[pool.submit(ocr_page_task, task)] = ("page", task.doc_index)
            elif not plan_next():
                return

    try:
        feed()
        while futures and not stop:
            done, _ = pool.wait_any(list(futures))
            for future in done:
                what, index = futures.pop(future)
                plan = plans[index]
                try:
                    value = pool.result(future)
                except Exception as exc:  # a task that died outside our own error handling
                    log.debug("task failed", exc_info=True)
                    if what == "page":
                        value = PageResult(index, -1, error=f"worker crashed: {exc!r}", exit_code=int(ExitCode.ocr_failed))
                    else:
                        detail = str(exc) if hasattr(exc, "exit_code") else f"internal error {exc!r} (please report it)"
                        record(plan, "error", int(getattr(exc, "exit_code", ExitCode.other_error)), f"{plan.path}: {detail}")
                        if index not in waiting:  # its pages, if any, have advanced the bar already
                            bar.advance()
                        continue
                if what == "page":
                    bar.advance()
                    pages[index].append(value)
                    if value.error:
                        log.warning("%s: %s", plan.path, value.error)
                    waiting[index] -= 1
                    if waiting[index] == 0:
                        results = pages.pop(index)
                        if all(r.error for r in results):
                            worst = max(r.exit_code for r in results)
                            record(plan, "error", worst, f"{plan.path}: every page failed ({results[0].error})")
                        else:
                            futures[pool.submit(finish_document, plan, results, settings)] = ("finish", index)
                else:
                    if index not in waiting:  # a document with no OCR pages counts as one unit of progress
                        bar.advance()
                    output, timings = value
                    finished(plan, output, timings)
            feed()
    finally:
        bar.close()
        pool.close()
    return result
