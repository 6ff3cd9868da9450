"""The accent-free window model: readings chosen by bare neighbours on both sides (normalize/restore/window.py)."""

import pytest

from normalize.restore.tokens import sentence_symbols
from normalize.restore.window import BOUNDARY, build_window

CORPUS = [
    "Tập thể xuất sắc trong phong trào thi đua.",
    "Cá nhân xuất sắc trong phong trào thi đua.",
    "Công tác phòng chống tội phạm được tăng cường.",
    "Lực lượng nòng cốt trong phòng chống thiên tai.",
    "Phòng chống dịch bệnh ở trường học.",
]


@pytest.fixture(scope="module")
def window():
    sentences = [sentence_symbols(t) for t in CORPUS]
    vocab = sorted({s for syms in sentences for s in syms})
    ids = {w: i for i, w in enumerate(vocab)}
    return build_window(sentences, ids), ids


@pytest.mark.parametrize("left, word, right, expected", [
    ("trong", "phong", "trao", "phong"),  # "trong phong trào"
    ("trong", "phong", "chong", "phòng"),  # "trong phòng chống": the right neighbour decides
    (BOUNDARY, "phong", "chong", "phòng"),
])
def test_bare_neighbours_pick_the_reading(window, left, word, right, expected):
    model, ids = window
    readings = sorted(s for s in ids if s[:1].isalpha() and model.key(s) == model.key(word))
    lp = model.logp(model.key(left), model.key(word), model.key(right), [ids[s] for s in readings])
    assert lp is not None
    assert readings[max(range(len(readings)), key=lp.__getitem__)] == expected


def test_word_with_one_reading_is_not_scored(window):
    model, ids = window
    assert model.logp(model.key("tap"), model.key("the"), model.key("xuat"), [ids["thể"]]) is None


def test_unseen_context_falls_back_to_the_word_alone(window):
    model, ids = window
    lp = model.logp(model.key("zzz"), model.key("phong"), model.key("yyy"), [ids["phong"], ids["phòng"]])
    assert lp[0] != lp[1]  # the word's own counts still speak


def test_restorer_reads_right_context_on_stripped_text():
    from normalize.restore import restore_text

    out = restore_text("Tap the xuat sac trong phong chong toi pham va trong phong trao thi dua.")
    assert "trong phòng chống tội phạm" in out
    assert "trong phong trào thi đua" in out

