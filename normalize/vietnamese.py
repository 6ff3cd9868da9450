"""Vietnamese syllable arithmetic: tones, accent stripping, tone-mark placement.

A syllable is (onset, vowel nucleus with its quality marks, coda) plus one of six tones. Unicode lets the
same syllable be spelled with the tone on different vowels ("hoà"/"hòa"); the old convention used by
most administrative texts and by the packaged lexicons puts it on the first vowel of an open "oa/oe/uy"
("hòa", "thủy", "khỏe"). Everything here is pure string work, cheap enough for the hot path.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks, in the conventional order of the five marked tones.
GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
TONE_MARKS = (GRAVE, ACUTE, HOOK, TILDE, DOT)
_TONE_SET = frozenset(TONE_MARKS)
# Vowel-quality marks (circumflex, breve, horn) are part of the letter, not of the tone.
_QUALITY_MARKS = frozenset("\u0302\u0306\u031b")

VOWELS = frozenset("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_MARKED_VOWELS = frozenset("ăâêôơưĂÂÊÔƠƯ")

_STRIP_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def split_tone(syllable: str) -> tuple[str, int]:
    """Return the syllable without its tone mark (NFC) and the tone: 0 level, 1..5 as TONE_MARKS."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = 0
    kept = []
    for ch in decomposed:
        if ch in _TONE_SET:
            tone = TONE_MARKS.index(ch) + 1
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def strip_accents(text: str) -> str:
    """Remove every diacritic (tone and quality) and map đ→d: the key restoration searches by."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STRIP_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_tone(text: str) -> str:
    """Remove tone marks only, keeping ă/â/ê/ô/ơ/ư and đ."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_SET))


def _vowel_span(base: str) -> tuple[int, int]:
    """Index range [start, end) of the vowel nucleus of a toneless syllable, onset glides excluded."""
    low = base.lower()
    start = 0
    while start < len(low) and low[start] not in VOWELS:
        start += 1
    end = start
    while end < len(low) and low[end] in VOWELS:
        end += 1
    if start >= len(low):
        return start, start
    # "qu" + vowel and "gi" + vowel: the u/i belongs to the onset.
    if end - start >= 2 and (
        (low[start] == "u" and start > 0 and low[start - 1] == "q")
        or (low[start] == "i" and start > 0 and low[start - 1] == "g")
    ):
        start += 1
    return start, end


def tone_position(base: str, *, style: str = "old") -> int | None:
    """Index of the vowel that carries the tone in the toneless syllable ``base``; None if no vowel."""
    start, end = _vowel_span(base)
    if start == end:
        return None
    nucleus = base[start:end]
    marked = [i for i, ch in enumerate(nucleus) if ch in _MARKED_VOWELS]
    if marked:
        return start + marked[-1]  # "ươ" → on ơ; otherwise the single marked vowel
    has_coda = end < len(base)
    n = len(nucleus)
    if n == 1:
        return start
    if has_coda:
        return start + n - 1
    if n == 3:
        return start + 1
    if style == "new" and nucleus.lower() in ("oa", "oe", "uy"):
        return start + 1
    return start


def place_tone(base: str, tone: int, *, style: str = "old") -> str:
    """Put ``tone`` (0..5) on the right vowel of the toneless syllable ``base`` (NFC result)."""
    if tone == 0:
        return base
    pos = tone_position(base, style=style)
    if pos is None:
        return base
    decomposed = unicodedata.normalize("NFD", base[pos]) + TONE_MARKS[tone - 1]
    return base[:pos] + unicodedata.normalize("NFC", decomposed) + base[pos + 1 :]


_SYLLABLE_RE = re.compile(r"[A-Za-zÀ-ỹĐđ\u0300-\u036f]+")


def retone(syllable: str, *, style: str = "old") -> str:
    """Re-place the tone of one syllable under ``style``; non-syllables come back unchanged."""
    base, tone = split_tone(syllable)
    if tone == 0:
        return unicodedata.normalize("NFC", syllable)
    return place_tone(base, tone, style=style)


def retone_text(text: str, *, style: str = "old") -> str:
    """Apply :func:`retone` to every alphabetic run of ``text``."""
    return _SYLLABLE_RE.sub(lambda m: retone(m.group(0), style=style), text)


# Structural well-formedness: onset + (glide) + nucleus + coda, on the accent-stripped lowercase form.
_ONSETS = (
    "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|"
    "b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
)
_CODAS = "ch|ng|nh|c|m|n|p|t|i|o|u|y"
_SHAPE_RE = re.compile(rf"^(?:{_ONSETS})?[aeiouy]{{1,3}}(?:{_CODAS})?$")


def looks_like_syllable(token: str) -> bool:
    """Cheap shape test: could ``token`` be a Vietnamese syllable once its accents are right?"""
    return bool(_SHAPE_RE.match(strip_accents(token).lower()))
