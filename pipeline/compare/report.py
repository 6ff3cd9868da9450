"""A static HTML report of a comparison: open ``index.html`` from disk, no server, no script.

``index.html`` has a summary row per plan, a coverage heatmap and a chart of the most-missed items
(matplotlib PNGs embedded as data URIs, so the folder can be mailed as is), and every deviation and
addition. Each plan gets ``plans/<name>.html`` with its coverage and its normalised text, the extracted
spans highlighted in the manner of spaCy's displaCy (``<mark>`` with a label) and the evidence of each
template item anchored so the summary links straight to it. There is no JavaScript, so nothing can
fail in the browser's console.
"""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MissingDependencyError, OutputError
from .match import COVERED, MISSING, PARTIAL, flatten_sections, _span_of

if TYPE_CHECKING:
    from . import CompareResult

STATUS_COLOURS = {COVERED: "#2e7d32", PARTIAL: "#f9a825", MISSING: "#c62828"}
LABEL_COLOURS = {
    "SECTION": "#e0e0e0", "CITATION": "#bbdefb", "OFFICE": "#d1c4e9", "AWARD": "#ffe0b2", "PHASE": "#c8e6c9",
    "MILESTONE": "#b2dfdb", "TARGET": "#f8bbd0", "EVIDENCE": "#fff59d",
}
CSS = """
body{font-family:"Liberation Sans",Arial,sans-serif;margin:24px;color:#212121;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f5f5f5}.num{text-align:right}
.status{color:#fff;font-weight:bold;padding:1px 6px;border-radius:3px;font-size:12px}
.covered{background:#2e7d32}.partial{background:#f9a825;color:#212121}.missing{background:#c62828}
img{max-width:100%;border:1px solid #eee}
.doc{white-space:pre-wrap;font-family:"Liberation Serif",serif;font-size:15px;line-height:1.9;border:1px solid #ddd;padding:16px;background:#fcfcfc}
mark{padding:1px 2px;border-radius:3px}
mark .lbl{font-family:"Liberation Sans",Arial,sans-serif;font-size:9px;font-weight:bold;margin-left:3px;vertical-align:middle;opacity:.7}
.legend span{display:inline-block;margin-right:8px;padding:1px 6px;border-radius:3px;font-size:12px}
.muted{color:#757575}
"""


def _e(value: Any) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return html.escape(str(value))


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f'<link rel="icon" href="data:,"><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n')


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingDependencyError("the HTML report needs matplotlib for its charts",
                                     hint=".venv/bin/pip install matplotlib") from None
    return plt


def heatmap_png(result: "CompareResult") -> str:
    """Plans × template items, coloured by status (green covered, amber partial, red missing)."""
    plt = _pyplot()
    from matplotlib.colors import ListedColormap

    matrix = result.tables["coverage_matrix"]
    items = [c for c in matrix.columns if c != "plan"]
    values = [[{MISSING: 0, PARTIAL: 1, COVERED: 2}.get(matrix.iloc[r][c], 0) for c in items] for r in range(len(matrix))]
    fig, ax = plt.subplots(figsize=(max(6, 0.32 * len(items) + 3), max(1.6, 0.42 * len(matrix) + 1.4)))
    ax.imshow(values, cmap=ListedColormap([STATUS_COLOURS[MISSING], STATUS_COLOURS[PARTIAL], STATUS_COLOURS[COVERED]]),
              vmin=0, vmax=2, aspect="auto")
    ax.set_xticks(range(len(items)), labels=items, rotation=75, ha="right", fontsize=7)
    ax.set_yticks(range(len(matrix)), labels=list(matrix["plan"]), fontsize=8)
    ax.set_xticks([x - 0.5 for x in range(1, len(items))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(matrix))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    ax.set_title("Coverage of the template (green covered, amber partial, red missing)", fontsize=9)
    url = _png(fig)
    plt.close(fig)
    return url


def most_missed_png(result: "CompareResult", top: int = 15) -> str | None:
    """The items most often missing (then partial) across the batch; None when nothing is missed."""
    cov = result.tables["coverage"]
    counts = (cov.assign(missing=cov["status"] == MISSING, partial=cov["status"] == PARTIAL)
              .groupby(["item_id", "label"], sort=False)[["missing", "partial"]].sum().reset_index())
    counts = counts[(counts["missing"] + counts["partial"]) > 0]
    if counts.empty:
        return None
    counts = counts.sort_values(["missing", "partial", "item_id"], ascending=[False, False, True]).head(top).iloc[::-1]
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(counts) + 1.2))
    names = [f"{lbl} ({iid})" for iid, lbl in zip(counts["item_id"], counts["label"])]
    ax.barh(names, counts["missing"], color=STATUS_COLOURS[MISSING], label="missing")
    ax.barh(names, counts["partial"], left=counts["missing"], color=STATUS_COLOURS[PARTIAL], label="partial")
    ax.set_xlabel(f"plans (of {len(result.plans)})", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title("Most-missed template items", fontsize=9)
    url = _png(fig)
    plt.close(fig)
    return url


def _rows(df, cols: list[str], link: dict[str, str] | None = None) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in cols)
    body = []
    for _, r in df.iterrows():
        cells = []
        for c in cols:
            v = r[c]
            if c == "status":
                cells.append(f'<td><span class="status {_e(v)}">{_e(v)}</span></td>')
            elif c == "plan" and link is not None:
                cells.append(f'<td><a href="{_e(link[str(v)])}">{_e(v)}</a></td>')
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cells.append(f'<td class="num">{_e(v)}</td>')
            else:
                cells.append(f"<td>{_e(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>" if body else '<p class="muted">none</p>'


def plan_filename(plan: str, n: int) -> str:
    return f"plans/{n:03d}_{re.sub(r'[^0-9A-Za-z._-]+', '_', plan)[:80]}.html"


def highlight_spans(doc: dict) -> list[tuple[int, int, str, str]]:
    """(start, end, label, tooltip) for every extracted value that carries a span."""
    text = (doc.get("text") or {}).get("normalized") or ""
    spans: list[tuple[int, int, str, str]] = []
    for s in flatten_sections(doc.get("sections") or []):
        start, _ = _span_of(s)
        if start is not None:
            end = text.find("\n", start)
            spans.append((start, end if end > 0 else len(text), "SECTION", f"{s.get('label')} {s.get('title') or ''}"))
    kinds = {"citations": ("CITATION", "ref"), "offices": ("OFFICE", "name"), "awards": ("AWARD", "form"),
             "phases": ("PHASE", "label"), "milestones": ("MILESTONE", "type"), "targets": ("TARGET", "value")}
    for key, (label, field) in kinds.items():
        for entry in doc.get(key) or []:
            mentions = [m for m in entry.get("mentions") or [] if isinstance(m, dict) and isinstance(m.get("start"), int)]
            if not mentions:
                start, end = _span_of(entry)
                mentions = [{"start": start, "end": end}] if start is not None else []
            for m in mentions:
                spans.append((m["start"], m.get("end", m["start"]), label, f"{label.lower()}: {entry.get(field)}"))
    return [s for s in spans if 0 <= s[0] < s[1] <= len(text)]


def render_text(text: str, spans: list[tuple[int, int, str, str]], anchors: dict[int, list[str]]) -> str:
    """The text with ``<mark>``s; overlapping spans split into pieces that keep every label."""
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans), *anchors})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        for anchor in anchors.get(a, []):
            out.append(f'<a id="{_e(anchor)}"></a>')
        piece = _e(text[a:b])
        active = [s for s in spans if s[0] <= a and b <= s[1]]
        if not active:
            out.append(piece)
            continue
        # the innermost (shortest) span decides the colour, the tooltip lists all
        active.sort(key=lambda s: s[1] - s[0])
        label = active[0][2]
        tip = " | ".join(dict.fromkeys(s[3] for s in active))
        ends_here = any(s[1] == b for s in active if s[2] == label)
        tag = f'<span class="lbl">{label}</span>' if ends_here else ""
        out.append(f'<mark style="background:{LABEL_COLOURS[label]}" title="{_e(tip)}">{piece}{tag}</mark>')
    return "".join(out)


def _plan_page(result: "CompareResult", comp, n: int) -> str:
    doc = result.docs[comp.plan]
    text = (doc.get("text") or {}).get("normalized") or ""
    header = doc.get("document") or {}
    spans = highlight_spans(doc)
    anchors: dict[int, list[str]] = {}
    cov_rows = []
    for c in comp.coverage:
        link = ""
        if c.evidence.start is not None and c.evidence.end is not None and c.evidence.end <= len(text):
            anchor = f"ev-{c.item_id}"
            anchors.setdefault(c.evidence.start, []).append(anchor)
            spans.append((c.evidence.start, c.evidence.end, "EVIDENCE", f"evidence of {c.item_id}"))
            link = f'<a href="#{_e(anchor)}">evidence</a>'
        cov_rows.append(f'<tr><td>{_e(c.item_id)}</td><td>{_e(c.label)}</td><td><span class="status {c.status}">{c.status}</span></td>'
                        f'<td class="num">{c.score:g}</td><td>{_e(c.method)}</td><td>{_e(c.detail)}</td><td>{link} {_e(c.evidence.text[:90])}</td></tr>')
    cov = ("<table><tr><th>item</th><th>template</th><th>status</th><th>score</th><th>method</th><th>found</th><th>evidence</th></tr>"
           + "".join(cov_rows) + "</table>")
    dev = result.tables["deviations"]
    add = result.tables["additions"]
    legend = "".join(f'<span style="background:{c}">{l}</span>' for l, c in LABEL_COLOURS.items())
    restored = "restored diacritics" if (doc.get("text") or {}).get("restored") else "normalised text"
    body = (f'<p><a href="../index.html">← all plans</a></p><h1>{_e(comp.plan)}</h1>'
            f"<table><tr><th>số</th><td>{_e(header.get('number'))}</td></tr><tr><th>cơ quan ban hành</th><td>{_e(header.get('issuer'))}</td></tr>"
            f"<tr><th>ngày</th><td>{_e(header.get('date'))}</td></tr><tr><th>trích yếu</th><td>{_e(header.get('title'))}</td></tr></table>"
            f"<h2>Coverage of {_e(result.template.id)} {_e(result.template.version)}</h2>{cov}"
            f"<h2>Deviations</h2>{_rows(dev[dev['plan'] == comp.plan], ['item_id', 'code', 'expected', 'found', 'message'])}"
            f"<h2>Additions (not in the template)</h2>{_rows(add[add['plan'] == comp.plan], ['kind', 'text'])}"
            f'<h2>Text ({restored}) with extracted spans</h2><p class="legend">{legend}</p>'
            f'<div class="doc">{render_text(text, spans, anchors)}</div>')
    return _page(f"{comp.plan} — kehoach compare", body)


def write_report(result: "CompareResult", outdir: Path) -> Path:
    """Write ``outdir/index.html`` and ``outdir/plans/*.html``; returns the index path."""
    outdir = Path(outdir)
    try:
        (outdir / "plans").mkdir(parents=True, exist_ok=True)
        links = {comp.plan: plan_filename(comp.plan, n) for n, comp in enumerate(result.comparisons, 1)}
        for n, comp in enumerate(result.comparisons, 1):
            (outdir / links[comp.plan]).write_text(_plan_page(result, comp, n), encoding="utf-8")
        t = result.tables
        missed = most_missed_png(result)
        skipped = "".join(f"<li>{_e(p)}: {_e(r)}</li>" for p, r in result.errors)
        sources = "".join(f"<li><b>{_e(k)}</b>: {_e(v)}</li>" for k, v in result.template.sources.items())
        body = (f"<h1>Plans compared with the template “{_e(result.template.movement)}”</h1>"
                f'<p class="muted">template {_e(result.template.id)} {_e(result.template.version)} ({_e(result.template.path)}); '
                f"{len(result.plans)} plans; thresholds covered ≥ {result.template.covered:g}, partial ≥ {result.template.partial:g}. "
                f'Tables: <a href="tables/">tables/</a> (CSV, Parquet, tables.xlsx).</p>'
                f"<h2>Summary per plan</h2>"
                + _rows(t["plans"], ["plan", "number", "issuer", "date", "coverage_pct", "covered", "partial", "missing", "deviations", "additions"], links)
                + f'<h2>Coverage heatmap</h2><img alt="coverage heatmap" src="{heatmap_png(result)}">'
                + "<h2>Most-missed items</h2>"
                + (f'<img alt="most-missed items" src="{missed}">' if missed else '<p class="muted">every plan covers every item</p>')
                + "<h2>Deviations</h2>" + _rows(t["deviations"], ["plan", "item_id", "code", "expected", "found", "message"], links)
                + "<h2>Additions</h2>" + _rows(t["additions"], ["plan", "kind", "text"], links)
                + (f"<h2>Skipped inputs</h2><ul>{skipped}</ul>" if skipped else "")
                + f"<h2>Template sources</h2><ul>{sources}</ul>")
        index = outdir / "index.html"
        index.write_text(_page("kehoach compare", body), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write the report in {outdir}: {exc.strerror or exc}", hint="choose a writable -o folder") from None
    return index
