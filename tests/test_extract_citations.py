"""Citation forms, clean and damaged: one row per form (eyecite-style table)."""

from __future__ import annotations

import pytest

from extract import extract_all
from extract.citations import extract_citations, parse_symbol
from extract.fold import fold

# (sentence, [(doc_type, number, symbol, ref, date, issuer)])
CASES = [
    ("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá",
     [("Nghị quyết", "57", "NQ/TW", "57-NQ/TW", "2024-12-22", "Bộ Chính trị")]),
    ("Thyc hién Nghi quyét s6 57-NQ-TW ngay 22/12/2024 ciia B6 Chinh trj vé",
     [("Nghị quyết", "57", "NQ/TW", "57-NQ/TW", "2024-12-22", "Bộ Chính trị")]),
    ("theo Quyết định sé 327/QB-UBND ngày 03/3/2025 của UBND tỉnh Quảng Ngãi về việc",
     [("Quyết định", "327", "QĐ-UBND", "327/QĐ-UBND", "2025-03-03", "UBND tỉnh Quảng Ngãi")]),
    ("Thue hi¢n K& hoach 50 003/KH-UBND ngay 18/7/2025 ctia UBND tinh Dak Lak vé",
     [("Kế hoạch", "003", "KH-UBND", "003/KH-UBND", "2025-07-18", "UBND tỉnh Đắk Lắk")]),
    ("Chuong trinh hanh dong s6 04-CTr/BU ngay 10/7/2025 cia Pang uy xa Kim Thanh vé",
     [("Chương trình hành động", "04", "CTr/ĐU", "04-CTr/ĐU", "2025-07-10", "Đảng ủy xã Kim Thanh")]),
    ("Nghi quyét s6 71/NQ-CP ngay 01/4/2025 cua Chinh phu sta déi bé sung",
     [("Nghị quyết", "71", "NQ-CP", "71/NQ-CP", "2025-04-01", "Chính phủ")]),
    ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư",
     [("Nghị định", "30", "NĐ-CP", "30/2020/NĐ-CP", "2020-03-05", "Chính phủ")]),
    ("Nghi dinh s6 30/2020/ND-CP cua Chinh phu",
     [("Nghị định", "30", "NĐ-CP", "30/2020/NĐ-CP", None, "Chính phủ")]),
    ("Ké hoach s6 02-KH/BCDTW ngay 19/6/2025 ciia Ban Chi dao Trung uong;",
     [("Kế hoạch", "02", "KH/BCĐTW", "02-KH/BCĐTW", "2025-06-19", "Ban Chỉ đạo Trung ương")]),
    ("Ké hoach sb 47A /KH-UBND ngay 10 /7/2025 vé viéc",
     [("Kế hoạch", "47A", "KH-UBND", "47A/KH-UBND", "2025-07-10", None)]),
    ("Cong vin s 2144/UBND-NVKTGS ngay 15/8/2025 cia UBND thanh phd Hai Phong vé",
     [("Công văn", "2144", "UBND-NVKTGS", "2144/UBND-NVKTGS", "2025-08-15", "UBND thành phố Hải Phòng")]),
    ("Quyét dinh sé 757/QD-BKHCN ngay 29/4/2025 ctia B6 Khoa hoc va Cong nghé.",
     [("Quyết định", "757", "QĐ-BKHCN", "757/QĐ-BKHCN", "2025-04-29", "Bộ Khoa học và Công nghệ")]),
    ("Quyết định số 1015/QĐ-TTg ngày 26/5/2025 của Thủ tướng Chính phủ về việc",
     [("Quyết định", "1015", "QĐ-TTg", "1015/QĐ-TTg", "2025-05-26", "Thủ tướng Chính phủ")]),
    ("Chỉ thị số 05-CT/TW ngày 15 tháng 5 năm 2016 của Bộ Chính trị",
     [("Chỉ thị", "05", "CT/TW", "05-CT/TW", "2016-05-15", "Bộ Chính trị")]),
    ("Thông tư số 12/2019/TT-BNV ngày 04/11/2019 của Bộ Nội vụ",
     [("Thông tư", "12", "TT-BNV", "12/2019/TT-BNV", "2019-11-04", "Bộ Nội vụ")]),
    ("Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng",
     [("Hướng dẫn", "36", "HD/VPTW", "36-HD/VPTW", "2018-04-03", None)]),
    ("Thông báo số 15/TB-UBND ngày 02/01/2025 của Ủy ban nhân dân tỉnh",
     [("Thông báo", "15", "TB-UBND", "15/TB-UBND", "2025-01-02", "UBND tỉnh")]),
    ("Kế hoạch số 190/KH-UBND ngày 18/7/2025 của UBND Thành phố Hà Nội về triển khai",
     [("Kế hoạch", "190", "KH-UBND", "190/KH-UBND", "2025-07-18", "UBND thành phố Hà Nội")]),
    ("Ké hoach s6 01-KH/BCDTW ngay 21/3/2025 cia Ban Chi dao Trung wong vé",
     [("Kế hoạch", "01", "KH/BCĐTW", "01-KH/BCĐTW", "2025-03-21", "Ban Chỉ đạo Trung ương")]),
    ("Nghi quyét s 57-NQ/TW va Nghi quyét s6 03/NQ-CP ngay 09/01/2025 caa Chinh phu;",
     [("Nghị quyết", "57", "NQ/TW", "57-NQ/TW", None, None),  # TW: Bộ Chính trị or BCH — not guessed
      ("Nghị quyết", "03", "NQ-CP", "03/NQ-CP", "2025-01-09", "Chính phủ")]),
    ("Kết luận số 123-KL/TU ngày 01/02/2025 của Tỉnh ủy",
     [("Kết luận", "123", "KL/TU", "123-KL/TU", "2025-02-01", "Tỉnh ủy")]),
    ("Quyết định số 10/2025/QĐ-UBND ngày 5/6/2025 của Ủy ban nhân dân tỉnh Gia Lai",
     [("Quyết định", "10", "QĐ-UBND", "10/2025/QĐ-UBND", "2025-06-05", "UBND tỉnh Gia Lai")]),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:32] for c in CASES])
def test_citation_forms(sentence, expected):
    cites, _ = extract_citations(sentence, fold(sentence))
    got = [(c["doc_type"], c["number"], c["symbol"], c["ref"], c["date"], c["issuer"]) for c in cites]
    assert got == expected
    for c in cites:  # evidence points back into the sentence
        for m in c["mentions"]:
            assert sentence[m["start"] : m["end"]] == m["text"]


def test_at_least_twenty_forms():
    assert len(CASES) >= 20


@pytest.mark.parametrize("num,sep,year,rest,ref", [
    ("57", "-", None, "NQ-TW", "57-NQ/TW"),
    ("04", "-", None, "CTr/BU", "04-CTr/ĐU"),
    ("327", "/", None, "QB-UBND", "327/QĐ-UBND"),
    ("30", "/", "2020", "ND-CP", "30/2020/NĐ-CP"),
    ("863", "/", None, "KH - UBND", "863/KH-UBND"),
])
def test_parse_symbol_repairs(num, sep, year, rest, ref):
    assert parse_symbol(num, sep, year, rest)["ref"] == ref


def test_short_form_resolves_to_full_citation():
    text = ("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị (sau đây viết tắt là Nghị quyết số 57); "
            "thực hiện tốt Nghị quyết số 57.")
    cites, warnings = extract_citations(text, fold(text))
    assert len(cites) == 1
    assert [m["text"] for m in cites[0]["mentions"]] == ["Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
                                                         "Nghị quyết số 57", "Nghị quyết số 57"]
    assert not warnings


def test_short_form_without_full_citation_stays_unresolved():
    text = "Tổ chức thực hiện Nghị quyết số 57-NQ/TW, Kế hoạch số 139 và Kế hoạch số 138/KH-UBND ngày 15/5/2025."
    cites, warnings = extract_citations(text, fold(text))
    by_num = {c["number"]: c for c in cites}
    assert by_num["139"]["resolved"] is False and by_num["139"]["symbol"] is None
    assert len(by_num["138"]["mentions"]) == 1  # 139 is not attached to 138
    assert any(w["code"] == "citation_unresolved" for w in warnings)


def test_ambiguous_short_form_is_not_attached():
    text = ("Kế hoạch số 5/KH-UBND ngày 01/01/2025 của UBND tỉnh; Kế hoạch số 5/KH-BCĐ ngày 02/01/2025 của Ban Chỉ đạo; "
            "triển khai Kế hoạch số 5.")
    cites, warnings = extract_citations(text, fold(text))
    assert all(len(c["mentions"]) == 1 for c in cites if c["symbol"])
    assert any(w["code"] == "citation_ambiguous" for w in warnings)


def test_own_number_and_this_plan_are_not_citations():
    text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ AN PHÚ Độc lập - Tự do - Hạnh phúc\n"
            "Số: 57/KH-UBND An Phú, ngày 14 tháng 8 năm 2025\nKẾ HOẠCH\nTriển khai phong trào thi đua\n"
            "Thực hiện Kế hoạch số 142/KH-UBND ngày 20/7/2025 của UBND tỉnh.\nI. MỤC ĐÍCH, YÊU CẦU\n"
            "1. Các cơ quan triển khai Kế hoạch này và Kế hoạch số 57/KH-UBND.")
    refs = [c["ref"] for c in extract_all(text)["citations"]]
    assert refs == ["142/KH-UBND"]


def test_symbol_typo_with_same_number_date_and_issuer_is_one_document():
    text = ("Chương trình hành động số 04-CTr/ĐU ngày 10/7/2025 của Đảng ủy xã Kim Thành; "
            "Chương trình hành động số 04-CTr/TU ngày 10/07/2025 của Đảng ủy xã Kim Thành.")
    cites, warnings = extract_citations(text, fold(text))
    assert [c["ref"] for c in cites] == ["04-CTr/ĐU"]
    assert any(w["code"] == "citation_symbol_conflict" for w in warnings)


def test_law_cited_by_name():
    text = "công dân không phải xuất trình giấy tờ theo Luật Giao dịch điện tử; quy định của pháp luật về thi đua."
    cites, _ = extract_citations(text, fold(text))
    assert [(c["doc_type"], c["name"]) for c in cites] == [("Luật", "Giao dịch điện tử")]
