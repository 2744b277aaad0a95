"""Excel workbook of an :class:`~sdsim.exports.bundle.ExportBundle` (xlsxwriter).

Sheets: 说明 About; one sheet per scenario (indicator × year); 对比 Comparison (scenarios side
by side with the change vs baseline); 目标差距 Target gap; 来源 Provenance. Every sheet has a
frozen bilingual header row, an autofilter, column widths fitted to the text and number formats
with each unit's precision. Numbers are written at full precision; only the display is rounded.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from sdsim.exports._io import write_atomic
from sdsim.exports.bundle import ExportBundle
from sdsim.exports.labels import excel_format, name_cn, name_en, unit_cn
from sdsim.zones import ZONES

ABOUT, COMPARISON, GAP, PROVENANCE = (
    "说明 About",
    "对比 Comparison",
    "目标差距 Target gap",
    "来源 Provenance",
)
INDICATOR_HEADERS = [
    "代码 Key",
    "指标 Indicator (中文)",
    "Indicator (English)",
    "单位 Unit (中文)",
    "Unit (English)",
]

#: Bilingual headers for the columns of the target gap and provenance tables.
HEADERS = {
    "scenario": "情景 Scenario",
    "indicator": "代码 Key",
    "year": "年份 Year",
    "value": "模拟值 Value",
    "unit": "单位 Unit",
    "bound": "约束 Bound",
    "target_low": "目标下限 Target low",
    "target_high": "目标上限 Target high",
    "met": "是否达标 Met",
    "margin": "差距 Margin",
    "first_year_met": "首次达标年份 First year met",
    "binding": "约束性 Binding",
    "source": "来源 Source",
    "item_type": "类型 Type",
    "item": "项目 Item",
    "label": "名称 Name",
    "kind": "口径 Kind",
    "observed": "观测值 Observed",
    "model": "模型值 Model",
    "error": "误差 Error",
    "error_unit": "误差单位 Error unit",
    "within_tolerance": "在容差内 Within tolerance",
    "use": "用途 Use",
    "quote": "原文 Quote",
    "note": "备注 Note",
    "stays_met_from": "持续达标起始年 Met from (to the end)",
    "target_id": "目标编号 Target id",
    "target_year": "目标年份 Target year",
    "document": "文件 Document",
    "name_cn": "指标 Indicator (中文)",
    "name_en": "Indicator (English)",
}
INT_COLUMNS = ("year", "first_year_met", "stays_met_from", "target_year")
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_names(scenarios) -> dict[str, str]:
    """Scenario -> a valid, unique Excel sheet name (31 characters, no []:*?/\\)."""
    taken = {ABOUT.lower(), COMPARISON.lower(), GAP.lower(), PROVENANCE.lower()}
    out = {}
    for name in scenarios:
        base = INVALID_SHEET_CHARS.sub("_", str(name)).strip("'") or "scenario"
        candidate, i = base[:31], 2
        while candidate.lower() in taken:
            suffix = f" ({i})"
            candidate, i = base[: 31 - len(suffix)] + suffix, i + 1
        taken.add(candidate.lower())
        out[name] = candidate
    return out


def _width(value) -> int:
    text = str(value) if value is not None else ""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


class _Sheet:
    """A worksheet with a header row, cell writing that tracks column widths, and finishing."""

    def __init__(self, book, styles, name: str, headers: list):
        self.ws, self.styles, self.headers = book.add_worksheet(name), styles, headers
        self.widths = [_width(h) for h in headers]
        self.row = 0
        for col, head in enumerate(headers):
            self.ws.write(0, col, head, styles["header"])

    def write_row(self, values, formats=None) -> None:
        self.row += 1
        for col, value in enumerate(values):
            fmt = (formats or {}).get(col)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                self.ws.write_blank(self.row, col, None, fmt)
                continue
            if isinstance(value, bool):
                self.ws.write_boolean(self.row, col, value, fmt)
            elif isinstance(value, (int, float)):
                self.ws.write_number(self.row, col, value, fmt)
            else:
                self.ws.write_string(self.row, col, str(value), fmt)
            shown = f"{value:,.2f}" if isinstance(value, float) else value
            self.widths[col] = max(self.widths[col], _width(shown))

    def finish(self, freeze_cols: int = 0, max_width: int = 60) -> None:
        self.ws.freeze_panes(1, freeze_cols)
        self.ws.autofilter(0, 0, max(self.row, 1), len(self.headers) - 1)
        for col, width in enumerate(self.widths):
            self.ws.set_column(col, col, min(width + 3, max_width))


def _plain(value):
    """numpy/pandas scalars -> Python values; NaN, None and pd.NA -> None."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _indicator_cells(bundle: ExportBundle, key: str, unit: str) -> list:
    return [key, name_cn(key), name_en(key), unit_cn(unit), unit]


def _about(book, styles, bundle: ExportBundle) -> None:
    sheet = _Sheet(book, styles, ABOUT, ["项目 Item", "内容 Content"])
    zone = ZONES[bundle.zone]
    rows = [
        ("示范区 Zone", zone.label),
        ("基准情景 Baseline", bundle.baseline),
        ("生成时间 Created", bundle.created),
    ]
    rows += [(f"情景 Scenario: {s}", bundle.descriptions.get(s, "")) for s in bundle.scenarios]
    rows += [
        ("对比年份 Comparison years", ", ".join(str(y) for y in bundle.years)),
        ("变化 Change vs baseline", "情景值 − 基准情景值（同单位） scenario − baseline, same unit"),
        (
            "指数 Index",
            "无2020年引用水平的指标以2020年=100的指数表示 "
            "indicators without a cited 2020 level are an index, 2020 = 100",
        ),
    ]
    for row in rows:
        sheet.write_row(row, {1: styles["wrap"]})
    sheet.finish(max_width=100)


def _scenario(book, styles, name: str, sheet_name: str, bundle: ExportBundle) -> None:
    table = bundle.runs[name]
    years = [int(y) for y in table["year"]]
    sheet = _Sheet(book, styles, sheet_name, INDICATOR_HEADERS + years)
    for key in bundle.indicators():
        unit = bundle.unit(key, name)
        fmt = styles[excel_format(unit)]
        values = [_plain(v) for v in table[key]]
        first = len(INDICATOR_HEADERS)
        sheet.write_row(
            _indicator_cells(bundle, key, unit) + values,
            {first + i: fmt for i in range(len(values))},
        )
    sheet.finish(freeze_cols=3)


def _comparison(book, styles, bundle: ExportBundle) -> None:
    """Scenarios side by side per indicator and year, then each one's change vs the baseline."""
    comp = bundle.comparison
    others = [s for s in bundle.scenarios if s != bundle.baseline]
    has_pct = "change_pct" in comp
    headers = INDICATOR_HEADERS + ["年份 Year"] + list(bundle.scenarios)
    headers += [f"{s} 较基准变化 change vs {bundle.baseline}" for s in others]
    if has_pct:
        headers += [f"{s} 较基准变化率 change vs {bundle.baseline} (%)" for s in others]
    sheet = _Sheet(book, styles, COMPARISON, headers)
    rows = {(r.scenario, r.indicator, int(r.year)): r for r in comp.itertuples(index=False)}
    order = [k for k in bundle.indicators() if k in set(comp["indicator"])]
    order += sorted(set(comp["indicator"]) - set(order))
    first = len(INDICATOR_HEADERS) + 1
    for key in order:
        unit = comp.loc[comp["indicator"] == key, "unit"].iloc[0]
        for year in sorted(set(comp.loc[comp["indicator"] == key, "year"].astype(int))):

            def cell(scenario, column, key=key, year=year):
                row = rows.get((scenario, key, year))
                return None if row is None else _plain(getattr(row, column))

            cells = [cell(s, "value") for s in bundle.scenarios]
            cells += [cell(s, "change") for s in others]
            formats = {first + i: styles[excel_format(unit)] for i in range(len(cells))}
            if has_pct:
                formats.update(
                    {first + len(cells) + i: styles["#,##0.00"] for i in range(len(others))}
                )
                cells += [cell(s, "change_pct") for s in others]
            sheet.write_row(_indicator_cells(bundle, key, unit) + [year] + cells, formats)
    sheet.finish(freeze_cols=3)


def _frame_sheet(book, styles, name: str, frame: pd.DataFrame, add_names: bool) -> None:
    frame = frame.copy()
    if add_names and "indicator" in frame:
        at = list(frame.columns).index("indicator") + 1
        frame.insert(at, "name_cn", [name_cn(k) for k in frame["indicator"]])
        frame.insert(at + 1, "name_en", [name_en(k) for k in frame["indicator"]])
    sheet = _Sheet(book, styles, name, [HEADERS.get(c, c) for c in frame.columns])
    units = frame["unit"] if "unit" in frame else [""] * len(frame)
    numeric = {"value", "target_low", "target_high", "margin", "observed", "model"}
    for row, unit in zip(frame.itertuples(index=False), units, strict=True):
        fmt = styles[excel_format(str(unit))] if isinstance(unit, str) else None
        formats = {i: fmt for i, c in enumerate(frame.columns) if c in numeric and fmt is not None}
        cells = [_plain(v) for v in row]
        cells = [
            int(v) if isinstance(v, float) and c in INT_COLUMNS and v.is_integer() else v
            for v, c in zip(cells, frame.columns, strict=True)
        ]
        sheet.write_row(cells, formats)
    sheet.finish(freeze_cols=min(2, len(frame.columns)))


def _styles(book) -> dict:
    styles = {
        "header": book.add_format(
            {
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "text_wrap": True,
                "valign": "top",
                "font_name": "Microsoft YaHei",
            }
        )
    }
    styles["wrap"] = book.add_format({"text_wrap": True, "valign": "top"})
    from sdsim.exports.labels import UNIT_DECIMALS

    for places in set(UNIT_DECIMALS.values()) | {2}:
        code = "#,##0" + ("." + "0" * places if places else "")
        styles[code] = book.add_format({"num_format": code})
    return styles


def write_xlsx(bundle: ExportBundle, path) -> Path:
    """Write the workbook atomically to ``path`` (nothing is left at ``path`` on failure).

    Parameters
    ----------
    bundle : ExportBundle
        The runs, comparison, target gap and provenance to write.
    path : path-like
        Destination ``.xlsx`` file.
    """
    import xlsxwriter

    def write(tmp: str) -> None:
        book = xlsxwriter.Workbook(
            tmp,
            {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        styles = _styles(book)
        _about(book, styles, bundle)
        for name, sheet_name in sheet_names(bundle.scenarios).items():
            _scenario(book, styles, name, sheet_name, bundle)
        if bundle.comparison is not None and len(bundle.comparison):
            _comparison(book, styles, bundle)
        if bundle.gap is not None:
            _frame_sheet(book, styles, GAP, bundle.gap, add_names=True)
        if bundle.provenance is not None:
            _frame_sheet(book, styles, PROVENANCE, bundle.provenance, add_names=False)
        book.close()

    return write_atomic(path, write)
