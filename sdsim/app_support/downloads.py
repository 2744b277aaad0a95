"""Download payloads (bytes) for the app: CSV, Excel, Word table, chart PNG/SVG.

Uses :mod:`sdsim.exports` when it provides the function, else the small writers here.
"""

from __future__ import annotations

import io

import pandas as pd

from sdsim.outcomes import OUTCOMES


def labelled(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Columns renamed to 'name (unit)' in the chosen language."""
    from sdsim.app_support.i18n import t, unit

    units = table.attrs.get("units", {})
    names = {"year": t("year", lang)}
    for k in table.columns:
        if k in OUTCOMES:
            names[k] = f"{OUTCOMES[k].name(lang)} ({unit(units.get(k, OUTCOMES[k].unit), lang)})"
    return table.rename(columns=names)


def csv_bytes(table: pd.DataFrame, lang: str = "en") -> bytes:
    return labelled(table, lang).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], lang: str = "en") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        for name, table in sheets.items():
            labelled(table, lang).to_excel(xw, sheet_name=name[:31], index=False)
    return buf.getvalue()


def docx_bytes(table: pd.DataFrame, title: str, lang: str = "en", digits: int = 2) -> bytes:
    from docx import Document

    frame = labelled(table, lang)
    doc = Document()
    doc.add_heading(title, level=1)
    grid = doc.add_table(rows=1, cols=len(frame.columns))
    grid.style = "Table Grid"
    for cell, col in zip(grid.rows[0].cells, frame.columns, strict=True):
        cell.text = str(col)
    for _, row in frame.iterrows():
        cells = grid.add_row().cells
        for cell, v in zip(cells, row, strict=True):
            cell.text = f"{v:,.{digits}f}" if isinstance(v, float) else str(v)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _spec(chart) -> dict:
    """An Altair chart or a Vega-Lite dict -> dict with a fixed width (PNG/SVG need one)."""
    spec = dict(chart) if isinstance(chart, dict) else chart.to_dict()
    if spec.get("width") in (None, "container"):
        spec["width"] = 640
    return spec


def chart_png(chart, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(_spec(chart), scale=scale)


def chart_svg(chart) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(_spec(chart)).encode("utf-8")
