import unicodedata

import pytest

from normalize import clean_text, normalize_text
from normalize.clean import resolve_steps
from normalize.metrics import syllable_accuracy


@pytest.mark.parametrize(
    "steps, raw, expected",
    [
        (["nfc"], unicodedata.normalize("NFD", "Kế hoạch"), "Kế hoạch"),
        (["characters"], "chuyển\u00ad đổi\u00a0số", "chuyển đổi số"),
        (["tone_marks"], "Văn hoá, thuỷ lợi, Uỷ ban", "Văn hóa, thủy lợi, Ủy ban"),
        (["tone_marks"], "Nhan déan", "Nhan déan"),  # garbled OCR keeps its accents for restoration
        (["hyphenation"], "số 142/KH-\nUBND ngày", "số 142/KH-UBND ngày"),
        (["hyphenation"], "phư-\nơng", "phương"),
        (["spaces"], "  a   b \n c  ", "a b\nc"),
    ],
)
def test_each_step_does_one_repair(steps, raw, expected):
    assert clean_text(raw, steps) == expected


LONG = "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học,"


@pytest.mark.parametrize(
    "raw, expected",
    [
        # a hard-wrapped paragraph becomes one line
        (f"{LONG}\ncông nghệ và chuyển đổi số.\n", f"{LONG} công nghệ và chuyển đổi số."),
        # list items and headings keep their own lines
        (f"{LONG}\na) Thi đua nâng cao nhận thức;\nb) Thi đua phát triển hạ tầng số.",
         f"{LONG}\na) Thi đua nâng cao nhận thức;\nb) Thi đua phát triển hạ tầng số."),
        (f"{LONG}\nII. NỘI DUNG PHONG TRÀO THI ĐUA\n1. Đối tượng", f"{LONG}\nII. NỘI DUNG PHONG TRÀO THI ĐUA\n1. Đối tượng"),
        (f"{LONG}\n- Giai đoạn 1 (2025 - 2027);", f"{LONG}\n- Giai đoạn 1 (2025 - 2027);"),
        # a short line ends its paragraph
        ("Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.", "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT."),
        # OCR split a sentence with a blank line: it goes on in lower case, so it is one paragraph
        (f"{LONG}\n\ncông nghệ và chuyển đổi số.", f"{LONG} công nghệ và chuyển đổi số."),
        # a blank line before a capitalised line is a real paragraph break
        (f"{LONG}\n\nCông nghệ và chuyển đổi số.", f"{LONG}\nCông nghệ và chuyển đổi số."),
        # a numbered heading wrapped onto a second all-caps line is one heading
        ("II. ĐỐI TƯỢNG, NỘI DUNG, GIẢI PHÁP, THỜI GIAN THỰC\nHIỆN PHONG TRÀO THI ĐUA\n1. Đối tượng",
         "II. ĐỐI TƯỢNG, NỘI DUNG, GIẢI PHÁP, THỜI GIAN THỰC HIỆN PHONG TRÀO THI ĐUA\n1. Đối tượng"),
        # but the national header's all-caps lines are not headings to join
        ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHƯỜNG HOÀNG MAI Độc lập - Tự do - Hạnh phúc",
         "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHƯỜNG HOÀNG MAI Độc lập - Tự do - Hạnh phúc"),
    ],
)
def test_reflow_joins_wrapped_lines_but_keeps_blocks(raw, expected):
    assert normalize_text(raw).text == expected


def test_page_numbers_and_running_heads_are_removed():
    pages = [f"KẾ HOẠCH 57/KH-UBND\n{LONG}\nnội dung trang {n}.\n{n}\n" for n in range(1, 4)]
    text = normalize_text("\f".join(pages)).text
    assert "KẾ HOẠCH 57/KH-UBND" not in text
    assert not any(line.strip().isdigit() for line in text.splitlines())
    assert text.count("nội dung trang") == 3


def test_offset_map_points_back_to_the_raw_text():
    raw = "Kế hoạch số  57/KH-\nUBND\u00ad ngày 14/8/2025\f2\nThực hiện Nghị quyết số 57-NQ/TW"
    norm = normalize_text(raw)
    for needle in ("57/KH-", "ngày 14/8/2025", "Nghị quyết số 57-NQ/TW"):
        start = norm.text.index(needle)
        raw_start, raw_end = norm.offsets.span_to_raw(start, start + len(needle))
        assert raw[raw_start:raw_end] == needle


def test_unknown_step_names_the_valid_ones():
    with pytest.raises(ValueError, match="valid steps: .*nfc"):
        resolve_steps(["nfc", "spelling"])


@pytest.mark.parametrize(
    "ref, hyp, accuracy",
    [("a b c d", "a b c d", 1.0), ("a b c d", "a x c d", 0.75), ("a b c d", "a c d", 0.75), ("", "", 1.0)],
)
def test_syllable_accuracy(ref, hyp, accuracy):
    assert syllable_accuracy(ref, hyp) == pytest.approx(accuracy)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Ủy ban nhân dân xã Thành Sơn ban hành", "Ủy ban nhân dân xã Thanh Sơn ban hành"),  # one spelling known
        ("XÃ THÀNH SƠN Độc lập - Tự do", "XÃ THANH SƠN Độc lập - Tự do"),  # case kept
        ("trên địa bàn phường Ninh Kiêu giai đoạn", "trên địa bàn phường Ninh Kiều giai đoạn"),
        ("xã Quỳnh Phụ", "xã Quỳnh Phụ"),  # Quỳnh Phú and Quỳnh Phụ both exist: the restorer decides
        ("thôn Thành Sơn", "thôn Thành Sơn"),  # only after xã / phường
        ("xã Thành Sơn Tây", "xã Thanh Sơn Tây"),  # the longest known name at the start is respelt
    ],
)
def test_restored_commune_and_ward_names_follow_the_gazetteer(raw, expected):
    assert clean_text(raw, ["place_names"]) == expected


@pytest.mark.parametrize(
    "raw",
    ["Văn phòng HĐND và UBND phường\nChủ trì, tham mưu", "phường Chủ trì", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
)
def test_common_words_after_xa_or_phuong_are_not_taken_for_names(raw):
    assert clean_text(raw, ["place_names"]) == raw
