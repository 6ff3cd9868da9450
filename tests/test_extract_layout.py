"""Table-driven regression cases for where the title ends and the body starts.

Two failures reported from the comparison report: on clean one-column .txt plans (date on its own line,
title joined with the first paragraph by reflow) no citation was found, and a plan whose section I had a
one-line body lost sections I-II (the title swallowed four lines, up to the content list).
"""

from __future__ import annotations

import pytest

from extract import extract_all

HEAD_SPLIT = ("ỦY BAN NHÂN DÂN XÃ BÌNH MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
              "Số: 45/KH-UBND\nBình Minh, ngày 05 tháng 8 năm 2025\nKẾ HOẠCH\n")
HEAD_MERGED = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ BÌNH MINH Độc lập - Tự do - Hạnh phúc\n"
               "Số: 45/KH-UBND Bình Minh, ngày 05 tháng 8 năm 2025\nKẾ HOẠCH\n")
HEAD_OCR = ("UY BAN NHAN DAN CONG HOA XA HOI CHU NGHIA VIET NAM\nXA BINH MINH Déc lap - Tu do - Hanh phic\n"
            "S6: 45/KH-UBND Binh Minh, ngay 05 thang 8 nam 2025\nKE HOACH\n")
TITLE = "Triển khai Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” trên địa bàn xã"
PREAMBLE = ("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Nghị quyết số 03/NQ-CP ngày "
            "09/01/2025 của Chính phủ, Ủy ban nhân dân xã ban hành Kế hoạch như sau:\n")
SECTIONS_SHORT = ("I. MỤC ĐÍCH, YÊU CẦU\nPhát huy vai trò của cả hệ thống chính trị.\n"
                  "II. NỘI DUNG PHONG TRÀO THI ĐUA\n1. Thi đua nâng cao nhận thức.\n2. Thi đua phát triển hạ tầng số.\n"
                  "III. TỔ CHỨC THỰC HIỆN\n1. Văn phòng HĐND và UBND xã chủ trì.\n")
CITED = [("57", "NQ/TW", "2024-12-22"), ("03", "NQ-CP", "2025-01-09")]
ALL3 = ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG PHONG TRÀO THI ĐUA", "TỔ CHỨC THỰC HIỆN"]

# (text, title, citations, top-level section titles, date)
CASES = [
    # title on its own line, body paragraph on the next
    (HEAD_SPLIT + TITLE + "\n" + PREAMBLE + SECTIONS_SHORT, TITLE, CITED, ALL3, "2025-08-05"),
    # reflow joined the title and the first paragraph into one line
    (HEAD_SPLIT + TITLE + " " + PREAMBLE + SECTIONS_SHORT, TITLE, CITED, ALL3, "2025-08-05"),
    (HEAD_MERGED + TITLE + " " + PREAMBLE + SECTIONS_SHORT, TITLE, CITED, ALL3, "2025-08-05"),
    # title wrapped on two lines, then joined with "Căn cứ" on the second
    (HEAD_MERGED + "Triển khai Phong trào thi đua\ntrên địa bàn xã Căn cứ " + PREAMBLE[len("Thực hiện "):] + SECTIONS_SHORT,
     "Triển khai Phong trào thi đua trên địa bàn xã", CITED, ALL3, "2025-08-05"),
    # no preamble at all: the title is followed by section I and a one-line section body
    (HEAD_SPLIT + TITLE + "\n" + SECTIONS_SHORT, TITLE, [], ALL3, "2025-08-05"),
    # eng-OCR: title, then the Roman heading "I." right away
    (HEAD_OCR + "Trien khai phong trao thi dua tren dia ban xa\nI. MUC DICH, YEU CAU\nPhat huy vai tro.\n"
     "II. NOI DUNG PHONG TRAO THI DUA\n1. Thi dua.\nIII. TO CHUC THUC HIEN\n1. Van phong chu tri.\n",
     "Trien khai phong trao thi dua tren dia ban xa", [], ALL3, "2025-08-05"),
    # "thực hiện" in lower case inside the title is part of the title
    (HEAD_SPLIT + "Tổ chức thực hiện Phong trào thi đua năm 2025 " + PREAMBLE + SECTIONS_SHORT,
     "Tổ chức thực hiện Phong trào thi đua năm 2025", CITED, ALL3, "2025-08-05"),
]
IDS = ["split", "joined", "joined-merged-header", "wrapped-joined-can-cu", "no-preamble", "ocr-heading-after-title",
       "lowercase-thuc-hien-in-title"]


@pytest.mark.parametrize("text,title,cited,sections,date", CASES, ids=IDS)
def test_title_and_body_start(text, title, cited, sections, date):
    out = extract_all(text)
    assert out["document"]["title"] == title
    assert out["document"]["date"] == date
    assert [(c["number"], c["symbol"], c["date"]) for c in out["citations"]] == cited
    assert [s["title"] for s in out["sections"]] == sections
    assert [s["label"] for s in out["sections"]] == ["I", "II", "III"]
    ev = out["document"]["evidence"]["title"]
    assert text[ev["start"] : ev["end"]] == ev["text"]


@pytest.mark.parametrize("line,place,date", [
    ("Bình Minh, ngày 05 tháng 8 năm 2025", "Bình Minh", "2025-08-05"),
    ("Binh Minh, ngay 05 thang 8 nam 2025", "Binh Minh", "2025-08-05"),
    ("Bình Minh, ngày   tháng 8 năm 2025", "Bình Minh", None),
])
def test_place_and_date_on_their_own_line(line, place, date):
    text = "ỦY BAN NHÂN DÂN XÃ BÌNH MINH\nSố: 45/KH-UBND\n" + line + "\nKẾ HOẠCH\nTiêu đề\nThực hiện.\n"
    doc = extract_all(text)["document"]
    assert (doc["place"], doc["date"], doc["issuer"]) == (place, date, "Ủy ban nhân dân xã Bình Minh")
    assert doc["date_parts"]["year"] == 2025 and doc["date_parts"]["month"] == 8
