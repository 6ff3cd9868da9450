"""Diacritic restoration for text OCR'd with a non-Vietnamese model (issue 3): a noisy-channel decoder.

``restore_tracked(t, model)`` replaces each OCR syllable by the most probable Vietnamese syllable under a
learned OCR channel (``data/channel.json``, made from the project's own render+OCR pairs) and a syllable
trigram LM built from packaged text, keeping token count, numbers and document codes. It runs as a
normalisation step after ``hyphenation`` and before ``reflow``; ``needs_restoration`` decides whether a
text needs it at all (correct ``vie`` OCR does not).
"""

from __future__ import annotations

import bisect
import re

from ..tracked import Tracked
from .decode import decode
from .model import Restorer, build_model, load_model
from .tokens import WORD, tokenize_cached

__all__ = ["Restorer", "load_model", "build_model", "needs_restoration", "restore_tracked", "restore_text",
           "choose_mode", "LOW_CONFIDENCE"]

LOW_CONFIDENCE = 0.6
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f]")
_DIGIT_IN_WORD = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")
_RUN = re.compile(r"\S+")


def _valid_words(model: Restorer) -> frozenset[str]:
    hit = model.__dict__.get("_valid_words")
    if hit is None:
        hit = model.__dict__["_valid_words"] = (
            frozenset(model.syllables) | frozenset(w for w in model.lm.vocab if w.isalpha()))
    return hit


def _words(text: str) -> list[str]:
    return [t.text for t in tokenize_cached(text) if t.kind == WORD]


def _stats(text: str, model: Restorer) -> tuple[int, float, float, float]:
    """Token statistics of ``text``, kept on the model for the last text (choose_mode and
    needs_restoration both ask for them; a cache keyed by the model would keep dropped models alive)."""
    last = model.__dict__.get("_last_stats")
    if last is not None and last[0] is text:
        return last[1]
    out = _compute_stats(text, model)
    model.__dict__["_last_stats"] = (text, out)
    return out


def _compute_stats(text: str, model: Restorer) -> tuple[int, float, float, float]:
    words = _words(text)
    if not words:
        return 0, 0.0, 1.0, 0.0
    valid = _valid_words(model)
    invalid = sum(1 for w in words if w.lower() not in valid) / len(words)
    dia = sum(1 for w in words if _NON_ASCII_LETTER.search(w)) / len(words)
    mixed = sum(1 for w in words if _DIGIT_IN_WORD.search(w)) / len(words)
    return len(words), invalid, dia, mixed


def needs_restoration(text: str, model: Restorer | None = None) -> tuple[bool, float]:
    """(decision, score in [0, 1]): invalid-syllable share and missing-diacritic share of the words.

    Correct Vietnamese has nearly all words valid and roughly two thirds of them with a diacritic;
    English-model OCR has many invalid words, accent-stripped text almost no diacritics.
    """
    n, invalid, dia, _ = _stats(text, model or load_model())
    if n < 3:
        return False, 0.0
    score = min(1.0, invalid / 0.2)
    # The diacritic share only means something over enough words (a short phrase may have none);
    # with fewer than 12 words only a text with no diacritic at all counts as stripped.
    if n >= 12:
        score = max(score, min(1.0, max(0.0, (0.5 - dia) / 0.3)))
    elif dia == 0.0:
        score = max(score, 0.5)
    return score >= 0.5, round(score, 3)


def choose_mode(text: str, model: Restorer | None = None) -> str:
    """Which channel explains ``text``: "strip" (uniform over accents, for clean accent-stripped text),
    "eng" (learned English-model OCR damage) or "vie" (near identity: text that is already right)."""
    model = model or load_model()
    n, invalid, dia, mixed = _stats(text, model)
    if n and dia < 0.02 and mixed < 0.005:
        keys = model.by_key
        words = [w.lower() for w in _words(text)]
        if sum(w in keys for w in words) >= 0.9 * len(words):
            return "strip"
    need, _ = needs_restoration(text, model)
    return "eng" if need else "vie"


def restore_tracked(t: Tracked, model: Restorer, mode: str | None = None) -> tuple[Tracked, list[dict]]:
    """Restore ``t``; origins follow each token (Tracked.sub), low-confidence tokens become warnings.

    Warning offsets ``start``/``end`` are in the restored text; ``raw_start``/``raw_end`` in the raw text.
    """
    text = t.text
    mode = mode or choose_mode(text, model)
    decoded = decode(text, model, mode)
    changed = {d.tok.start: d for d in decoded if d.out != d.tok.text}
    low = [d for d in decoded if d.tok.kind == WORD and d.confidence < LOW_CONFIDENCE and d.n_candidates > 1]
    if changed:
        run_starts = [m.start() for m in _RUN.finditer(text)]
        in_run: dict[int, list] = {}
        for start in sorted(changed):
            rs = run_starts[bisect.bisect_right(run_starts, start) - 1]
            in_run.setdefault(rs, []).append(changed[start])

        def repl(m: re.Match) -> str:
            group = in_run.get(m.start())
            if group is None:
                return m.group(0)
            run, base = m.group(0), m.start()
            pieces, last = [], 0
            for d in group:
                pieces.append(run[last : d.tok.start - base])
                pieces.append(d.out)
                last = d.tok.end - base
            pieces.append(run[last:])
            return "".join(pieces)

        out = t.sub(_RUN, repl)
    else:
        out = t
    warnings = []
    if low:
        # Map each low-confidence token to its span in the restored text by walking the shift.
        shift_at = []
        shift = 0
        for d in decoded:
            shift_at.append(shift)
            shift += len(d.out) - (d.tok.end - d.tok.start)
        index = {id(d): i for i, d in enumerate(decoded)}
        for d in low:
            s = d.tok.start + shift_at[index[id(d)]]
            warnings.append({
                "code": "low_confidence_token",
                "message": f"restored {d.tok.text!r} as {d.out!r} with confidence {d.confidence:.2f}; check it",
                "start": s,
                "end": s + len(d.out),
                "raw_start": t.origin[d.tok.start] if d.tok.start < len(t.origin) else t.raw_len,
                "raw_end": (t.origin[d.tok.end - 1] + 1) if d.tok.end - 1 < len(t.origin) else t.raw_len,
                "raw": d.tok.text,
                "restored": d.out,
                "confidence": round(d.confidence, 3),
            })
    return out, warnings


def restore_text(text: str, model: Restorer | None = None, mode: str | None = None) -> str:
    """Convenience: restore a plain string."""
    return restore_tracked(Tracked(text), model or load_model(), mode)[0].text
