"""Stage functions the executor runs: plan a document, OCR one page, finish a document.

All three take and return plain picklable data so they run the same in-process, in a process pool or on
a Dask worker. Files and outputs are written by the parent (``pipeline.batch``), never here.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import extract
from normalize import clean_tracked, restore
from normalize.quality import vietnamese_score
from ocr import sources
from ocr.engine import check_poppler, check_tesseract, ocr_page, tesseract_version

from .document import Document, OcrInfo, Source
from .errors import ExitCode, InputFileError, KehoachError, OcrError, error_for
from .schema import validate
from .settings import Settings

PIPELINE_VERSION = "0.1.0"
TEXT_LAYER_MIN_SCORE = 0.9  # share of known syllables for a PDF text layer to be trusted
TEXT_LAYER_MIN_CHARS = 200
NOT_VIETNAMESE_SCORE = 0.45  # below this even unrestored eng-OCR of Vietnamese does not fall


@dataclass(frozen=True)
class PageTask:
    doc_index: int
    path: str
    kind: str  # pdf | image
    page: int  # 1-based
    lang: str
    dpi: int
    osd: bool
    timeout: float
    native_ppi: int = 0  # > 0: read the page's embedded JPEG (at this resolution) instead of rendering it


@dataclass
class PageResult:
    doc_index: int
    page: int
    text: str = ""
    confidence: float | None = None
    rotation: int = 0
    words: int = 0
    seconds: float = 0.0
    error: str | None = None
    exit_code: int = 0
    attempts: int = 1
    input: str = ""  # what Tesseract read: "embedded jpeg 300 ppi", "rendered 300 dpi", "image"


@dataclass
class DocPlan:
    """What the parent knows about an input before any page is read."""

    index: int
    path: str
    output_name: str
    kind: str = ""
    sha256: str = ""
    pages: int = 0
    text_layer_used: bool = False
    page_texts: list[str] | None = None  # filled when no OCR is needed (.txt, good text layer)
    native: dict[int, int] | None = None  # page -> ppi of pages that are one embedded JPEG
    error: str | None = None
    exit_code: int = 0
    plan_seconds: float = 0.0

    def page_tasks(self, settings: Settings) -> list[PageTask]:
        if self.page_texts is not None or self.error:
            return []
        native = self.native or {}
        return [
            PageTask(self.index, self.path, self.kind, page, settings.lang, settings.dpi, settings.osd,
                     settings.page_timeout, native.get(page, 0))
            for page in range(1, self.pages + 1)
        ]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def plan_document(index: int, path: str, output_name: str, settings: Settings) -> DocPlan:
    """Identify the input, count its pages and decide whether it needs OCR. Never raises."""
    started = time.perf_counter()
    plan = DocPlan(index, path, output_name)
    try:
        _fill_plan(plan, Path(path), settings)
    except KehoachError as exc:
        plan.error, plan.exit_code = str(exc), int(exc.exit_code)
    except OSError as exc:
        plan.error, plan.exit_code = f"{path}: {exc.strerror or exc}", int(ExitCode.input_file)
    plan.plan_seconds = time.perf_counter() - started
    return plan


def _fill_plan(plan: DocPlan, path: Path, settings: Settings) -> None:
    plan.kind = sources.input_kind(path)
    plan.sha256 = file_sha256(path)
    if plan.kind == "text":
        text = sources.read_text(path)
        pages = text.split("\f")
        plan.pages, plan.page_texts = len(pages), pages
        return
    if plan.kind == "pdf":
        plan.pages = sources.pdf_page_count(path)
    else:
        plan.pages = sources.image_frame_count(path)
    if plan.pages > settings.max_pages:
        raise InputFileError(f"{path} has {plan.pages} pages, more than --max-pages {settings.max_pages}",
                             hint="raise --max-pages if this is expected")
    if plan.kind == "pdf":
        layer = sources.pdf_text_layer(path, plan.pages)
        joined = "\n".join(layer)
        score, _ = vietnamese_score(joined)
        if len(joined.strip()) >= TEXT_LAYER_MIN_CHARS * plan.pages * 0.5 and score >= TEXT_LAYER_MIN_SCORE:
            plan.page_texts, plan.text_layer_used = layer, True
            return
    check_tesseract(settings.lang)
    if plan.kind == "pdf":
        check_poppler()
        if settings.native_images:
            plan.native = sources.pdf_native_jpeg_pages(path)


def ocr_page_task(task: PageTask) -> PageResult:
    """Rasterise (PDF) or pick (image) one page and OCR it; a crash of the engine is retried once."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    started = time.perf_counter()
    result = PageResult(task.doc_index, task.page)
    workdir = tempfile.mkdtemp(prefix="kehoach-")
    try:
        path = Path(task.path)
        if task.kind == "pdf" and task.native_ppi:
            image = sources.pdf_page_jpeg(path, task.page, workdir)
            result.input = f"embedded jpeg {task.native_ppi} ppi"
        elif task.kind == "pdf":
            image = sources.rasterise_pdf_page(path, task.page, task.dpi, workdir)
            result.input = f"rendered {task.dpi} dpi"
        else:
            image = sources.image_frame_file(path, task.page, workdir)
            result.input = "image"
        for attempt in (1, 2):
            result.attempts = attempt
            try:
                page = ocr_page(image, lang=task.lang, timeout=task.timeout, osd=task.osd)
                break
            except OcrError as exc:
                if attempt == 2 or "timed out" in exc.message:
                    raise
        result.text, result.confidence, result.rotation, result.words = page.text, page.confidence, page.rotation, page.words
    except KehoachError as exc:
        result.error, result.exit_code = f"page {task.page}: {exc}", int(exc.exit_code)
    except OSError as exc:
        result.error, result.exit_code = f"page {task.page}: {exc}", int(ExitCode.ocr_failed)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


def _restore_step(doc: Document, text: str, settings: Settings):
    """The normalisation step that repairs diacritics.

    Damaged text (English-model OCR, stripped accents) is restored in full. Text that is already good
    Vietnamese (``vie`` OCR) is read through the near-identity channel: it fixes the few syllables the
    LM finds implausible ("chuyển đối số" → "chuyển đổi số") and leaves correct text as it is (measured:
    vie OCR of 11 unseen plans 99.21 % → 99.46 % syllables right, none worse; clean text unchanged).
    """
    if settings.restore == "never":
        return None
    model = restore.load_model(settings.lm)
    needs, score = restore.needs_restoration(text, model)
    doc.restoration_score = round(float(score), 4)
    doc.restored = needs or settings.restore == "always"
    if doc.restored:
        mode = restore.choose_mode(text, model)
        mode = "eng" if mode == "vie" else mode  # "always" forces a full restoration
    else:
        mode = "vie"
    doc.restore_mode = mode

    def step(t):
        restored, warnings = restore.restore_tracked(t, model, mode)
        for w in warnings:
            doc.warn(w.get("code", "low_confidence_token"), w.get("message", ""),
                     **{k: v for k, v in w.items() if k not in ("code", "message")})
        return restored

    return step


NORMALIZE_BEFORE_RESTORE = ("nfc", "characters", "page_furniture", "hyphenation")
NORMALIZE_AFTER_RESTORE = ("tone_marks", "reflow", "spaces")


def normalize_document(doc: Document, settings: Settings) -> None:
    started = time.perf_counter()
    step = _restore_step(doc, doc.raw_text, settings)
    # accents guessed by the restorer are checked against the commune/ward gazetteer; read ones are kept
    restored_steps = ("restore", "place_names") if doc.restored else ("restore",)
    names = NORMALIZE_BEFORE_RESTORE + (restored_steps if step else ()) + NORMALIZE_AFTER_RESTORE
    tracked = clean_tracked(doc.raw_text, names, extra={"restore": step} if step else None)
    doc.normalized_text = tracked.text
    doc.offset_map = tracked.offset_map().to_json()
    _respan_warnings(doc, tracked.origin)
    doc.timings["normalize"] = round(time.perf_counter() - started, 4)


def _respan_warnings(doc: Document, origin: list[int]) -> None:
    """Point token warnings at the final normalised text: restoration reported them mid-chain."""
    for warning in doc.warnings:
        if "raw_start" in warning and "raw_end" in warning:
            start = bisect.bisect_left(origin, warning["raw_start"])
            end = bisect.bisect_left(origin, warning["raw_end"], lo=start)
            warning["start"], warning["end"] = start, end


def extract_document(doc: Document) -> None:
    started = time.perf_counter()
    try:
        fields = extract.extract_all(doc.normalized_text, accents_guessed=doc.restored)
    except Exception as exc:  # an extractor bug must not cost the user the OCR of the document
        logging.getLogger("kehoach").debug("extraction failed", exc_info=True)
        doc.warn("extract_failed", f"extraction failed ({exc!r}); text is kept, fields are empty. Please report it.")
        fields = {}
    if fields:
        doc.header.update(fields.get("document", {}))
        for key in doc.extracted:
            doc.extracted[key] = list(fields.get(key, []))
        for w in fields.get("warnings", []):
            doc.warnings.append(w)
    doc.timings["extract"] = round(time.perf_counter() - started, 4)


def finish_document(plan: DocPlan, pages: list[PageResult], settings: Settings) -> tuple[dict[str, Any], dict[str, float]]:
    """Assemble pages, normalise, restore, extract and validate: the output dict and stage timings."""
    ocr_info = None
    if plan.page_texts is not None:
        page_texts = list(plan.page_texts)
    else:
        pages = sorted(pages, key=lambda r: r.page)
        page_texts = [r.text for r in pages]
        ocr_info = OcrInfo(
            engine="tesseract", version=tesseract_version(), lang=settings.lang,
            dpi=settings.dpi if plan.kind == "pdf" else None,
            page_confidences=[r.confidence for r in pages], page_rotations=[r.rotation for r in pages],
            page_inputs=[r.input for r in pages],
        )
    source = Source(
        path=plan.path, name=Path(plan.path).name, sha256=plan.sha256, kind=plan.kind, pages=plan.pages,
        text_layer_used=plan.text_layer_used, ocr=ocr_info,
    )
    doc = Document(source=source, page_texts=page_texts, raw_text="\f".join(page_texts))
    for result in pages:
        if result.error:
            doc.warn("page_failed", result.error, page=result.page)
        elif result.attempts > 1:
            doc.warn("page_retried", f"page {result.page}: the OCR engine failed once and was retried", page=result.page)
    for number, text in enumerate(page_texts, start=1):
        if plan.kind != "text" and not text.strip():
            doc.warn("blank_page", f"page {number} has no text", page=number)
    doc.timings["ocr"] = round(sum(r.seconds for r in pages), 4)
    normalize_document(doc, settings)
    score, tokens = vietnamese_score(doc.normalized_text)
    if tokens >= 20 and score < NOT_VIETNAMESE_SCORE:
        doc.warn("not_vietnamese", f"only {score:.0%} of the words are Vietnamese syllables; is this a Vietnamese plan?")
    if not doc.normalized_text.strip():
        doc.warn("no_text", "no text was found in the document")
    extract_document(doc)
    out = doc.to_dict()
    out["pipeline"] = {"version": PIPELINE_VERSION, "settings_hash": settings.output_hash()}
    validate(out)
    return out, doc.timings


def process(path: str | os.PathLike, settings: Settings | None = None) -> dict[str, Any]:
    """Run one file through every stage in this process and return its output dict (the public API)."""
    settings = settings or Settings(jobs=1)
    plan = plan_document(0, str(path), Path(path).name, settings)
    if plan.error:
        raise error_for(plan.exit_code, plan.error)
    results = [ocr_page_task(task) for task in plan.page_tasks(settings)]
    if results and all(r.error for r in results):
        raise error_for(results[0].exit_code, results[0].error or "OCR failed")
    out, _ = finish_document(plan, results, settings)
    return out
