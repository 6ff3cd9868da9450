"""Table-driven regressions for the general causes of errors found by the blind held-out evaluation.

Every row is our own example text, not text of the blind plans.
"""

from __future__ import annotations

import pytest

from extract import extract_all
from extract.citations import extract_citations
from extract.fold import fold
from extract.header import extract_header
from extract.offices import extract_offices, find_mentions
from extract.sections import canonical_heading, extract_sections

_HEAD = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ AN PHÚ Độc lập - Tự do - Hạnh phúc\n"
         "Số: 57/KH-UBND An Phú, ngày 14 tháng 8 năm 2025\nKẾ HOẠCH\n")

# 1. A title may itself begin with "Thực hiện": the opener rule must not end it before it starts.
TITLES = [
    ("Thực hiện Chỉ thị số 41-CT/TW trên địa bàn xã An Phú năm 2026\nCăn cứ Luật Thi đua, khen thưởng;\n",
     "Thực hiện Chỉ thị số 41-CT/TW trên địa bàn xã An Phú năm 2026"),
    ("Thực hiện Phong trào thi đua “Dân vận khéo”\ntrên địa bàn xã An Phú giai đoạn 2026 - 2030\nCăn cứ Luật;\n",
     "Thực hiện Phong trào thi đua “Dân vận khéo” trên địa bàn xã An Phú giai đoạn 2026 - 2030"),
    ("Thực hiện Chỉ thị số 41-CT/TW năm 2026 Căn cứ Luật Thi đua, khen thưởng;\n",  # reflow joined title and body
     "Thực hiện Chỉ thị số 41-CT/TW năm 2026"),
    ("Thuc hién Phong trao thi dua trén dia ban xa An Phu\nCan cu Luat ...\n",  # eng-OCR
     "Thuc hién Phong trao thi dua trén dia ban xa An Phu"),
    ("Triển khai phong trào thi đua\nThực hiện Công văn số 12/SNV-TĐKT ngày 01/02/2025;\n",
     "Triển khai phong trào thi đua"),
    ("Thực hiện Công văn số 12/SNV-TĐKT ngày 01/02/2025 của Sở Nội vụ;\n", None),  # a body paragraph, no title
]


@pytest.mark.parametrize("body,title", TITLES)
def test_title_may_begin_with_thuc_hien(body, title):
    text = _HEAD + body + "I. MỤC ĐÍCH\n"
    doc, _, _ = extract_header(text, fold(text))
    assert doc["title"] == title


# 2. Heading respelling leaves a word that is already right in its context.
HEADINGS = [
    ("THỜI GIAN VÀ CÁC GIAI ĐOẠN TRIỂN KHAI", "THỜI GIAN VÀ CÁC GIAI ĐOẠN TRIỂN KHAI"),
    ("KINH PHÍ VÀ GIAI ĐOẠN ÁP DỤNG", "KINH PHÍ VÀ GIAI ĐOẠN ÁP DỤNG"),
    ("CHI TIÊU THỊ ĐUA NĂM 2026", "CHỈ TIÊU THI ĐUA NĂM 2026"),  # bigrams still repair
    ("GIAI PHAP THUC HIEN CU THE", "GIẢI PHÁP THỰC HIỆN CU THE"),
    ("NHIEM VU VA GIAI PHAP CU THE", "NHIỆM VỤ VÀ GIẢI PHÁP"),
]


@pytest.mark.parametrize("heading,expected", HEADINGS)
def test_heading_respelling_keeps_valid_words(heading, expected):
    assert canonical_heading(heading)[0] == expected


def test_heading_in_tree_keeps_giai_doan():
    text = "I. MỤC ĐÍCH, YÊU CẦU\nNội dung.\nII. CÁC GIAI ĐOẠN VÀ THỜI GIAN TRIỂN KHAI\nNội dung.\n"
    tree, _ = extract_sections(text)
    assert [n["title"] for n in tree] == ["MỤC ĐÍCH, YÊU CẦU", "CÁC GIAI ĐOẠN VÀ THỜI GIAN TRIỂN KHAI"]


# 3. Symbol parts with Đ are restored from the vocabulary.
SYMBOLS = [
    ("Công văn số 356/SNV-TDKT ngày 12/8/2025 của Sở Nội vụ", "356/SNV-TĐKT"),
    ("Công văn số 41/SNV-TPKT ngày 02/3/2025", "41/SNV-TĐKT"),
    ("Kế hoạch số 12-KH/DTN ngày 01/3/2025 của Ban Thường vụ Đoàn", "12-KH/ĐTN"),
    ("Quyết định số 5/QD-UBND ngày 02/02/2025", "5/QĐ-UBND"),
    ("Kế hoạch số 03-KH/BU ngày 10/4/2025", "03-KH/ĐU"),
    ("Thông báo số 9/TB-HDND ngày 04/4/2025", "9/TB-HĐND"),
    ("Quyết định số 7/QĐ-BCD ngày 05/5/2025", "7/QĐ-BCĐ"),
    ("Công văn số 18/ĐBQH-VP ngày 06/6/2025", "18/ĐBQH-VP"),
]


@pytest.mark.parametrize("text,ref", SYMBOLS)
def test_symbol_parts_restore_d_stroke(text, ref):
    cites, _ = extract_citations(text, fold(text), own_ref=None, body_start=0)
    assert [c["ref"] for c in cites] == [ref]


# 4. Merged two-column signature block: the name after "Lưu: <codes>" is the signer's; the signer's
#    title never lands in a recipient item.
SIGNATURES = [
    ("Nơi nhận: KT. CHỦ TỊCH\n- Sở Nội vụ tỉnh Bình Định; PHÓ CHỦ TỊCH\n- TT Đảng ủy xã;\n- Lưu: VT Trần Thị Mai",
     "Trần Thị Mai", ["Sở Nội vụ tỉnh Bình Định", "TT Đảng ủy xã", "Lưu: VT"]),
    ("Nơi nhận: KT. CHỦ TỊCH\n- Sở Nội vụ tỉnh Bình Định; PHÓ CHỦ TỊCH\n- Lưu: VT, VHXH, Nguyễn Văn An",
     "Nguyễn Văn An", ["Sở Nội vụ tỉnh Bình Định", "Lưu: VT, VHXH"]),
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Sở Nội vụ tỉnh Bình Định; CHỦ TỊCH\n- Lưu: VT, VP. Lê Văn Tám",
     "Lê Văn Tám", ["Sở Nội vụ tỉnh Bình Định", "Lưu: VT, VP"]),
    ("Nơi nhận: KT. CHỦ TỊCH\n- Sở Nội vụ PHÓ CHỦ TỊCH tỉnh Bình Định;\n- Lưu: VT.\nĐinh Công Bộ",
     "Đinh Công Bộ", ["Sở Nội vụ tỉnh Bình Định", "Lưu: VT"]),
    ("Nơi nhận: KT. CHỦ TỊCH\n- Sở Nội vụ tỉnh Bình Định PHÓ CHỦ TỊCH\n- Chủ tịch, các PCT UBND xã;\n- Lưu: VT.\nĐinh Công Bộ",
     "Đinh Công Bộ", ["Sở Nội vụ tỉnh Bình Định", "Chủ tịch, các PCT UBND xã", "Lưu: VT"]),
]


@pytest.mark.parametrize("tail,name,recipients", SIGNATURES)
def test_signer_name_after_luu_codes(tail, name, recipients):
    text = _HEAD + "Triển khai phong trào\nI. MỤC ĐÍCH\nNội dung.\n" + tail
    doc, _, _ = extract_header(text, fold(text))
    assert doc["signer"]["name"] == name
    assert doc["recipients"] == recipients
    e = doc["evidence"]["recipients"]
    assert text[e["start"] : e["end"]] == e["text"]


# 5. An office named only as the issuer of a cited document is not an office of the plan; an office
#    name that reflow left broken before its own dash is still read.
OFFICE_NAMES = [
    ("Thực hiện Công văn số 88/SNV-TĐKT ngày 02/7/2025 của Sở Nội vụ tỉnh Bình Định, Ủy ban nhân dân xã ban hành Kế hoạch.\n"
     "1. Phòng Văn hóa - Xã hội chủ trì triển khai.\n",
     ["Phòng Văn hóa - Xã hội"]),
    ("Căn cứ Hướng dẫn số 15/HD-SKHCN ngày 01/6/2025 của Sở Khoa học và Công nghệ;\n"
     "1. Sở Khoa học và Công nghệ hướng dẫn chuyên môn.\n",
     ["Sở Khoa học và Công nghệ"]),  # named in the body too: kept
    ("1. Phòng Kinh tế phối hợp tuyên truyền, tham mưu Hội đồng Thi đua\n- Khen thưởng xã xét khen thưởng.\n",
     ["Phòng Kinh tế", "Hội đồng Thi đua - Khen thưởng xã"]),
]


@pytest.mark.parametrize("body,names", OFFICE_NAMES)
def test_offices_of_the_plan_only(body, names):
    text = _HEAD + "Triển khai phong trào\n" + body
    out = extract_all(text)
    assert [o["name"] for o in out["offices"]] == names


# 6. Every organisation listed after "Đề nghị" is asked ("đề nghị"), whatever verb follows.
ASKED = [
    ("5. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã, Hội Nông dân xã và Hội Cựu chiến binh xã phối hợp tuyên truyền.\n",
     {"Ủy ban Mặt trận Tổ quốc Việt Nam xã": "đề nghị", "Hội Nông dân xã": "đề nghị", "Hội Cựu chiến binh xã": "đề nghị"}),
    ("5. Đề nghị Đoàn Thanh niên Cộng sản Hồ Chí Minh xã, Hội Liên hiệp Phụ nữ xã: phối hợp vận động hội viên.\n",
     {"Đoàn Thanh niên Cộng sản Hồ Chí Minh xã": "đề nghị", "Hội Liên hiệp Phụ nữ xã": "đề nghị"}),
    ("4. Phòng Kinh tế chủ trì, phối hợp với Hội Nông dân xã tổ chức tập huấn.\n",
     {"Phòng Kinh tế": "chủ trì", "Hội Nông dân xã": "phối hợp"}),
]


@pytest.mark.parametrize("item,roles", ASKED)
def test_de_nghi_list_roles(item, roles):
    text = "IV. TỔ CHỨC THỰC HIỆN\n" + item
    tree, _ = extract_sections(text)
    offices = extract_offices(text, fold(text), tree, 0, len(text), "xã")
    assert {o["name"]: o["role"] for o in offices} == roles


@pytest.mark.parametrize(
    "headings, labels",
    [
        # OCR dropped "I." entirely: the standard heading still opens section I and II stays II
        (["MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THI ĐUA", "HI. TỔ CHỨC THỰC HIỆN"], ["I", "II", "III"]),
        # a whole heading lost: a clean "III." after "I." keeps its number
        (["I. MỤC ĐÍCH, YÊU CẦU", "III. TỔ CHỨC THỰC HIỆN"], ["I", "III"]),
        # a garbled reading still follows the sequence
        (["I. MỤC ĐÍCH, YÊU CẦU", "Il. NỘI DUNG THI ĐUA"], ["I", "II"]),
        (["I. MỤC ĐÍCH, YÊU CẦU", "IH. NỘI DUNG THI ĐUA", "HI. KHEN THƯỞNG", "IV. TỔ CHỨC THỰC HIỆN"],
         ["I", "II", "III", "IV"]),
    ],
)
def test_roman_headings_survive_lost_and_garbled_numerals(headings, labels):
    text = "\n".join(f"{h}\nNội dung của mục này được trình bày chi tiết như sau." for h in headings)
    assert [s["label"] for s in extract_all(text)["sections"]] == labels


@pytest.mark.parametrize(
    "text, number, symbol",
    [
        ("Thực hiện Kế hoạch số 89a/KH-UBND ngày 11/8/2025 của UBND tỉnh", "89a", "KH-UBND"),  # as printed
        ("Thực hiện Nghị quyết số 47A/NQ-CP ngày 01/4/2025 của Chính phủ", "47A", "NQ-CP"),
        ("Thực hiện Nghị quyết số 71/NÑQ-CP ngày 01/4/2025 của Chính phủ", "71", "NQ-CP"),  # stray OCR letter
    ],
)
def test_citation_numbers_keep_their_case_and_symbols_lose_stray_letters(text, number, symbol):
    citations = extract_all(text)["citations"]
    assert [(c["number"], c["symbol"]) for c in citations] == [(number, symbol)]


@pytest.mark.parametrize(
    "signature, name",
    [
        ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nHồ Sỹ Tuần", "Hồ Sỹ Tuấn"),  # restorer's misreading, one listed spelling
        ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thị Thu Hàng", "Nguyễn Thị Thu Hằng"),
        ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn Thành", "Trần Văn Thành"),  # Thành and Thanh are both names: kept
        ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nRơ Mah Thuận", "Rơ Mah Thuận"),  # unknown words kept as read
    ],
)
def test_signer_given_names_are_respelt_only_when_one_known_name_fits(signature, name):
    text = "KẾ HOẠCH\nTriển khai phong trào thi đua\nI. MỤC ĐÍCH, YÊU CẦU\nNội dung.\nNơi nhận:\n- Lưu: VT.\n" + signature
    assert extract_all(text, accents_guessed=True)["document"]["signer"]["name"] == name
    # accents read by OCR are kept: the list never overrides them
    assert extract_all(text)["document"]["signer"]["name"] == signature.rsplit("\n", 1)[1]


@pytest.mark.parametrize(
    "sentence, comparator",
    [
        ("Tỷ lệ hồ sơ trực tuyến đạt không thấp hơn 75%.", "≥"),
        ("Tỷ lệ hộ nghèo không cao hơn 2%.", "≤"),
        ("Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 80%.", "≥"),
        ("Tỷ lệ người dân có kỹ năng số trên 90%.", ">"),
    ],
)
def test_target_comparators_read_negations(sentence, comparator):
    text = "I. MỤC ĐÍCH, YÊU CẦU\n" + sentence
    assert [t["comparator"] for t in extract_all(text)["targets"]] == [comparator]


# 7. Commune-level bodies that plans charge with duties (the health station, the mass organisations)
#    are offices: they are in the gazetteer and take their level like the others.
COMMUNE_BODIES = [
    ("3. Trạm Y tế xã chủ trì khám sàng lọc", "xã", ["Trạm Y tế xã"]),
    ("3. Tram Y té phuong chu tri kham sang loc", "phường", ["Trạm Y tế phường"]),  # eng-OCR
    ("5. Đề nghị Hội Người cao tuổi phường vận động hội viên", "phường", ["Hội Người cao tuổi phường"]),
    ("5. Đề nghị Hội NCT xã vận động hội viên", "xã", ["Hội Người cao tuổi xã"]),
    ("Hội Chữ thập đỏ xã vận động ủng hộ", "xã", ["Hội Chữ thập đỏ xã"]),
    ("Hội Khuyến học xã biểu dương học sinh", "xã", ["Hội Khuyến học xã"]),
    ("Hội Cựu thanh niên xung phong xã tuyên truyền", "xã", ["Hội Cựu thanh niên xung phong xã"]),
    ("Hội Cựu TNXP xã tuyên truyền", "xã", ["Hội Cựu thanh niên xung phong xã"]),
    ("Ban Chỉ huy Quân sự xã phối hợp", "xã", ["Ban Chỉ huy quân sự xã"]),
    ("Đề nghị Ủy ban MTTQ phường, Đoàn TN phường tuyên truyền", "phường",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam phường", "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường"]),
    ("nhất là người cao tuổi, người khuyết tật", "xã", []),  # the people, not their association
    ("khám sức khỏe tại trạm y tế gần nhất", "xã", []),  # lower case: running text, not a name
]


@pytest.mark.parametrize("text,level,names", COMMUNE_BODIES)
def test_commune_health_station_and_mass_organisations_are_offices(text, level, names):
    assert [m["name"] for m in find_mentions(text, 0, len(text), level)] == names


def test_health_station_and_elderly_association_get_their_duties():
    text = ("IV. TỔ CHỨC THỰC HIỆN\n1. Trạm Y tế xã: Chủ trì hướng dẫn người dân sử dụng sổ sức khỏe điện tử.\n"
            "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và Hội Người cao tuổi xã\nTuyên truyền, vận động hội viên.\n")
    tree, _ = extract_sections(text)
    offices = {o["name"]: o for o in extract_offices(text, fold(text), tree, 0, len(text), "xã")}
    assert {n: o["role"] for n, o in offices.items()} == {
        "Trạm Y tế xã": "chủ trì", "Ủy ban Mặt trận Tổ quốc Việt Nam xã": "đề nghị", "Hội Người cao tuổi xã": "đề nghị"}
    assert [d["text"] for d in offices["Trạm Y tế xã"]["duties"]] == ["Chủ trì hướng dẫn người dân sử dụng sổ sức khỏe điện tử."]


# 8. "KT" in the Nơi nhận column is the economic office's filing code ("Lưu: VT, KT.") or part of a
#    recipient ("Phòng KT, HT và ĐT"), not "ký thay": the authority is the right column's TM./KT.
AUTHORITIES = [
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Sở Nội vụ tỉnh Bình Định; CHỦ TỊCH\n- Lưu: VT, KT. Lê Văn Tám",
     ("TM.", "Chủ tịch", "Lê Văn Tám"), ["Sở Nội vụ tỉnh Bình Định", "Lưu: VT, KT"]),
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Sở Nội vụ tỉnh Bình Định; CHỦ TỊCH\n- Lưu: VT, KT.\nLê Văn Tám",
     ("TM.", "Chủ tịch", "Lê Văn Tám"), ["Sở Nội vụ tỉnh Bình Định", "Lưu: VT, KT"]),
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Sở Nội vụ tỉnh Bình Định; CHỦ TỊCH\n- Lưu: KT, VT.\nLê Văn Tám",
     ("TM.", "Chủ tịch", "Lê Văn Tám"), ["Sở Nội vụ tỉnh Bình Định", "Lưu: KT, VT"]),
    ("Noi nhan: TM. UY BAN NHAN DAN\n- So Noi vu; CHU TICH\n- Luu: VT, KT. Le Van Tam",  # eng-OCR
     ("TM.", "Chủ tịch", "Lê Van Tam"), ["So Noi vu", "Luu: VT, KT"]),  # surname restored from the list
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Phòng KT, HT và ĐT; CHỦ TỊCH\n- Lưu: VT.\nLê Văn Tám",
     ("TM.", "Chủ tịch", "Lê Văn Tám"), ["Phòng KT, HT và ĐT", "Lưu: VT"]),
    # a real "ký thay" still counts, in the Nơi nhận line or merged into an item before the title
    ("Nơi nhận: KT. CHỦ TỊCH\n- Sở Nội vụ tỉnh Bình Định; PHÓ CHỦ TỊCH\n- Lưu: VT, KT. Lê Văn Tám",
     ("KT.", "Phó Chủ tịch", "Lê Văn Tám"), ["Sở Nội vụ tỉnh Bình Định", "Lưu: VT, KT"]),
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Sở Nội vụ tỉnh Bình Định: KT. CHỦ TỊCH\n- TT Đảng ủy xã; PHÓ CHỦ TỊCH\n- Lưu: VT.\nLê Văn Tám",
     ("KT.", "Phó Chủ tịch", "Lê Văn Tám"), ["Sở Nội vụ tỉnh Bình Định:", "TT Đảng ủy xã", "Lưu: VT"]),
]


@pytest.mark.parametrize("tail,signer,recipients", AUTHORITIES)
def test_filing_code_kt_is_not_the_signer_authority(tail, signer, recipients):
    text = _HEAD + "Triển khai phong trào\nI. MỤC ĐÍCH\nNội dung.\n" + tail
    doc, _, _ = extract_header(text, fold(text))
    assert (doc["signer"]["on_behalf"], doc["signer"]["title"], doc["signer"]["name"]) == signer
    assert doc["recipients"] == recipients
    e = doc["evidence"]["signer.on_behalf"]
    assert text[e["start"] : e["end"]] == e["text"] == signer[0]
