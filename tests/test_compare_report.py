"""The HTML report: self-contained, linked, and rendered by a real headless Chromium without console
errors (the screenshot is kept in the test's tmp folder for a person to look at)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.compare import run_compare
from pipeline.compare.report import render_text

from .test_compare_tables import fixture_docs


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    (root / "out").mkdir()
    for name, doc in fixture_docs().items():
        (root / "out" / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_compare([str(root / "out")], None, root / "report", formats=("csv",))
    assert result.report == root / "report" / "index.html"
    return result.report


def test_report_is_self_contained_and_linked(report):
    index = report.read_text(encoding="utf-8")
    assert "<script" not in index
    images = re.findall(r'<img alt="([^"]+)" src="([^"]+)"', index)
    assert [a for a, _ in images] == ["coverage heatmap", "most-missed items"]
    assert all(src.startswith("data:image/png;base64,") and len(src) > 2000 for _, src in images)
    links = sorted(set(re.findall(r'href="(plans/[^"]+)"', index)))
    assert len(links) == 3 and all((report.parent / link).is_file() for link in links)
    for link in links:
        page = (report.parent / link).read_text(encoding="utf-8")
        anchors = set(re.findall(r'<a id="([^"]+)"></a>', page))
        targets = set(re.findall(r'href="#([^"]+)"', page))
        assert targets and targets <= anchors  # every evidence link has its anchor in the text
        assert "<script" not in page and 'src="http' not in page


def test_missing_and_added_things_are_visible(report):
    index = report.read_text(encoding="utf-8")
    assert "award_form_missing" in index and "Kỷ niệm chương" in index and "phase_extra" in index
    page = next((report.parent / "plans").glob("*tan_lap*")).read_text(encoding="utf-8")
    assert '<span class="status missing">missing</span>' in page
    assert re.search(r'<mark style="[^"]+" title="award: Kỷ niệm chương">xét tặng Kỷ niệm chương', page)


@pytest.mark.parametrize("text,spans,expected", [
    ("abc", [], "abc"),
    ("a<b", [(0, 3, "CITATION", "c")], '<mark style="background:#bbdefb" title="c">a&lt;b<span class="lbl">CITATION</span></mark>'),
    # overlapping spans split into pieces; the inner one colours its piece, the tooltip lists both
    ("abcd", [(0, 4, "EVIDENCE", "e"), (1, 2, "OFFICE", "o")],
     '<mark style="background:#fff59d" title="e">a</mark><mark style="background:#d1c4e9" title="o | e">b<span class="lbl">OFFICE</span></mark>'
     '<mark style="background:#fff59d" title="e">cd<span class="lbl">EVIDENCE</span></mark>'),
])
def test_render_text(text, spans, expected):
    assert render_text(text, spans, {}) == expected


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("chromium is not installed (apt-get install -y chromium)")


def _screenshot(browser: str, url: str, png: Path, profile: Path) -> list[str]:
    """Console messages Chromium logged while loading ``url`` (it writes them to stderr as CONSOLE lines)."""
    proc = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,2200",
                           f"--screenshot={png}", url], capture_output=True, text=True, timeout=120)
    assert png.exists() and png.stat().st_size > 10_000, proc.stderr[-2000:]
    return [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.slow
def test_report_in_headless_chromium(report, tmp_path):
    browser = _chromium()
    # the probe proves console errors would be seen: a page that logs one must be caught
    probe = tmp_path / "probe.html"
    probe.write_text('<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>'
                     '<script>console.error("probe-error")</script></body></html>', encoding="utf-8")
    assert any("probe-error" in m for m in _screenshot(browser, probe.as_uri(), tmp_path / "probe.png", tmp_path / "p1"))
    png = tmp_path / "index.png"
    assert _screenshot(browser, report.as_uri(), png, tmp_path / "p2") == []
    page = next((report.parent / "plans").glob("*dong_hoa*"))
    assert _screenshot(browser, page.as_uri(), tmp_path / "plan.png", tmp_path / "p3") == []
    # not blank: a rendered report has many distinct colours (text, heatmap, status badges)
    from PIL import Image

    with Image.open(png) as im:
        colours = im.convert("RGB").resize((320, 550)).getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 50
