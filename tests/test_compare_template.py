"""Template loading and validation: the bundled template is valid, and every kind of mistake an
analyst can make in ``--template FILE`` gives a BadArgsError that names the item and the field."""

from __future__ import annotations

import copy
import json

import pytest

from pipeline.compare.template import KIND_FIELDS, load_template, validate_template
from pipeline.errors import BadArgsError, ExitCode


def _bundled_raw() -> dict:
    from importlib import resources

    return json.loads(resources.files("pipeline.compare").joinpath("data").joinpath("template_dmst_cds.json").read_text("utf-8"))


def test_bundled_template_is_valid_and_sourced():
    raw = _bundled_raw()
    assert validate_template(raw) == []
    t = load_template()
    assert t.id == "dmst-cds" and t.partial <= t.covered
    assert {i.kind for i in t.items} == set(KIND_FIELDS)
    assert all(i.source in t.sources for i in t.items)
    assert len(t.of_kind("content")) == 7  # the movement's seven contents
    assert {i.get("ref") for i in t.of_kind("citation")} >= {"57-NQ/TW", "71/NQ-CP", "03/NQ-CP"}
    assert [(i.get("start_year"), i.get("end_year")) for i in t.of_kind("phase")] == [(2025, 2027), (2027, 2030)]


def _mutate(fn):
    raw = copy.deepcopy(_bundled_raw())
    fn(raw)
    return raw


def _item(raw, item_id):
    return next(i for i in raw["items"] if i["id"] == item_id)


BAD = [
    ("wrong format", lambda r: r.update(format="other/2"), "'format' must be 'kehoach-template/1'"),
    ("no items", lambda r: r.update(items=[]), "'items' must be a non-empty list"),
    ("no sources", lambda r: r.update(sources={}), "'sources' must be an object"),
    ("unknown kind", lambda r: _item(r, "phase.1").update(kind="stage"), "items[15] (phase.1): unknown kind 'stage'"),
    ("missing kind field", lambda r: _item(r, "phase.2").pop("end_year"), "(phase.2): a phase item needs 'end_year' (an integer)"),
    ("wrong type", lambda r: _item(r, "phase.1").update(start_year="2025"), "(phase.1): 'start_year' must be an integer, not \"2025\""),
    ("years reversed", lambda r: _item(r, "phase.1").update(start_year=2031), "start_year 2031 is after end_year 2027"),
    ("duplicate id", lambda r: _item(r, "phase.2").update(id="phase.1"), "duplicate id 'phase.1'"),
    ("unknown source", lambda r: _item(r, "cite.57-NQ/TW").update(source="nowhere"), "source 'nowhere' is not a key of 'sources'"),
    ("unknown field", lambda r: _item(r, "award.hang_nam.giay_khen").update(colour="red"), "unknown field 'colour' for kind 'award'"),
    ("empty keys", lambda r: _item(r, "sec.muc_dich").update(keys=[]), "'keys' must name at least one phrase"),
    ("blank key", lambda r: _item(r, "sec.muc_dich").update(keys=["mục đích", " "]), "'keys' must list non-empty strings"),
    ("bad scope", lambda r: _item(r, "content.hop_tac").update(scope="sec.nowhere"), "scope 'sec.nowhere' is not the id of an item"),
    ("thresholds reversed", lambda r: r.update(thresholds={"covered": 70, "partial": 80}), "'partial' (80) must not exceed 'covered' (70)"),
    ("threshold range", lambda r: r.update(thresholds={"covered": 190, "partial": 80}), "must be numbers from 0 to 100"),
    ("no label", lambda r: _item(r, "office.mttq").pop("label"), "(office.mttq): 'label' must be a non-empty string"),
    ("required not bool", lambda r: _item(r, "office.mttq").update(required="no"), "'required' must be true/false"),
]


@pytest.mark.parametrize("name,mutate,message", BAD, ids=[b[0] for b in BAD])
def test_invalid_template_is_refused_with_a_clear_message(tmp_path, name, mutate, message):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(_mutate(mutate), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BadArgsError) as info:
        load_template(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert info.value.exit_code == ExitCode.bad_args and info.value.hint


def test_all_problems_are_reported_at_once():
    raw = _mutate(lambda r: (_item(r, "phase.1").update(start_year="x"), _item(r, "office.mttq").update(source="?")))
    problems = validate_template(raw)
    assert len(problems) == 2 and any("phase.1" in p for p in problems) and any("office.mttq" in p for p in problems)


@pytest.mark.parametrize("content,message", [
    ('{"format": "kehoach-template/1", "items": [', "is not valid JSON"),
    ("[1, 2]", "must be a JSON object"),
    (b"\xff\xfe\x00", "cannot be read"),
])
def test_unreadable_template(tmp_path, content, message):
    path = tmp_path / "t.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(BadArgsError, match=message):
        load_template(path)


def test_missing_template_file(tmp_path):
    with pytest.raises(BadArgsError, match="does not exist"):
        load_template(tmp_path / "none.json")


def test_another_movement_loads(tmp_path):
    """An analyst's own template for another movement: two items, its own thresholds."""
    raw = {"format": "kehoach-template/1", "id": "nong-thon-moi", "version": "1", "movement": "Chung sức xây dựng nông thôn mới",
           "sources": {"qd": "Quyết định …"}, "thresholds": {"covered": 85, "partial": 60},
           "items": [{"id": "sec.muc_dich", "kind": "section", "label": "Mục đích", "keys": ["mục đích"], "source": "qd"},
                     {"id": "phase.1", "kind": "phase", "label": "2026-2030", "start_year": 2026, "end_year": 2030, "source": "qd", "required": False}]}
    path = tmp_path / "ntm.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    t = load_template(path)
    assert (t.id, t.covered, t.partial, len(t.items), t.items[1].required) == ("nong-thon-moi", 85.0, 60.0, 2, False)
