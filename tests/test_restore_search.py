"""The restorer's search machinery (issue 3): the Viterbi decoder is exact where its beam does not bind,
confidences are posteriors, the candidate search reaches readings through stray symbols, the tokeniser's
fast path splits like the general one, and the all-caps line test reads each line once."""

from __future__ import annotations

import itertools
import math

import pytest

from normalize.restore.tokens import PUNCT, WORD, tokenize


@pytest.fixture(scope="module")
def restorer():
    from normalize.restore import load_model

    return load_model()


def _path_score(cands, path, lm):
    ids = [0, 0] + [cands[i][k][1] for i, k in enumerate(path)] + [1]
    lp = sum(lm.logp(ids[j - 2], ids[j - 1], ids[j]) for j in range(2, len(ids)))
    return lp + sum(cands[i][k][2] for i, k in enumerate(path))


# Short ambiguous runs (accent-stripped readings of real phrases) and their candidate lists.
RUNS = ["thi dua doi moi sang tao", "ke hoach so", "uy ban nhan dan xa", "to chuc thuc hien", "con cung minh"]


@pytest.mark.parametrize("text", RUNS)
def test_viterbi_is_exact_without_beam(restorer, text, monkeypatch):
    from normalize.restore import decode as _  # noqa: F401
    import sys

    dec = sys.modules["normalize.restore.decode"]
    monkeypatch.setattr(dec, "BEAM", 1e9)
    monkeypatch.setattr(dec, "MAX_STATES", 10**6)
    lm = restorer.lm
    cands = [dec.candidates_for(t, restorer, "strip")[:3] for t in tokenize(text)]
    best = max(itertools.product(*[range(len(c)) for c in cands]), key=lambda p: _path_score(cands, p, lm))
    got = dec.viterbi(cands, lm)
    assert math.isclose(_path_score(cands, got, lm), _path_score(cands, best, lm), abs_tol=1e-9)


def test_confidences_are_posteriors(restorer):
    import sys

    from normalize.restore import decode as _  # noqa: F401

    dec = sys.modules["normalize.restore.decode"]
    cands = [dec.candidates_for(t, restorer, "strip")[:4] for t in tokenize("thi dua doi moi sang tao")]
    choice = dec.viterbi(cands, restorer.lm)
    conf = dec._confidences(cands, choice, restorer.lm)
    assert all(0.0 < c <= 1.0 for c in conf)
    assert all(c == 1.0 for c, cl in zip(conf, cands) if len(cl) == 1)


@pytest.mark.parametrize("ocr, syllable", [
    ("nu¢éc", "nước"),  # stray ¢ inside the word
    ("t*ng", "ứng"),
    ("s6", "số"),
    ("ctia", "của"),
    ("pang", "đảng"),
    ("quyét", "quyết"),
])
def test_channel_reaches_reading(restorer, ocr, syllable):
    assert syllable in dict(restorer.channels["eng"].candidates(ocr))


@pytest.mark.parametrize("text, expected", [
    ("Kế hoạch này", [("Kế", WORD), ("hoạch", WORD), ("này", WORD)]),
    ("quyét./", [("quyét", WORD), (".", PUNCT), ("/", PUNCT)]),
    ("57-NQ/TW, ngày", [("57-NQ/TW", "C"), (",", PUNCT), ("ngày", WORD)]),
    ("(xã)", [("(", PUNCT), ("xã", WORD), (")", PUNCT)]),
])
def test_tokenize(text, expected):
    assert [(t.text, t.kind) for t in tokenize(text)] == expected


def test_caps_line_per_line(restorer):
    """A long all-caps document: protected() must find the same Roman numerals line by line."""
    import sys

    from normalize.restore import decode as _  # noqa: F401

    dec = sys.modules["normalize.restore.decode"]
    block = "II. TO CHUC THUC HIEN\nGiai doan II thuc hien trong quy IV nam 2026.\n"
    text = block * 200
    toks = tokenize(text)
    keep = dec.protected(text, toks, {})
    kept = sorted({toks[i].text for i in keep})
    assert kept == ["II", "IV"]
    assert len(keep) == 600
