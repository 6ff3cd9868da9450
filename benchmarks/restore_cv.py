"""Cross-validated accent restoration on the project's own corpus: a tuning harness with more text than
the dev split.

Each ``normalize/restore/data/domain_corpus_*.txt`` file is held out in turn: the model is built from
everything else (its syllables, n-grams and pair index never see the file) and the file's paragraphs are
restored from their accent-stripped form. Prints accuracy per file and overall, and the commonest errors.
Choices of the LM and decoder are tuned here (and on the dev split), never on ``restore_eval*.md``.

    .venv/bin/python benchmarks/restore_cv.py [--files N] [--errors]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Folds patch the corpus; a model built meanwhile under the default cache name would be a fold's model
# filed as the real one. Models this run builds go to a private cache; OCR output stays in the shared one.
from normalize.restore.model import cache_dir  # noqa: E402

OCR_CACHE = cache_dir()
os.environ["KEHOACH_CACHE"] = tempfile.mkdtemp(prefix="kehoach-cv-")

from normalize.restore import corpus, inventory, model as model_mod, restore_text  # noqa: E402
from normalize.restore.tokens import WORD, tokenize  # noqa: E402
from normalize.vietnamese import strip_accents  # noqa: E402


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text) if t.kind == WORD]


def fold(held: Path, files: list[Path]):
    """A Restorer built without ``held``; candidates computed lazily (no precomputed table)."""
    others = [f for f in files if f != held]
    corpus.domain_paragraphs = lambda: [line for f in others for line in corpus._lines(f)]
    inventory.packaged_syllables.cache_clear()
    model_mod.Restorer.precompute = lambda self: setattr(self, "cand_table", {})
    return model_mod.make_restorer()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=0, help="hold out only the first N files (0: all)")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--set", help="a file listing the corpus file names to use (default: all), so that "
                    "runs compare while the corpus grows")
    ap.add_argument("--beam", type=float, help="override decode.BEAM")
    ap.add_argument("--states", type=int, help="override decode.MAX_STATES")
    ap.add_argument("--window", type=float, help="override decode.WINDOW_WEIGHT")
    ap.add_argument("--beta", type=float, help="override window.BETA")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                    help="override a numeric constant of normalize/restore/decode.py (or MODULE.NAME: window.MIN_TRIGRAM, lm.MODIFIED)")
    ap.add_argument("--eng", action="store_true", help="also render each held-out file, OCR it with "
                    "tesseract -l eng (cached like restore_bench.py) and restore that")
    args = ap.parse_args()
    # The package re-exports the function ``decode``, which hides the module of the same name.
    dec = sys.modules["normalize.restore.decode"]
    for name, value in (("BEAM", args.beam), ("MAX_STATES", args.states), ("WINDOW_WEIGHT", args.window)):
        if value is not None:
            setattr(dec, name, value)
    for item in args.param:
        name, value = item.split("=")
        mod = dec
        if "." in name:
            prefix, name = name.split(".")
            mod = sys.modules[f"normalize.restore.{prefix}"]
        setattr(mod, name, type(getattr(mod, name))(float(value)))
        print(f"{name} = {getattr(mod, name)}")
    if args.beta is not None:
        sys.modules["normalize.restore.window"].BETA = args.beta
    print(f"BEAM {dec.BEAM} MAX_STATES {dec.MAX_STATES} WINDOW_WEIGHT {dec.WINDOW_WEIGHT}")
    files = sorted(corpus.DATA.glob("domain_corpus*.txt"))
    if args.set:
        names = set(Path(args.set).read_text().split())
        files = [f for f in files if f.name in names]
    held_out = files[: args.files] if args.files else files
    right = total = 0
    eng_right = eng_total = 0.0
    errors: Counter = Counter()
    eng_errors: Counter = Counter()
    t0 = time.time()
    for held in held_out:
        m = fold(held, files)
        lines = corpus._lines(held)
        r = n = 0
        for line in lines:
            out = restore_text(strip_accents(line), m)
            tw, ow = words(line), words(out)
            assert len(tw) == len(ow)
            for a, b in zip(tw, ow):
                n += 1
                if a == b:
                    r += 1
                else:
                    errors[(a, b)] += 1
        right += r
        total += n
        line_out = f"{held.name:34s} {n:6d} syll {r / n * 100:6.2f} %"
        if args.eng:
            import restore_bench
            from ocr.render import paragraphs_markup, plain_text
            from restore_bench import accuracy, ocr_pages

            restore_bench.cache_dir = lambda: OCR_CACHE

            markup = paragraphs_markup("\n".join(lines))
            truth = plain_text(markup)
            out = restore_text(ocr_pages(markup, "eng"), m)
            acc = accuracy(truth, out)
            if args.errors:
                from normalize.restore.channel import align_tokens

                tw, ow = words(truth), words(out)
                for i, j in align_tokens(tw, ow):
                    if tw[i] != ow[j]:
                        eng_errors[(tw[i], ow[j])] += 1
            k = len(words(truth))
            eng_right += acc * k
            eng_total += k
            line_out += f" | eng OCR {acc * 100:6.2f} %"
        print(line_out, flush=True)
    print(f"ALL {total} syllables: {right / total * 100:.2f} % ({total - right} wrong) in {time.time() - t0:.0f} s")
    if eng_total:
        print(f"ENG {eng_total:.0f} syllables: {eng_right / eng_total * 100:.2f} % ({eng_total - eng_right:.0f} wrong)")
    if args.errors:
        for name, errs in (("stripped", errors), ("eng OCR", eng_errors)):
            if errs:
                print(f"{name}:", ", ".join(f"{a}->{b}" + (f" x{k}" if k > 1 else "") for (a, b), k in errs.most_common(80)))


if __name__ == "__main__":
    main()
