"""Accuracy and speed of ``extract.extract_all``.

Per document and field: precision / recall / F1 against hand-checked expectations (real samples: from
``tests/fixtures/extract/real_expectations.json``, read from ``../shared/samples`` when present; our own
plans: their reviewed golden JSON), then throughput in MB/s of UTF-8 text.

    .venv/bin/python benchmarks/extract_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract import extract_all  # noqa: E402
from extract.score import SCORED, macro_f1, score  # noqa: E402
from normalize import normalize_text  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"
FIXTURES = ROOT / "tests" / "fixtures" / "extract"


def markup_to_text(markup: str) -> str:
    """Render markup to plain text: directive lines out, column separators to a space."""
    lines = [ln for ln in markup.split("\n") if not ln.startswith("#")]
    return "\n".join(ln.replace(" | ", " ").rstrip(" |") for ln in lines)


def documents() -> list[tuple[str, str, dict]]:
    """(name, normalised text, expectations) for every document we have expectations for."""
    docs = []
    real = json.loads((FIXTURES / "real_expectations.json").read_text(encoding="utf-8"))
    for name, gold in real.items():
        if name.startswith("#"):
            continue
        path = SAMPLES / gold["file"]
        if path.exists():
            docs.append((name, normalize_text(path.read_text(encoding="utf-8")).text, gold))
    for path in sorted(FIXTURES.glob("*.expected.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        src = ROOT / gold["file"]
        docs.append((path.name.split(".")[0], normalize_text(markup_to_text(src.read_text(encoding="utf-8"))).text, gold))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="timing repetitions over all documents")
    args = ap.parse_args()
    docs = documents()
    if not docs:
        print("no documents with expectations found", file=sys.stderr)
        sys.exit(1)
    fields = ["header", "header_folded", "citations", "sections", "phases", "milestones", "deadlines", "awards", "offices", "targets"]
    print(f"{'document':<16} {'field':<14} {'P':>6} {'R':>6} {'F1':>6}")
    macros = []
    for name, text, gold in docs:
        s = score(extract_all(text), gold)
        for f in fields:
            if f in s:
                p, r, f1 = s[f]
                print(f"{name:<16} {f:<14} {p:6.3f} {r:6.3f} {f1:6.3f}")
        m = macro_f1(s)
        mf = macro_f1(s, tuple("header_folded" if f == "header" else f for f in SCORED))
        macros.append((name, m, mf))
        print(f"{name:<16} {'MACRO-F1':<14} {'':>6} {'':>6} {m:6.3f}   (header folded: {mf:.3f})")
        print()
    total = sum(len(t.encode("utf-8")) for _, t, _ in docs)
    for _, t, _ in docs:
        extract_all(t)
    start = time.perf_counter()
    for _ in range(args.repeat):
        for _, t, _ in docs:
            extract_all(t)
    elapsed = time.perf_counter() - start
    print(f"macro-F1 over {len(SCORED)} scored fields ({', '.join(SCORED)}):")
    for name, m, mf in macros:
        print(f"  {name:<16} {m:.3f} exact header, {mf:.3f} folded header")
    print(f"throughput: {args.repeat * total / elapsed / 1e6:.2f} MB/s ({len(docs)} documents, {total} bytes, x{args.repeat})")


if __name__ == "__main__":
    main()
