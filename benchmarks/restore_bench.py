"""Benchmark for diacritic restoration (issue 3): prints accuracy, speed, build/load time and size.

    .venv/bin/python benchmarks/restore_bench.py            # OCR results are cached after the first run

Accuracy is syllable accuracy over two splits of the plans in benchmarks/data/, neither ever used to build
the LM or the channel: ``restore_dev*.md`` (the dev split: settings are tuned on it; ``BENCH_ERRORS=1``
lists its wrong syllables) and ``restore_eval*.md`` (held-out: only measured, never looked into), each
as (a) the clean text with accents stripped, (b) ``tesseract -l eng`` on rendered scans of
it, (c) ``tesseract -l vie`` on the same scans (no-harm check: restoration must not lower it). OCR output
is aligned to the truth token by token; a truth syllable counts as right only if its aligned token is
exactly equal (case included). Real samples: the person-checked lines of tests/test_restore_samples.py,
restored in their whole documents, compared case-insensitively (those lines only; the samples have no
full ground truth).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalize.restore import choose_mode, load_model, needs_restoration, restore_text  # noqa: E402
from normalize.restore.channel import align_tokens  # noqa: E402
from normalize.restore.model import _atomic_write, build_model, cache_dir  # noqa: E402
from normalize.restore.tokens import WORD, tokenize  # noqa: E402
from normalize.vietnamese import strip_accents  # noqa: E402

EVAL = sorted((ROOT / "benchmarks" / "data").glob("restore_eval*.md"))
DEV = sorted((ROOT / "benchmarks" / "data").glob("restore_dev*.md"))


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text) if t.kind == WORD]


def accuracy(truth: str, text: str) -> float:
    """Share of truth syllables whose aligned token in ``text`` is identical."""
    tw, ow = words(truth), words(text)
    if len(tw) == len(ow):
        pairs = list(enumerate(range(len(ow))))
    else:
        pairs = align_tokens(tw, ow)
    return sum(tw[i] == ow[j] for i, j in pairs) / len(tw)


def ocr_pages(markup: str, lang: str) -> str:
    """Render + OCR, cached by content under the kehoach cache (Tesseract is the slow part)."""
    from ocr.render import ocr_pages as render_and_ocr
    from ocr.render import render_scan

    key = hashlib.sha1(f"{lang}|{markup}".encode()).hexdigest()[:16]
    path = cache_dir() / "bench_ocr" / f"{key}.txt"
    if path.exists():
        return path.read_text(encoding="utf-8")
    text = render_and_ocr(render_scan(markup), (lang,))[lang]
    _atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))  # another run may be filling it too
    return text


def main() -> None:
    print("== model")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        path = build_model(out=str(Path(tmp) / "m.pkl"))
        build_s = time.perf_counter() - t0
        size_mb = os.path.getsize(path) / 1e6
        t0 = time.perf_counter()
        with open(path, "rb") as fh:
            fresh = pickle.load(fh)
        load_s = time.perf_counter() - t0
    channel = ROOT / "normalize" / "restore" / "data" / "channel.json"
    print(f"build {build_s:.1f} s | file {size_mb:.1f} MB | load {load_s:.2f} s | "
          f"vocab {fresh.meta['vocab']} trigrams {fresh.meta['trigrams']} | "
          f"channel.json {channel.stat().st_size / 1024:.0f} KiB from {json.loads(channel.read_text())['pairs']} pairs")
    model = load_model()

    eng = ""
    for name, files in (("dev split (for tuning)", DEV), ("held-out text (never tuned on)", EVAL)):
        eng = _split(name, files, model)

    sys.path.insert(0, str(ROOT / "tests"))
    from test_restore_samples import CASES, SAMPLES, _score, restore_samples_in_document

    print("\n== real samples (person-checked lines, eng OCR)")
    if SAMPLES.exists():
        pairs = restore_samples_in_document(lambda t: restore_text(t, model))
        acc, wrong = _score(pairs)
        before, _ = _score([(ocr, want) for _, ocr, want in CASES])
        damaged = sum(a != b for _, o, w in CASES for a, b in zip(o.split(), w.split()))
        print(f"{len(CASES)} lines, {sum(len(w.split()) for _, _, w in CASES)} tokens ({damaged} damaged): "
              f"{before * 100:.2f} % as given -> {acc * 100:.2f} % restored (in document context)")
        for name in ("buon_ma_thuot", "hoang_mai", "kim_thanh"):
            sub = [p for p, c in zip(pairs, CASES) if c[0] == name]
            print(f"  {name:14s} {_score(sub)[0] * 100:.2f} %")
    else:
        print("../shared/samples not present: skipped")

    print("\n== speed (CPU time of one process, tesseract -l eng text; median of 3 runs)")
    n = len(words(eng))
    copy = _fresh_copy(model)
    cold, warm = [], []
    big = "\n\n".join([eng] * 10)
    for _ in range(3):
        with open(copy, "rb") as fh:
            cold_model = pickle.load(fh)  # empty per-token candidate cache
        t0 = time.process_time()  # CPU time of this one process: the machine is shared
        restore_text(eng, cold_model)
        cold.append(time.process_time() - t0)
        t0 = time.process_time()
        restore_text(big, cold_model)
        warm.append(time.process_time() - t0)
    cold_s, warm_s = sorted(cold)[1], sorted(warm)[1]
    print(f"{n} syllables unseen: {n / cold_s:,.0f} syll/s; again x10 (candidates cached): {10 * n / warm_s:,.0f} syll/s")


def _split(name: str, files: list[Path], model) -> str:
    from ocr.render import plain_text

    truth_all, eng_all, vie_all = [], [], []
    for f in files:
        markup = f.read_text(encoding="utf-8")
        truth_all.append(plain_text(markup))
        eng_all.append(ocr_pages(markup, "eng"))
        vie_all.append(ocr_pages(markup, "vie"))
    truth = "\n\n".join(truth_all)
    n_syll = len(words(truth))
    print(f"\n== {name}: {len(files)} plans, {n_syll} syllables")

    stripped = strip_accents(truth)
    out = restore_text(stripped, model)
    print(f"(a) accent-stripped clean text: {accuracy(truth, stripped) * 100:5.2f} % as given -> "
          f"{accuracy(truth, out) * 100:5.2f} % restored")
    eng = "\n\n".join(eng_all)
    out = restore_text(eng, model)
    print(f"(b) tesseract -l eng:           {accuracy(truth, eng) * 100:5.2f} % as given -> "
          f"{accuracy(truth, out) * 100:5.2f} % restored  (detector {needs_restoration(eng)})")
    vie = "\n\n".join(vie_all)
    need, score = needs_restoration(vie)
    out_vie = restore_text(vie, model)  # what the pipeline does: the detector's choice of channel
    a0, a1 = accuracy(truth, vie), accuracy(truth, out_vie)
    print(f"(c) tesseract -l vie:           {a0 * 100:5.2f} % as given -> {a1 * 100:5.2f} % "
          f"({(a1 - a0) * 100:+.2f} pt; detector: full restoration {need} ({score}), channel {choose_mode(vie)})")
    clean_out = restore_text(truth, model)
    print(f"    correct text restored anyway: {accuracy(truth, clean_out) * 100:5.2f} % "
          f"(detector {needs_restoration(truth)})")
    if os.environ.get("BENCH_ERRORS") and "dev" in name:
        _show_errors(truth, out)
    return eng


def _show_errors(truth: str, text: str) -> None:
    """Wrong syllables of the dev split (BENCH_ERRORS=1): for looking at, never at the held-out text."""
    from collections import Counter

    tw, ow = words(truth), words(text)
    pairs = list(enumerate(range(len(ow)))) if len(tw) == len(ow) else align_tokens(tw, ow)
    errs = Counter((tw[i], ow[j]) for i, j in pairs if tw[i] != ow[j])
    print("    dev errors:", ", ".join(f"{a}->{b}" + (f" x{n}" if n > 1 else "") for (a, b), n in errs.most_common(60)))


def _fresh_copy(model) -> str:
    f = tempfile.NamedTemporaryFile(suffix=".pkl", delete=False)
    pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
    f.close()
    return f.name


if __name__ == "__main__":
    main()
