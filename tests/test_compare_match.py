"""Table-driven cases for each matching tier: (plan text and extracted fields, expected status)."""

from __future__ import annotations

import pytest

from pipeline.compare.annotate import build_doc
from pipeline.compare.match import compare_plan, phrase_score
from pipeline.compare.template import load_template
from pipeline.compare.text import fallback_headings, fold, key, ref_key

T = load_template()


def _row(doc: dict, item_id: str):
    comp = compare_plan("p", doc, T)
    return next(c for c in comp.coverage if c.item_id == item_id), comp


@pytest.mark.parametrize("a,b", [
    ("57-NQ/TW", "57-NQ-TW"), ("57-NQ/TW", "số 57 NQ/TW"), ("03/NQ-CP", "03/nq-cp"), ("30/2020/NĐ-CP", "30/2020/ND-CP"),
])
def test_ref_keys_agree(a, b):
    assert ref_key(a) == ref_key(b)


@pytest.mark.parametrize("a,b", [("57-NQ/TW", "571-NQ/TW"), ("03/NQ-CP", "03/QĐ-CP"), ("71/NQ-CP", "71/KH-UBND")])
def test_ref_keys_differ(a, b):
    assert ref_key(a) != ref_key(b)


def test_fold_keeps_offsets():
    s = "Đổi mới Ủy ban “Bình dân học vụ số”"
    assert len(fold(s)) == len(s) and fold(s).startswith("doi moi uy ban")


@pytest.mark.parametrize("phrase,text,low,high,method", [
    ("hạ tầng số", "2. Thi đua phát triển hạ tầng số, bảo đảm", 100, 100, "canonical"),
    ("hạ tầng số", "2. Thi dua phat trién ha ting s6, bao dam", 80, 99, "fuzzy"),       # eng-OCR damage
    ("hợp tác quốc tế", "7. Tang cuong hop tac qupc té trong phat trién", 85, 99, "fuzzy"),
    ("hợp tác quốc tế", "7. Thi đua phát triển du lịch thông minh", 0, 70, "fuzzy"),
    ("xã hội số", "Thi đua xây dựng xã hội sống", 0, 90, "fuzzy"),                      # a longer word is not a hit
    ("số", "Thi đua xây dựng nông thôn mới", 0, 50, "fuzzy"),
])
def test_phrase_score_tiers(phrase, text, low, high, method):
    score, how = phrase_score(key(phrase), key(text))
    assert low <= score <= high and how == method


HEAD = "I. MỤC ĐÍCH, YÊU CẦU\nHuy động sức mạnh.\nII. NỘI DUNG THI ĐUA\n"


@pytest.mark.parametrize("body,status", [
    ("1. Thi đua phát triển hạ tầng số đồng bộ.\n", "covered"),
    ("1. Thi dua phat trién ha ting s6 dong bo.\n", "covered"),           # OCR-damaged, still above 'covered'
    ("1. Thi đua phát triển du lịch thông minh.\n", "missing"),
])
def test_content_in_scope(body, status):
    text = HEAD + body + "III. TỔ CHỨC THỰC HIỆN\nPhòng Văn hóa - Xã hội chủ trì.\n"
    row, _ = _row(build_doc("p", text, {}), "content.ha_tang")
    assert row.status == status


def test_content_outside_scope_is_partial():
    text = HEAD + "1. Thi đua nâng cao nhận thức.\nIII. GIẢI PHÁP\nĐầu tư phát triển hạ tầng số cho các thôn.\n"
    row, _ = _row(build_doc("p", text, {}), "content.ha_tang")
    assert (row.status, row.detail) == ("partial", "outside the contents section")
    assert text[row.evidence.start:row.evidence.end].startswith("Đầu tư phát triển hạ tầng số")


def test_unmatched_content_item_is_an_addition():
    text = HEAD + "1. Thi đua nâng cao nhận thức, đổi mới tư duy.\n2. Thi đua phát triển du lịch thông minh gắn với di sản.\n"
    _, comp = _row(build_doc("p", text, {}), "content.nhan_thuc")
    assert [(a.kind, a.text[:40]) for a in comp.additions] == [("content", "2. Thi đua phát triển du lịch thông minh")]


def test_fallback_headings_read_ocr_numerals():
    text = "|. MUC PiCH, YEU CAU\n1. Muc dich\nIl. NOI DUNG PHONG TRAO THI PUA\nabc\nI11. TO CHUC THUC HIEN\n"
    assert [h["title"] for h in fallback_headings(text)] == ["MUC PiCH, YEU CAU", "NOI DUNG PHONG TRAO THI PUA", "TO CHUC THUC HIEN"]


CITE_TEXT = "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024; Nghị quyết số 71 của Chính phủ; Kế hoạch số 03/KH-UBND.\n"


@pytest.mark.parametrize("citations,item,status,method", [
    ([{"ref": "57-NQ/TW", "doc_type": "Nghị quyết", "number": "57", "mentions": ["Nghị quyết số 57-NQ/TW"]}], "cite.57-NQ/TW", "covered", "exact"),
    ([{"ref": "57-NQ-TW", "doc_type": "Nghị quyết", "number": "57", "mentions": ["57-NQ/TW"]}], "cite.57-NQ/TW", "covered", "exact"),
    ([], "cite.57-NQ/TW", "covered", "text"),          # not extracted, but cited in full in the text
    ([], "cite.71/NQ-CP", "partial", "text"),          # "Nghị quyết số 71": number only
    ([], "cite.03/NQ-CP", "missing", "none"),          # 03/KH-UBND is another document
])
def test_citation_tiers(citations, item, status, method):
    row, _ = _row(build_doc("p", CITE_TEXT, {"citations": citations}), item)
    assert (row.status, row.method) == (status, method)


PHASE_TEXT = "- Giai đoạn 1 (2025 - 2027): a.\n- Giai đoạn 2 (2028 - 2030): b.\n- Giai đoạn 3 (2029 - 2030): c.\n"


@pytest.mark.parametrize("phases,expected,codes", [
    ([(2025, 2027), (2027, 2030)], ["covered", "covered"], []),
    ([(2025, 2027), (2028, 2030)], ["covered", "partial"], ["phase_years"]),
    ([(2025, 2026), (2027, 2028), (2029, 2030)], ["partial", "partial"], ["phase_years", "phase_years", "phase_extra"]),
    ([(2025, 2030)], ["partial", "missing"], ["phase_years", "phase_missing"]),
])
def test_phase_split(phases, expected, codes):
    ann = {"phases": [{"label": f"Giai đoạn {n}", "start_year": a, "end_year": b} for n, (a, b) in enumerate(phases, 1)]}
    comp = compare_plan("p", build_doc("p", PHASE_TEXT, ann), T)
    got = [c.status for c in comp.coverage if c.kind == "phase"]
    assert got == expected
    assert sorted(d.code for d in comp.deviations if d.kind == "phase") == sorted(codes)


def test_phases_read_from_text_when_not_extracted():
    comp = compare_plan("p", build_doc("p", PHASE_TEXT, {}), T)
    assert [c.detail for c in comp.coverage if c.kind == "phase"] == ["2025–2027", "2028–2030"]
    assert [c.method for c in comp.coverage if c.kind == "phase"] == ["text", "text"]


AWARD_TEXT = "Hằng năm tặng Giấy khen. Tổng kết tặng Bằng khen.\n"


@pytest.mark.parametrize("awards,item,status,code", [
    ([("Bằng khen", "tổng kết", "Thủ tướng Chính phủ")], "award.tong_ket.bang_khen_ttg", "covered", None),
    ([("Bằng khen", "tổng kết", "Chủ tịch UBND tỉnh")], "award.tong_ket.bang_khen_ttg", "partial", "award_conferrer"),
    ([("Bằng khen", "tổng kết", None)], "award.tong_ket.bang_khen_ttg", "covered", None),   # no conferrer given: not held against it
    ([("Bằng khen", "hằng năm", None)], "award.so_ket.bang_khen", "partial", "award_occasion"),
    ([("Giấy khen", "hằng năm", None)], "award.so_ket.bang_khen", "missing", "award_form_missing"),
    ([("Giấy khen", "hằng năm", "Chủ tịch UBND xã")], "award.hang_nam.giay_khen", "covered", None),
])
def test_awards(awards, item, status, code):
    ann = {"awards": [{"text": f, "form": f, "occasion": o, "conferrer": c, "mentions": []} for f, o, c in awards]}
    row, comp = _row(build_doc("p", AWARD_TEXT, ann), item)
    assert row.status == status
    assert [d.code for d in comp.deviations if d.item_id == item] == ([code] if code else [])


def test_award_forms_from_text_are_partial_without_occasion():
    row, _ = _row(build_doc("p", AWARD_TEXT, {}), "award.hang_nam.giay_khen")
    assert (row.status, row.method) == ("partial", "text")


OFFICE_TEXT = "Phòng Văn hóa - Xã hội; Văn phòng HĐND và UBND xã; Phòng VH-XH.\n"


@pytest.mark.parametrize("offices,status,code", [
    ([("Phòng Văn hóa - Xã hội", "chủ trì")], "covered", None),
    ([("Phòng VH-XH", ["thường trực"])], "covered", None),                      # abbreviation expanded
    ([("Phòng Văn hóa - Xã hội", "phối hợp")], "partial", "office_role"),
    ([("Văn phòng HĐND và UBND xã", "chủ trì")], "partial", "office_in_charge_differs"),
    ([("Văn phòng HĐND và UBND xã", "phối hợp")], "missing", "office_in_charge_missing"),
])
def test_office_in_charge(offices, status, code):
    ann = {"offices": [{"name": n, "role": r, "mentions": []} for n, r in offices]}
    row, comp = _row(build_doc("p", OFFICE_TEXT, ann), "office.thuong_truc")
    assert row.status == status
    assert [d.code for d in comp.deviations if d.item_id == "office.thuong_truc"] == ([code] if code else [])


def test_empty_plan_misses_everything_required():
    comp = compare_plan("p", build_doc("p", "", {}), T)
    assert {c.status for c in comp.coverage} == {"missing"}
    required = [i.id for i in T.items if i.required]
    assert {d.item_id for d in comp.deviations} == set(required)
