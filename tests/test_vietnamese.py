import pytest

from normalize.vietnamese import looks_like_syllable, place_tone, retone, split_tone, strip_accents, strip_tone


@pytest.mark.parametrize(
    "syllable, old_style, new_style",
    [
        ("hoà", "hòa", "hoà"),
        ("hòa", "hòa", "hoà"),
        ("thuỷ", "thủy", "thuỷ"),
        ("khoẻ", "khỏe", "khoẻ"),
        ("Uỷ", "Ủy", "Uỷ"),
        ("HOÀ", "HÒA", "HOÀ"),
        ("hoàn", "hoàn", "hoàn"),  # a coda fixes the position in both conventions
        ("quý", "quý", "quý"),  # u belongs to the onset "qu"
        ("giữa", "giữa", "giữa"),  # i belongs to the onset "gi"
        ("người", "người", "người"),  # ươ: the tone sits on ơ
        ("khuỷu", "khuỷu", "khuỷu"),
        ("ngoài", "ngoài", "ngoài"),
        ("của", "của", "của"),
    ],
)
def test_retone_places_the_tone_by_convention(syllable, old_style, new_style):
    assert retone(syllable) == old_style
    assert retone(syllable, style="new") == new_style


@pytest.mark.parametrize(
    "text, stripped",
    [("Đổi mới sáng tạo", "Doi moi sang tao"), ("Nghị quyết số 57-NQ/TW", "Nghi quyet so 57-NQ/TW"), ("ƯỚC", "UOC")],
)
def test_strip_accents_removes_every_mark_and_maps_d_bar(text, stripped):
    assert strip_accents(text) == stripped


def test_strip_tone_keeps_vowel_quality():
    assert strip_tone("Đảng bộ người") == "Đang bô ngươi"


@pytest.mark.parametrize("syllable, tone", [("ma", 0), ("mà", 1), ("má", 2), ("mả", 3), ("mã", 4), ("mạ", 5)])
def test_split_and_place_tone_round_trip(syllable, tone):
    base, found = split_tone(syllable)
    assert (base, found) == ("ma", tone)
    assert place_tone(base, found) == syllable


@pytest.mark.parametrize("token, ok", [("nghiêng", True), ("Đảng", True), ("xyzq", False), ("UBND", False), ("s6", False)])
def test_looks_like_syllable(token, ok):
    assert looks_like_syllable(token) is ok
