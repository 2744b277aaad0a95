"""Word plan-appendix of an :class:`~sdsim.exports.bundle.ExportBundle` (python-docx).

A captioned table — indicator, unit, 2020 base, each report year per scenario, change vs
baseline, target, met — then the scenario chart as an image. Every run carries an East Asian
font (``w:rFonts/@w:eastAsia``) so Chinese shows in Word and WPS whatever their defaults.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from sdsim.errors import SdsimError
from sdsim.exports._io import write_atomic
from sdsim.exports.bundle import ExportBundle
from sdsim.exports.labels import fmt_number, fmt_target, name_cn, name_en, unit_cn
from sdsim.lever_settings import BASE_YEAR
from sdsim.outcomes import INDEX_UNIT
from sdsim.zones import ZONES

EAST_ASIA_FONT = "宋体"
HEADING_EAST_ASIA_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TABLE_PT = 8
NO_DATA = "—"


def _set_fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set ascii/hAnsi/eastAsia fonts on a ``w:rPr`` and drop theme fonts that would override."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def apply_east_asian_fonts(document, east_asia: str = EAST_ASIA_FONT) -> None:
    """Give the defaults, every style and every run an East Asian font (headings: 黑体)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:  # text typed later in Word or WPS gets it too
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        _set_fonts(rpr, east_asia)
    for style in document.styles:
        element = style.element
        if element.get(qn("w:type")) in ("paragraph", "character", "table"):
            name = style.name or ""
            face = HEADING_EAST_ASIA_FONT if name.startswith(("Heading", "Title")) else east_asia
            _set_fonts(element.get_or_add_rPr(), face)
    body = document.element.body
    for run in body.iter(qn("w:r")):
        face = east_asia
        para = next((p for p in run.iterancestors(qn("w:p"))), None)
        if para is not None and para.pPr is not None and para.pPr.pStyle is not None:
            if str(para.pPr.pStyle.val).startswith(("Heading", "Title")):
                face = HEADING_EAST_ASIA_FONT
        _set_fonts(run.get_or_add_rPr(), face)


def _summary(description: str) -> str:
    """First line of each language block of a description ('zh…\\n\\nen…' -> 'zh… en…')."""
    blocks = [b.strip() for b in description.split("\n\n") if b.strip()]
    return " ".join(b.splitlines()[0] for b in blocks)


def _caption(document, kind: str, number: int, text: str) -> None:
    """A Word caption paragraph: '表 1 text' with a SEQ field Word can renumber."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para = document.add_paragraph(style="Caption")
    para.add_run(f"{kind} ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" SEQ {kind} \\* ARABIC ")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = str(number)
    run.append(t)
    field.append(run)
    para._p.append(field)
    para.add_run(f"  {text}")
    para.alignment = 1  # centre


def _targets(bundle: ExportBundle, scenario: str, key: str, unit: str) -> tuple[str, str]:
    """Target and met text for one scenario and indicator: one '2025: ≤ 18.0' line per year.

    A target on an indicator that runs on an index (no cited 2020 level) is marked '*' and not
    scored; ``met`` missing (index, approximate target) shows as '—'.
    """
    gap = bundle.gap
    if gap is None or not len(gap):
        return NO_DATA, NO_DATA
    rows = gap[(gap["scenario"] == scenario) & (gap["indicator"] == key)]
    if not len(rows):
        return NO_DATA, NO_DATA
    targets, met = [], []
    for row in rows.sort_values("year").to_dict("records"):
        year = int(row["year"])
        on_index = row.get("unit") == INDEX_UNIT
        band = fmt_target(row.get("target_low"), row.get("target_high"), unit, row.get("bound"))
        targets.append(f"{year}: {band}{'*' if on_index else ''}")
        flag = row.get("met")
        shown = NO_DATA if flag is None or pd.isna(flag) else ("是 yes" if bool(flag) else "否 no")
        met.append(f"{year}: {shown}")
    return "\n".join(targets), "\n".join(met)


def appendix_rows(bundle: ExportBundle) -> list[list[str]]:
    """The plan table as text: one row per indicator and scenario (header excluded)."""
    final = bundle.years[-1]
    rows = []
    for key in bundle.indicators():
        unit = bundle.unit(key)
        base = fmt_number(bundle.value(bundle.baseline, key, BASE_YEAR), unit)
        for scenario in bundle.scenarios:
            values = [fmt_number(bundle.value(scenario, key, y), unit) for y in bundle.years]
            if scenario == bundle.baseline:
                change = NO_DATA
            else:
                diff = bundle.value(scenario, key, final) - bundle.value(
                    bundle.baseline, key, final
                )
                change = fmt_number(diff, unit, signed=True)
            target, met = _targets(bundle, scenario, key, unit)
            rows.append(
                [
                    f"{name_cn(key)}\n{name_en(key)}",
                    f"{unit_cn(unit)}\n{unit}",
                    base,
                    scenario,
                    *values,
                    change,
                    target,
                    met,
                ]
            )
    return rows


def appendix_header(bundle: ExportBundle) -> list[str]:
    """Bilingual header of the plan table."""
    return (
        ["指标\nIndicator", "单位\nUnit", f"{BASE_YEAR}年基期\n{BASE_YEAR} base", "情景\nScenario"]
        + [f"{y}年\n{y}" for y in bundle.years]
        + [f"较基准变化({bundle.years[-1]})\nChange vs baseline", "目标\nTarget", "是否达标\nMet"]
    )


def _column_widths(n_years: int, total: float = 25.7) -> list[float]:
    """Column widths (cm) filling the landscape text width: text columns wider than numbers."""
    fixed = [4.2, 2.4, 2.0, 2.2]  # indicator, unit, base, scenario
    tail = [2.4, 3.0, 2.2]  # change, target, met
    each = max(1.6, (total - sum(fixed) - sum(tail)) / max(n_years, 1))
    return fixed + [each] * n_years + tail


def _table(document, bundle: ExportBundle) -> None:
    """The plan table; cells are reached through the XML rows (``table.cell`` is quadratic)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    from docx.table import _Cell

    header, rows = appendix_header(bundle), appendix_rows(bundle)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    widths = [Cm(w) for w in _column_widths(len(bundle.years))]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    n = len(bundle.scenarios)
    for r, (tr, cells) in enumerate(zip(table._tbl.tr_lst, [header, *rows], strict=True)):
        for c, (tc, text) in enumerate(zip(tr.tc_lst, cells, strict=True)):
            tc.width = widths[c]
            if r > 0 and n > 1 and c < 3:  # indicator, unit and base span the scenario rows
                first = (r - 1) % n == 0
                tc.vMerge = "restart" if first else "continue"
                if not first:
                    continue
            para = _Cell(tc, table).paragraphs[0]
            lines = text.split("\n")
            for i, line in enumerate(lines):
                run = para.add_run(line)
                run.font.size = Pt(TABLE_PT)
                run.bold = r == 0
                if i < len(lines) - 1:
                    run.add_break()
            para.alignment = 0 if c in (0, 1, 3) or r == 0 else 2
    tr_pr = table._tbl.tr_lst[0].get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)


def write_docx(bundle: ExportBundle, path, charts: bool = True, indicators=None) -> Path:
    """Write the plan appendix atomically to ``path``.

    Parameters
    ----------
    bundle : ExportBundle
        The runs, target gap and scenario names to show.
    path : path-like
        Destination ``.docx`` file.
    charts : bool
        Add the scenario chart as an image (needs a CJK font; see :mod:`sdsim.exports.fonts`).
    indicators : sequence of str, optional
        Indicators for the chart (default: those with targets, else a standard set).
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    image = None
    if charts:
        from sdsim.exports.charts import render_png

        try:  # before any writing: a font error changes nothing
            image = render_png(bundle, indicators)
        except SdsimError as exc:
            raise SdsimError(f"{exc} Or leave the chart out (--no-charts, charts=False).") from None
    zone = ZONES[bundle.zone]
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    document.add_heading(f"{zone.name_cn}情景模拟结果 {zone.name_en}: scenario results", level=1)
    document.add_paragraph(
        f"基准情景 Baseline：{bundle.baseline}。生成 Created：{bundle.created}。"
    )
    for scenario in bundle.scenarios:
        para = document.add_paragraph(style="List Bullet")
        para.add_run(scenario).bold = True
        text = _summary(bundle.descriptions.get(scenario, ""))
        if text:
            para.add_run("：" + text)
    _caption(
        document,
        "表",
        1,
        f"{zone.name_cn}主要指标情景比较  Indicators by scenario, "
        f"{zone.name_en}, {BASE_YEAR}–{bundle.years[-1]}",
    )
    _table(document, bundle)
    document.add_paragraph(
        "注：较基准变化为情景值减基准情景值（同单位）；无2020年引用水平的指标以2020年=100的指数表示。"
        "Note: change = scenario − baseline in the indicator's unit; indicators without a cited "
        "2020 level are an index, 2020 = 100. "
        "* 水平目标无法与指数比较，未评估 a level target, not scored against an index."
    )
    if image is not None:
        document.add_picture(io.BytesIO(image), width=Cm(25.0))
        document.paragraphs[-1].alignment = 1
        _caption(
            document,
            "图",
            1,
            f"{zone.name_cn}主要指标情景轨迹  Scenario trajectories, {zone.name_en}",
        )
    apply_east_asian_fonts(document)
    return write_atomic(path, lambda tmp: document.save(tmp))
