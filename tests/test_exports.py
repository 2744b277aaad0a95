"""Exports read back: every number in the xlsx, docx and csv against the runs that produced it."""

from __future__ import annotations

import math
import re

import docx
import openpyxl
import pandas as pd
import pytest
from docx.oxml.ns import qn
from test_exports_helpers import make_gap, shared_bundle

from sdsim.exports import ExportBundle, comparison_from_runs, export
from sdsim.exports.docx import appendix_rows
from sdsim.exports.labels import decimals, fmt_number, fmt_target
from sdsim.exports.xlsx import INDICATOR_HEADERS, sheet_names
from sdsim.outcomes import OUTCOMES

YEARS = list(range(2020, 2031))


@pytest.fixture(scope="module")
def bundle() -> ExportBundle:
    return shared_bundle()


def _expected(bundle, scenario, key, year):
    return bundle.value(scenario, key, year)


def _xl(value: float) -> float:
    """A float as an xlsx file stores it: 16 significant digits (xlsxwriter writes %.16G)."""
    return float(f"{value:.16g}")


# --------------------------------------------------------------------------- bundle


def test_bundle_shape_and_comparison(bundle):
    assert bundle.zone == "shenzhen" and bundle.scenarios == ["baseline", "green"]
    assert bundle.baseline == "baseline" and bundle.years == (2025, 2030)
    keys = bundle.indicators()
    assert keys[:3] == ["gdp", "gdp_growth", "total_investment"] and len(keys) == 28
    assert bundle.value("baseline", "gdp", 2020) == pytest.approx(27706, rel=1e-3)
    assert bundle.value("green", "gdp", 2020) == bundle.value("baseline", "gdp", 2020)
    comp = bundle.comparison
    assert len(comp) == 2 * 28 * 2  # scenarios x indicators x years
    row = comp[
        (comp.scenario == "green") & (comp.indicator == "rd_intensity") & (comp.year == 2030)
    ]
    diff = bundle.value("green", "rd_intensity", 2030) - bundle.value(
        "baseline", "rd_intensity", 2030
    )
    assert row["change"].iloc[0] == pytest.approx(diff, abs=1e-12)
    base = bundle.value("baseline", "rd_intensity", 2030)
    assert row["change_pct"].iloc[0] == pytest.approx(diff / base * 100, rel=1e-12)
    assert diff > 0.5  # more technology investment raises R&D intensity
    base_rows = comp[comp.scenario == "baseline"]
    assert (base_rows["change"] == 0).all() and (base_rows["change_pct"] == 0).all()


def test_comparison_from_runs_without_baseline_name_uses_first():
    runs = {
        "a": pd.DataFrame({"year": [2020, 2025], "gdp": [1.0, 2.0]}),
        "b": pd.DataFrame({"year": [2020, 2025], "gdp": [1.0, 3.5]}),
    }
    comp = comparison_from_runs(runs, years=(2025,))
    assert comp["change"].tolist() == [0.0, 1.5] and comp["change_pct"].tolist() == [0.0, 75.0]
    assert comp["value"].tolist() == [2.0, 3.5]


def test_select_subset_and_unknown(bundle):
    only = bundle.select(["green"])
    assert only.scenarios == ["green"] and only.baseline == "green"
    assert set(only.gap["scenario"]) == {"green"}
    from sdsim.errors import SdsimError

    with pytest.raises(SdsimError, match="'nope'"):
        bundle.select(["nope"])


def test_labels_format_with_unit_precision():
    assert fmt_number(27705.9035, "100m yuan") == "27,705.9"
    assert fmt_number(4.92972, "%") == "4.93"
    assert fmt_number(1.5, "%", signed=True) == "+1.50"
    assert fmt_number(-0.001, "%", signed=True) == "0.00"
    assert fmt_number(math.nan, "%") == "—"
    assert fmt_target(math.nan, 14.0, "ug/m3") == "≤ 14.0"
    assert fmt_target(8.0, None, "%") == "≥ 8.00"
    assert fmt_target(5.0, 6.0, "%") == "5.00–6.00"
    assert decimals("100m_yuan") == 1  # observations.csv spelling


def test_sheet_names_are_valid_and_unique():
    names = sheet_names(["a/b", "A/B", "x" * 40, "对比 Comparison"])
    assert names["a/b"] == "a_b" and names["A/B"] == "A_B (2)"
    assert len(names["x" * 40]) == 31
    assert names["对比 Comparison"] == "对比 Comparison (2)"


# --------------------------------------------------------------------------- xlsx


def test_xlsx_every_number_matches_the_runs(bundle, tmp_path):
    path = export(bundle, None, "xlsx", tmp_path / "sz.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "说明 About",
        "baseline",
        "green",
        "对比 Comparison",
        "目标差距 Target gap",
        "来源 Provenance",
    ]
    checked = 0
    for name, run in bundle.runs.items():
        ws = book[name]
        header = [c.value for c in ws[1]]
        assert header[:5] == INDICATOR_HEADERS and header[5:] == YEARS
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        assert [r[0] for r in rows] == bundle.indicators()
        for row in rows:
            key = row[0]
            assert row[1] == OUTCOMES[key].name_cn and row[2] == OUTCOMES[key].name_en
            assert row[4] == run.attrs["units"][key]
            for year, cell in zip(YEARS, row[5:], strict=True):
                expected = _expected(bundle, name, key, year)
                if math.isnan(expected):
                    assert cell is None
                else:
                    assert cell == _xl(expected)  # 16 digits, not the displayed rounding
                    checked += 1
    assert checked == 2 * 28 * 11
    ws = book["baseline"]
    assert ws["F2"].value == pytest.approx(27706, rel=1e-3) and ws["F2"].number_format == "#,##0.0"
    rd_row = 2 + bundle.indicators().index("rd_intensity")
    assert ws.cell(rd_row, 6).number_format == "#,##0.00"
    assert ws.freeze_panes == "D2" and ws.auto_filter.ref == "A1:P29"
    assert ws.column_dimensions["C"].width >= 20  # 'Water use per 10k yuan GDP'


def test_xlsx_comparison_gap_and_provenance_read_back(bundle, tmp_path):
    book = openpyxl.load_workbook(export(bundle, None, "xlsx", tmp_path / "sz.xlsx"))
    ws = book["对比 Comparison"]
    header = [c.value for c in ws[1]]
    assert header[5:] == [
        "年份 Year",
        "baseline",
        "green",
        "green 较基准变化 change vs baseline",
        "green 较基准变化率 change vs baseline (%)",
    ]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 28 * 2
    for key, *_, year, base, green, change, pct in rows:
        assert base == _xl(_expected(bundle, "baseline", key, year))
        assert green == _xl(_expected(bundle, "green", key, year))
        assert change == pytest.approx(green - base, abs=1e-9 * max(1.0, abs(base)))
        assert pct == pytest.approx((green - base) / base * 100, rel=1e-9, abs=1e-12)
    assert ws.freeze_panes == "D2" and ws.auto_filter.ref == "A1:J57"

    gap = make_gap()
    ws = book["目标差距 Target gap"]
    header = [c.value for c in ws[1]]
    assert header[:4] == [
        "情景 Scenario",
        "代码 Key",
        "指标 Indicator (中文)",
        "Indicator (English)",
    ]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(gap)
    for row, want in zip(rows, gap.itertuples(index=False), strict=True):
        got = dict(zip(header, row, strict=True))
        assert got["情景 Scenario"] == want.scenario and got["年份 Year"] == want.year
        assert got["模拟值 Value"] == want.value and got["差距 Margin"] == want.margin
        assert got["是否达标 Met"] is bool(want.met)
        for col, value in (
            ("目标下限 Target low", want.target_low),
            ("目标上限 Target high", want.target_high),
        ):
            assert got[col] == (None if math.isnan(value) else value)

    ws = book["来源 Provenance"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    prov = bundle.provenance
    assert len(rows) == len(prov)
    for got, (_, want) in zip(rows, prov.iterrows(), strict=True):
        for col, name in (("observed", "观测值 Observed"), ("model", "模型值 Model")):
            assert got[name] == (None if pd.isna(want[col]) else _xl(want[col]))
    gdp = next(r for r in rows if r["项目 Item"] == "gdp" and r["年份 Year"] == 2020)
    assert gdp["观测值 Observed"] == 27700 and gdp["来源 Source"].endswith(".txt:573")
    assert any(r["类型 Type"] == "lever" and r["项目 Item"] == "fiscal_share" for r in rows)


# --------------------------------------------------------------------------- docx


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("+", ""))


def test_docx_table_numbers_match_the_runs(bundle, tmp_path):
    path = export(bundle, None, "docx", tmp_path / "sz.docx", charts=False)
    document = docx.Document(path)
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "指标\nIndicator" and header[4:6] == ["2025年\n2025", "2030年\n2030"]
    by_cn = {o.name_cn: k for k, o in OUTCOMES.items()}
    checked = 0
    rows = table.rows[1:]
    assert len(rows) == 28 * 2
    for row in rows:
        cells = [c.text for c in row.cells]
        key = by_cn[cells[0].split("\n")[0]]
        scenario = cells[3]
        unit = bundle.unit(key)
        tol = 0.5 * 10 ** -decimals(unit) + 1e-9
        assert _number(cells[2]) == pytest.approx(_expected(bundle, "baseline", key, 2020), abs=tol)
        for text, year in zip(cells[4:6], (2025, 2030), strict=True):
            assert _number(text) == pytest.approx(_expected(bundle, scenario, key, year), abs=tol)
        if scenario == "baseline":
            assert cells[6] == "—"
        else:
            diff = _expected(bundle, "green", key, 2030) - _expected(bundle, "baseline", key, 2030)
            assert _number(cells[6]) == pytest.approx(diff, abs=tol)
        checked += 1
    assert checked == 56
    rd = [[c.text for c in r.cells] for r in rows if r.cells[0].text.startswith("研发投入强度")]
    assert [r[7:] for r in rd] == [
        ["2030: ≥ 8.00", "2030: 否 no"],
        ["2030: ≥ 8.00", "2030: 是 yes"],
    ]
    pm = [[c.text for c in r.cells] for r in rows if r.cells[0].text.startswith("PM2.5")]
    assert pm[0][7] == "2025: ≤ 14.0" and pm[0][4] == fmt_number(
        bundle.value("baseline", "pm25", 2025), "ug/m3"
    )
    first = appendix_rows(bundle)[0]
    assert first[3] == "baseline" and _number(first[2]) == pytest.approx(27706, rel=1e-3)


def test_docx_every_run_has_an_east_asian_font_and_captions(bundle, tmp_path):
    document = docx.Document(export(bundle, None, "docx", tmp_path / "sz.docx", charts=False))
    runs = list(document.element.body.iter(qn("w:r")))
    assert len(runs) > 500
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")) in ("宋体", "黑体")
        assert fonts.get(qn("w:eastAsiaTheme")) is None
    normal = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "宋体"
    default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert default.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == 1 and captions[0].text.startswith("表 ")
    assert "SEQ 表" in captions[0]._p.xml
    header_row = document.tables[0].rows[0]._tr
    assert header_row.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert re.search(r"w:vMerge w:val=\"restart\"", document.tables[0]._tbl.xml)


# --------------------------------------------------------------------------- csv


@pytest.mark.parametrize("bom", [False, True])
def test_csv_round_trips_every_number(bundle, tmp_path, bom):
    path = export(bundle, None, "csv", tmp_path / "sz.csv", bom=bom)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is bom
    table = pd.read_csv(path, encoding="utf-8-sig")
    assert list(table.columns) == [
        "scenario",
        "indicator",
        "name_cn",
        "name_en",
        "unit",
        "unit_cn",
        "year",
        "value",
    ]
    assert len(table) == 2 * 28 * 11
    for row in table.itertuples(index=False):
        expected = _expected(bundle, row.scenario, row.indicator, row.year)
        assert (math.isnan(row.value) and math.isnan(expected)) or row.value == expected
    gdp = table[(table.indicator == "gdp") & (table.year == 2020)]
    assert gdp["name_cn"].iloc[0] == "地区生产总值" and gdp["unit_cn"].iloc[0] == "亿元"
    assert "地区生产总值".encode() in raw
