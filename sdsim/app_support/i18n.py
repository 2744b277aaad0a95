"""Strings of the app in Chinese and English: labels, units, help texts."""

from __future__ import annotations

from sdsim.outcomes import UNIT_CN

LANGS = ("cn", "en")

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("可持续发展议程创新示范区 情景模拟", "Sustainable-development demonstration zones: scenarios"),
    "language": ("语言 / Language", "语言 / Language"),
    "zone": ("示范区", "Zone"),
    "scenario": ("起始情景", "Start from scenario"),
    "baseline_scenario": ("基线（2020年投资结构）", "Baseline (2020 mix)"),
    "levers": ("政策杠杆", "Policy levers"),
    "shares": ("投资方向占比（合计100%）", "Investment shares (sum 100 %)"),
    "shares_sum": ("五个方向合计：{total:.1f}%", "Five shares sum to {total:.1f} %"),
    "shares_help": (
        "移动一个占比时，其余占比按比例缩放，合计保持100%。",
        "Moving one share rescales the others in proportion so the total stays 100 %.",
    ),
    "assumptions": ("不确定假设", "Uncertain assumptions"),
    "reset": ("恢复基线", "Reset to baseline"),
    "outcome": ("指标", "Indicator"),
    "outcomes": ("图表指标", "Indicators to chart"),
    "year": ("年份", "Year"),
    "value": ("数值", "Value"),
    "series": ("序列", "Series"),
    "baseline": ("基线", "Baseline"),
    "current": ("当前设置", "Current settings"),
    "target": ("规划目标", "Plan target"),
    "band": ("不确定区间（{n}次运行，5%-95%）", "Uncertainty band ({n} runs, 5-95 %)"),
    "no_band": (
        "批量引擎不可用，未显示不确定区间。",
        "The batch engine is not available: no uncertainty band shown.",
    ),
    "kpis": ("关键指标", "Key indicators"),
    "vs_baseline": ("较基线", "vs baseline"),
    "no_target": ("无规划目标", "no plan target"),
    "verdict_met": ("✓ 达标", "✓ met"),
    "verdict_missed": ("✗ 未达标", "✗ not met"),
    "not_reached": ("未达到", "not reached"),
    "verdict_index": ("指数：无法与水平目标比较", "index: no level target comparison"),
    "verdict_unscored": ("约数目标：不评分", "approximate target: not scored"),
    "kpi_target": ("{year}年目标 {target}", "Target {year} {target}"),
    "held_in": ("（{year}年沿用）", "(held in {year})"),
    "margin_text": ("（余量 {margin}）", "(margin {margin})"),
    "gap_table": ("目标差距表", "Target-gap table"),
    "gap_intro": (
        "按《深圳市可持续发展规划》等文件的2025、2030年目标评分（models/targets.csv，"
        "sdsim.compare 的判定）。余量为正表示达标且有余地；区间目标超出上限同样记为未达标。"
        "2025年目标在2030年沿用时在备注中说明。",
        "Scored against the published 2025 and 2030 targets (models/targets.csv) by "
        "sdsim.compare. A positive margin means met with room to spare; a range target is "
        "also missed when the value is above its upper end. A 2025 target still scored in "
        "2030 says so in the note.",
    ),
    "gap_summary": ("当前设置：{met}项达标，{missed}项未达标（共{n}项）",
                    "Current settings: {met} met, {missed} not met (of {n} scored)"),
    "no_targets": (
        "资料中没有该示范区2025/2030年的量化目标（目前只有深圳）。",
        "The sources give no quantitative 2025/2030 targets for this zone (only Shenzhen has them).",
    ),
    "targets_legend": ("红色菱形：规划目标（区间为红色竖条）",
                       "Red diamonds: plan targets (a range is a red bar between two)"),
    "col_indicator": ("指标", "Indicator"),
    "col_scenario": ("情景", "Scenario"),
    "col_value": ("模拟值", "Value"),
    "col_target": ("目标", "Target"),
    "col_verdict": ("判定", "Verdict"),
    "col_met": ("达标", "Met"),
    "col_margin": ("余量", "Margin"),
    "col_first": ("首次达标年份", "First year met"),
    "col_stays": ("持续达标起始年", "Met from (to 2030)"),
    "col_note": ("备注", "Note"),
    "path_note": (
        "已载入情景“{name}”：其杠杆随时间变化（路径），计算使用该路径；滑块显示2030年的值。"
        "移动任一政策杠杆滑块后，改为使用滑块的常数值。",
        "Scenario '{name}' is loaded: its levers change over time (a path) and the run uses "
        "that path; the sliders show the 2030 values. Moving any lever slider switches to the "
        "slider values as constants.",
    ),
    "path_dropped": (
        "已移动滑块：计算改用滑块的常数值（不再使用“{name}”的路径）。重新选择该情景可恢复路径。",
        "A slider was moved: the run uses the slider values as constants, not the path of "
        "'{name}'. Choose the scenario again to get its path back.",
    ),
    "loaded_active": ("计算使用已载入情景“{name}”的设置。", "The run uses loaded scenario '{name}'."),
    "other_zone": (
        "情景“{name}”属于{zone}；已加入该示范区的情景列表，请切换示范区后选用。",
        "Scenario '{name}' is for {zone}; it is listed under that zone — switch zone to use it.",
    ),
    "downloads_note": (
        "文件由 sdsim.exports 生成（与命令行 sdsim export 相同），包含基线与当前设置"
        "（情景名 current）、对比、目标差距与数据来源。点击按钮时生成。",
        "Files are written by sdsim.exports (as `sdsim export`): the baseline and the current "
        "settings (scenario 'current'), the comparison, the target gap and provenance. Each "
        "file is made when its button is clicked.",
    ),
    "no_font": ("未找到中文字体，无法生成图表（请安装 fonts-noto-cjk）。",
                "No Chinese font found: charts cannot be drawn (install fonts-noto-cjk)."),
    "docx_plan": ("Word 规划附录", "Word plan appendix"),
    "zones_compare": ("六个示范区对比", "All six zones side by side"),
    "zones_compare_note": (
        "各区均为基线设置；单位不一致时统一为指数（2020=100）。",
        "Each zone at its baseline; shown as an index (2020 = 100) when units differ.",
    ),
    "scenario_files": ("情景文件", "Scenario files"),
    "save_name": ("情景名称", "Scenario name"),
    "download_scenario": ("下载当前情景（YAML）", "Download current scenario (YAML)"),
    "upload_scenario": ("上传情景（YAML，≤{kb} KB）", "Upload a scenario (YAML, ≤ {kb} KB)"),
    "uploaded": ("已上传", "uploaded"),
    "loaded": ("已载入情景：{name}", "Loaded scenario: {name}"),
    "compare_scenarios": ("情景比较", "Compare scenarios"),
    "compare_pick": ("选择要比较的情景", "Scenarios to compare"),
    "downloads": ("下载", "Downloads"),
    "csv": ("CSV 表格", "CSV table"),
    "xlsx": ("Excel 工作簿", "Excel workbook"),
    "docx": ("Word 规划附录", "Word plan appendix"),
    "png": ("图表 PNG", "Chart PNG"),
    "svg": ("图表 SVG", "Chart SVG"),
    "provenance": ("数据来源", "Provenance"),
    "indexed_note": (
        "以下指标缺少2020年引用水平，按指数（2020=100）运行：{items}",
        "These outcomes have no cited 2020 level and run on an index (2020 = 100): {items}",
    ),
    "no_indexed": ("所有指标均有引用的2020年水平。", "Every outcome has a cited 2020 level."),
    "lever_sources": ("杠杆基线值来源", "Sources of the lever baselines"),
    "fit_sources": ("校准数据来源（文件:行）", "Calibrated figures and their sources (file:line)"),
    "source": ("来源", "Source"),
    "compute_ms": ("计算耗时 {ms:.0f} 毫秒", "Computed in {ms:.0f} ms"),
    "table": ("结果表（当前设置）", "Results table (current settings)"),
    "error": ("错误", "Error"),
    "unit": ("单位", "Unit"),
    "default": ("基线值", "Baseline value"),
    "range": ("范围", "Range"),
    "in_2025": ("2025年", "2025"),
    "in_2030": ("2030年", "2030"),
}

#: Outcome units as the exports write them (``sdsim.outcomes.UNIT_CN``), then lever and
#: assumption units.
UNITS_CN = {
    **UNIT_CN,
    "fraction": "比例",
    "1/Year": "1/年",
    "Year": "年",
    "Dmnl": "无量纲",
    "tCO2/tce": "吨CO2/吨标准煤",
}

def t(key: str, lang: str = "en", **kwargs) -> str:
    """The string ``key`` in ``lang`` ('cn' or 'en'), formatted with ``kwargs``."""
    cn, en = STRINGS[key]
    text = cn if lang == "cn" else en
    return text.format(**kwargs) if kwargs else text


def unit(u: str, lang: str = "en") -> str:
    """A unit in the chosen language."""
    return UNITS_CN.get(u, u) if lang == "cn" else u
