"""Make (ground truth, OCR) page pairs for the restoration channel model, then learn the channel table.

Development-time tool, run once (slow: Tesseract on every rendered page, one process):

    .venv/bin/python scripts/make_restore_pairs.py ocr      # render + OCR into the pair cache (resumable)
    .venv/bin/python scripts/make_restore_pairs.py learn    # align pairs, write normalize/restore/data/channel.json

Training text only: the project's own domain corpus and lexicon (normalize/restore/data/) and the VLSP2013
POS test text packaged with underthesea. The held-out benchmark text in benchmarks/data/ is never used here.
Each chunk is rendered with a few scan styles and OCR'd with ``-l eng`` (the damage the restorer must
undo) and ``-l vie`` (so that correct output is learned as correct).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalize.restore import corpus  # noqa: E402
from normalize.restore.model import _atomic_write  # noqa: E402
from ocr.render import ScanStyle, ocr_pages, paragraphs_markup, render_scan  # noqa: E402

CACHE = Path(os.environ.get("KEHOACH_CACHE", Path.home() / ".cache" / "kehoach")) / "restore_pairs"

# (name, dpi, style): varied so the channel sees more than one kind of damage.
STYLES = {
    "s300": (300, ScanStyle()),
    "s200": (200, ScanStyle(skew_degrees=0.4, blur_radius=0.5, noise_sigma=8.0, speckles=150, seed=11)),
    "s250b": (250, ScanStyle(skew_degrees=0.8, blur_radius=1.0, noise_sigma=14.0, speckles=400, seed=23)),
}


def chunks(paragraphs: list[str], words: int = 280) -> list[str]:
    """Group paragraphs into roughly one-page documents (alignment is per document)."""
    out, cur, n = [], [], 0
    for p in paragraphs:
        cur.append(p)
        n += len(p.split())
        if n >= words:
            out.append("\n".join(cur))
            cur, n = [], 0
    if cur:
        out.append("\n".join(cur))
    return out


def jobs() -> list[tuple[str, str, str]]:
    """(source name, style name, text) for every document to render."""
    domain = corpus.domain_paragraphs()
    lexicon = corpus.lexicon_phrases()
    lex_paras = [", ".join(lexicon[i : i + 12]) for i in range(0, len(lexicon), 12)]
    upper = [p.upper() for p in domain[::3]] + [p.upper() for p in lex_paras[::2]]
    vlsp = corpus.vlsp_sentences()
    vlsp_paras = [" ".join(vlsp[i : i + 5]) for i in range(0, len(vlsp), 5)]
    out = []
    for style in STYLES:
        out += [("domain", style, c) for c in chunks(domain)]
        out += [("lexicon", style, c) for c in chunks(lex_paras)]
        out += [("upper", style, c) for c in chunks(upper, 200)]
    out += [("vlsp", "s300" if i % 2 else "s200", c) for i, c in enumerate(chunks(vlsp_paras))]
    return out


def cmd_ocr(limit: int | None) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    todo = jobs()[:limit] if limit else jobs()
    t0 = time.time()
    for k, (source, style, text) in enumerate(todo):
        key = hashlib.sha1(f"{source}|{style}|{text}".encode()).hexdigest()[:16]
        path = CACHE / f"{key}.json"
        if path.exists():
            continue
        dpi, scan = STYLES[style]
        pages = render_scan(paragraphs_markup(text), dpi=dpi, style=scan)
        ocr = {lang: text.replace("\f", "\n") for lang, text in ocr_pages(pages, ("eng", "vie")).items()}
        doc = json.dumps({"source": source, "style": style, "truth": text, **ocr}, ensure_ascii=False)
        _atomic_write(path, lambda fh: fh.write(doc.encode("utf-8")))  # never a half-written pair
        print(f"[{k + 1}/{len(todo)}] {source}/{style} {len(pages)}p {time.time() - t0:.0f}s", file=sys.stderr)


def cmd_learn(out: Path) -> None:
    from normalize.restore.channel import learn_channel

    pairs = [json.loads(p.read_text()) for p in sorted(CACHE.glob("*.json"))]
    table = learn_channel(pairs)
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n"
    _atomic_write(out, lambda fh: fh.write(data.encode("utf-8")))
    print(f"{len(pairs)} documents -> {out} ({out.stat().st_size // 1024} KiB)", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["ocr", "learn", "count"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--out", type=Path, default=ROOT / "normalize" / "restore" / "data" / "channel.json")
    args = ap.parse_args()
    if args.command == "ocr":
        cmd_ocr(args.limit)
    elif args.command == "count":
        print(len(jobs()))
    else:
        cmd_learn(args.out)


if __name__ == "__main__":
    main()
