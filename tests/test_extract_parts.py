"""Table-driven cases for the header, section tree, phases, milestones, deadlines, awards, offices, targets."""

from __future__ import annotations

import pytest

from extract import extract_all
from extract.awards import extract_awards
from extract.fold import fold, ocr_key
from extract.header import extract_header
from extract.offices import find_mentions
from extract.sections import extract_sections
from extract.targets import extract_targets
from extract.timeline import extract_milestones, extract_phases

HEADERS = [
    ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ AN PHÚ Độc lập - Tự do - Hạnh phúc\n"
     "Số: 57/KH-UBND An Phú, ngày 14 tháng 8 năm 2025\nKẾ HOẠCH\nTriển khai phong trào thi đua\nThực hiện ...",
     {"doc_type": "Kế hoạch", "number": "57/KH-UBND", "issuer": "Ủy ban nhân dân xã An Phú", "place": "An Phú",
      "date": "2025-08-14", "title": "Triển khai phong trào thi đua"}),
    ("UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM\nPHUONG HOANG MAI Déc lap - Tu do - Hanh phic\n"
     "S6:99 /KH-UBND Hoang Mai, ngay ¢/ thang /0nam 2025\nKE HOACH\nTrién khai Phong trao thi dua\nThyc hién ...",
     {"doc_type": "Kế hoạch", "number": "99/KH-UBND", "issuer": "Ủy ban nhân dân phường Hoang Mai", "place": "Hoang Mai",
      "date": None, "date_parts": {"day": None, "month": None, "year": 2025}}),
    ("UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM\nXA KIM THANH Poc 1ap — Tw do — Hanh phuc\n"
     "S6: 863 /KH - UBND Kim Thanh, ngay 05thang 9 ndam 2025\nKE HOACH\nPhat dong phong trao\nThuc hién ...",
     {"number": "863/KH-UBND", "issuer": "Ủy ban nhân dân xã Kim Thanh", "date": "2025-09-05"}),
    ("UBND TỈNH GIA LAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc\n"
     "Số: 12/KH-SNV Gia Lai, ngày 02 tháng 6 năm 2025\nKẾ HOẠCH\nTổ chức phong trào\nCăn cứ ...",
     {"issuer_parent": "Ủy ban nhân dân tỉnh Gia Lai", "issuer": "Sở Nội vụ", "number": "12/KH-SNV"}),
]


@pytest.mark.parametrize("text,expected", HEADERS, ids=["clean", "ocr-illegible-day", "ocr-merged-day", "parent"])
def test_header(text, expected):
    doc, _, _ = extract_header(text, fold(text))
    for key, value in expected.items():
        assert doc[key] == value, key
    for field, e in doc["evidence"].items():
        assert text[e["start"] : e["end"]] == e["text"], field


SIGNATURES = [
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- UBND tỉnh; CHỦ TỊCH\n- Lưu: VT. Trần Văn Minh",
     ("Trần Văn Minh", "Chủ tịch", "TM."), ["UBND tỉnh", "Lưu: VT"]),
    ("Noi nhin: , TM. UY BAN NHAN DAN\n- UBND thanh phd Ha Ni; KT.CHU TICH\n- S6 KH&CN Ha Noi; PHO CHU TICH\n"
     "- Cac TDP trén dia ban Phuong | (Dé th/hién)\n- Luu: VT, VHXH. #\nn * \\M 2 .\nNeguyen Quynh Trang",
     ("Nguyễn Quynh Trang", "Phó Chủ tịch", "KT."), ["UBND thanh phd Ha Ni", "S6 KH&CN Ha Noi", "Cac TDP trén dia ban Phuong", "Luu: VT, VHXH"]),
]


@pytest.mark.parametrize("tail,signer,recipients", SIGNATURES, ids=["clean", "ocr"])
def test_signature_block(tail, signer, recipients):
    text = "KẾ HOẠCH\nTiêu đề\nThực hiện.\n" + tail
    doc, _, _ = extract_header(text, fold(text))
    assert (doc["signer"]["name"], doc["signer"]["title"], doc["signer"]["on_behalf"]) == signer
    assert doc["recipients"] == recipients


def _titles(tree, depth=1):
    out = []
    for n in tree:
        out.append((n["level"], n["label"], n["title"]))
        out += _titles(n["children"], depth + 1)
    return out


def test_section_tree_repairs_garbled_numbering():
    text = ("|. MUC PiCH, YEU CAU\n1. Muc dich\na) Mot\nb) Hai\n"
            "II. POI TUQONG, NOI DUNG, GIAI PHAP, THOI GIAN THUC\nHIEN PHONG TRAO THI PUA\n"
            "1. Noi dung\nd) Bon\nd) Nam\n- gach\n+ cong\nI1. TIEU CHI THI PUA VA HINH THU'C KHEN THUONG\n"
            "2.1. Hinh thuc\n¢) Ba\n")
    tree, warnings = extract_sections(text)
    assert [(n["label"], n["title"]) for n in tree] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "ĐỐI TƯỢNG, NỘI DUNG, GIẢI PHÁP, THỜI GIAN THỰC HIỆN PHONG TRÀO THI ĐUA"),
        ("III", "TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG"),
    ]
    flat = _titles(tree)
    assert (3, "a", "Mot") in flat and (3, "đ", "Nam") in flat and (4, "-", "gach") in flat and (5, "+", "cong") in flat
    assert (2, "2.1", "Hinh thuc") in flat and (3, "c", "Ba") in flat
    assert tree[2]["confidence"] < tree[1]["confidence"]
    assert {w["code"] for w in warnings} == {"section_renumbered", "section_relabelled"}
    for n in tree:
        assert 0 <= n["span"][0] < n["span"][1] <= len(text)


PHASES = [
    ("- Giai đoạn 1 (2025 - 2027): hoàn thiện hạ tầng.", [("Giai đoạn 1", 2025, 2027, "hoàn thiện hạ tầng.")]),
    ("- Giai doan 2 (ttr 2027 - 2030)\nTrén co so so két, tiep tuc.", [("Giai đoạn 2", 2027, 2030, "Trén co so so két, tiep tuc.")]),
    ("1. Giai doan 1 (tir 2025 - 2027):\nBan hanh K& hoach.", [("Giai đoạn 1", 2025, 2027, "Ban hanh K& hoach.")]),
    ("Giai đoạn II: từ năm 2026 đến năm 2030, nhân rộng.", [("Giai đoạn II", 2026, 2030, "nhân rộng.")]),
]


@pytest.mark.parametrize("text,expected", PHASES)
def test_phases(text, expected):
    got = [(p["label"], p["start_year"], p["end_year"], p["description"]) for p in extract_phases(text, fold(text), 0, len(text))]
    assert got == expected


@pytest.mark.parametrize("text,expected", [
    ("tién hanh so két, danh gia, rat kinh nghiém vao nim 2027 dé", [("sơ kết", 2027, None)]),
    ("sơ kết vào quý IV năm 2027; tổng kết vào năm 2030.", [("sơ kết", 2027, 4), ("tổng kết", 2030, None)]),
    ("khen thưởng sơ kết, tổng kết phong trào.", []),
])
def test_milestones(text, expected):
    assert [(m["kind"], m["year"], m["quarter"]) for m in extract_milestones(text, fold(text), 0, len(text))] == expected


def test_deadline_reporter_and_addressee():
    text = ("IV. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội (cơ quan Thường trực)\n"
            "- Định kỳ trước ngày 15/12 hằng năm báo cáo tình hình về Sở Khoa học và Công nghệ để tổng hợp.\n")
    d = extract_all(text)["deadlines"]
    assert [(x["day"], x["month"], x["recurrence"], x["reporter"], x["to"]) for x in d] == [
        (15, 12, "hằng năm", "Phòng Văn hóa - Xã hội", "Sở Khoa học và Công nghệ")]


AWARDS = [
    ("+ Bang khen cua Tha tuéng Chinh phi;", "Bằng khen của Thủ tướng Chính phủ"),
    ("+ C0¢ Thi dua cua tinh", "Cờ thi đua của Ủy ban nhân dân tỉnh"),
    ("- Huan chuong Lao dong;", "Huân chương Lao động"),
    ("- Co thi dua UBND Thanh phé;", "Cờ thi đua của Ủy ban nhân dân thành phố"),
    ("Gidy khen ctia Cha tich UBND XA4.", "Giấy khen của Chủ tịch Ủy ban nhân dân xã"),
    ("Hằng năm, Chủ tịch Ủy ban nhân dân xã tặng Giấy khen cho các tập thể.", "Giấy khen của Chủ tịch Ủy ban nhân dân xã"),
    ("đề nghị Thủ tướng Chính phủ tặng Bằng khen.", "Bằng khen của Thủ tướng Chính phủ"),
    ("Huân chương Lao động hạng Ba", "Huân chương Lao động hạng Ba"),
]


@pytest.mark.parametrize("text,name", AWARDS)
def test_award_forms(text, name):
    got = extract_awards(text, fold(text), [], 0, len(text))
    assert [a["name"] for a in got] == [name]


def test_award_occasion_from_enclosing_section():
    text = "2. Hình thức\na) Khen thưởng sơ kết:\n- Giấy khen.\nb) Khen thưởng tổng kết\n- Bằng khen của Chủ tịch UBND tỉnh;\n"
    tree, _ = extract_sections(text)
    got = [(a["name"], a["occasion"]) for a in extract_awards(text, fold(text), tree, 0, len(text))]
    assert got == [("Giấy khen", "sơ kết"), ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "tổng kết")]


def test_headings_are_not_awards():
    text = "III. TIEU CHI THI PUA VA HINH THUC KHEN THUONG\nDanh hiệu thi đua và hình thức khen thưởng:"
    assert extract_awards(text, fold(text), [], 0, len(text)) == []


OFFICES = [
    ("- Phong Van hoa — Xa hoi: Chu tri", "xã", "Phòng Văn hóa - Xã hội"),
    ("Bé nghi UBMTTQVN Phuong, cac t6 chirc", None, "Ủy ban Mặt trận Tổ quốc Việt Nam phường"),
    ("2. Uy ban Mit tran T6 qudc Viét Nam xa va cic doan thé", None, "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),
    ("Hoi dong Thi dua - Khen thuong phudng Budn Ma Thudt", None, "Hội đồng Thi đua - Khen thưởng phường"),
    ("tham muu Hội đồng Thi đua - Khen thưởng tiếp tục", "xã", "Hội đồng Thi đua - Khen thưởng xã"),
    ("trén co s& ciia S& Noi vy huéng dan", None, "Sở Nội vụ"),
    ("báo cáo về S¢ Khoa hoc va Cong nghé để", None, "Sở Khoa học và Công nghệ"),
    ("- Phong Kinh té, Ha tang va Do thi phuong", None, "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("Trung tAm Truyén thong - Vian hoa - Thé thao phuong", None, "Trung tâm Văn hóa, Thể thao và Truyền thông"),
    ("3. Trung tâm Phục vụ hành chính công xã đẩy mạnh", "xã", "Trung tâm Phục vụ hành chính công"),
    ("Văn phòng HĐND và UBND xã phối hợp", "xã", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"),
]


@pytest.mark.parametrize("text,level,name", OFFICES)
def test_office_gazetteer(text, level, name):
    assert [m["name"] for m in find_mentions(text, 0, len(text), level)] == [name]


@pytest.mark.parametrize("text", ["cac phong, ban, nganh lién quan", "chuyén doi sd, tai chinh thong minh", "Phong trao thi dua"])
def test_not_offices(text):
    assert find_mentions(text, 0, len(text), "xã") == []


def test_office_roles_and_duties():
    text = ("V. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội (cơ quan thường trực)\n- Chủ trì tham mưu.\n- Tổng hợp báo cáo.\n"
            "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã vận động hội viên.\n"
            "3. Trung tâm Phục vụ hành chính công phối hợp với Phòng Văn hóa - Xã hội hướng dẫn.\n")
    offices = {o["name"]: o for o in extract_all(text)["offices"]}
    assert offices["Phòng Văn hóa - Xã hội"]["role"] == "thường trực"
    assert [d["text"] for d in offices["Phòng Văn hóa - Xã hội"]["duties"]] == ["Chủ trì tham mưu.", "Tổng hợp báo cáo."]
    assert offices["Ủy ban Mặt trận Tổ quốc Việt Nam xã"]["role"] == "đề nghị"
    assert "phối hợp" in offices["Phòng Văn hóa - Xã hội"]["roles"]


TARGETS = [
    ("+ 80% trd 1€n thu tuc hanh chinh st dung dich vu cong truc tuyén.", (80.0, "≥", "thu tuc hanh chinh st dung dich vu cong truc tuyén")),
    ("c) phấn đấu tỷ lệ hồ sơ được giải quyết trực tuyến đạt tối thiểu 80%.", (80.0, "≥", "tỷ lệ hồ sơ được giải quyết trực tuyến")),
    ("đ) phấn đấu trên 90% người dân có kỹ năng số cơ bản.", (90.0, ">", "người dân có kỹ năng số cơ bản")),
    ("b) bảo đảm 100% thôn có mạng cáp quang.", (100.0, "=", "thôn có mạng cáp quang")),
    ("+ Tbi thiéu 70% c6 hé thong co sé dir liéu dung chung.", (70.0, "≥", "c6 hé thong co sé dir liéu dung chung")),
]


@pytest.mark.parametrize("text,expected", TARGETS)
def test_targets(text, expected):
    got = [(t["value"], t["comparator"], t["subject"]) for t in extract_targets(text, fold(text), 0, len(text))]
    assert got == [expected]


def test_fold_keeps_length_and_offsets():
    s = "Nghị quyết số 57 — Đắk Lắk ¢ “x”"
    assert len(fold(s)) == len(s)
    assert ocr_key("Nghi quyét s6 57 K& hoach 1a x4") == "nghi quyet so 57 ke hoach la xa"


def test_a_plan_with_more_than_fifteen_roman_headings_keeps_numbering():
    from extract import extract_all

    text = "\n".join(f"{n}. NỘI DUNG THỨ {n}\nNội dung chi tiết của mục." for n in ["I"] * 17)
    sections = extract_all(text)["sections"]
    assert [s["label"] for s in sections][-3:] == ["XV", "XVI", "XVII"]
