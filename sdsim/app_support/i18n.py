"""Strings of the app in Chinese and English: labels, units, help texts."""

from __future__ import annotations

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
    "target_met": ("达到目标 {target}", "meets target {target}"),
    "target_missed": ("未达目标 {target}", "misses target {target}"),
    "no_target": ("无规划目标", "no plan target"),
    "gap_table": ("目标差距表", "Target-gap table"),
    "no_targets": ("尚无规划目标数据（models/targets.csv）。", "No plan targets yet (models/targets.csv)."),
    "zones_compare": ("六个示范区对比", "All six zones side by side"),
    "zones_compare_note": (
        "各区均为基线设置；单位不一致时统一为指数（2020=100）。",
        "Each zone at its baseline; shown as an index (2020 = 100) when units differ.",
    ),
    "scenario_files": ("情景文件", "Scenario files"),
    "save_name": ("情景名称", "Scenario name"),
    "download_scenario": ("下载当前情景（YAML）", "Download current scenario (YAML)"),
    "upload_scenario": ("上传情景（YAML，≤{kb} KB）", "Upload a scenario (YAML, ≤ {kb} KB)"),
    "loaded": ("已载入情景：{name}", "Loaded scenario: {name}"),
    "compare_scenarios": ("情景比较", "Compare scenarios"),
    "compare_pick": ("选择要比较的情景", "Scenarios to compare"),
    "downloads": ("下载", "Downloads"),
    "csv": ("CSV 表格", "CSV table"),
    "xlsx": ("Excel 工作簿", "Excel workbook"),
    "docx": ("Word 表格", "Word table"),
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
    "table": ("结果表", "Results table"),
    "error": ("错误", "Error"),
    "unit": ("单位", "Unit"),
    "default": ("基线值", "Baseline value"),
    "range": ("范围", "Range"),
    "in_2025": ("2025年", "2025"),
    "in_2030": ("2030年", "2030"),
}

UNITS_CN = {
    "100m yuan": "亿元",
    "%": "%",
    "m3/10k yuan": "立方米/万元",
    "100m m3": "亿立方米",
    "tce/10k yuan": "吨标准煤/万元",
    "10k tce": "万吨标准煤",
    "10k t": "万吨",
    "ug/m3": "微克/立方米",
    "days": "天",
    "10k yuan": "万元",
    "index (2020=100)": "指数（2020=100）",
    "fraction": "比例",
    "1/Year": "1/年",
    "Year": "年",
    "Dmnl": "无量纲",
    "tCO2/tce": "吨CO2/吨标准煤",
}

#: Chinese help texts for the levers (the model documents them in English).
LEVER_HELP_CN = {
    "investment_rate": "每年固定资产投资占地区生产总值的比重（五个方向合计）。",
    "share_infrastructure": "投向基础设施的投资占比。",
    "share_ecology": "投向生态环境的投资占比。",
    "share_technology": "投向科技创新的投资占比。",
    "share_livelihood": "投向社会民生与公共服务的投资占比。",
    "share_industry": "投向产业发展的投资占比。",
    "fiscal_share": "由政府财政投入的投资占比；其余为社会融资。",
    "water_share_of_infrastructure": "基础设施投资中用于节水与再生水的比例。",
    "energy_share_of_infrastructure": "基础设施投资中用于清洁能源与电网的比例。",
}

#: Chinese labels of the assumptions (the catalogue has English Vensim names only).
ASSUMPTION_CN = {
    "depreciation_rate": "资本折旧率",
    "capital_elasticity": "资本产出弹性",
    "labour_growth_rate": "劳动力增长率",
    "knowledge_output_elasticity": "知识产出弹性",
    "knowledge_rd_elasticity": "知识对研发的弹性",
    "rd_adjustment_time": "研发调整时间",
    "technology_rd_fraction": "科技投资中研发比例",
    "knowledge_obsolescence_rate": "知识折旧率",
    "knowledge_diffusion_delay": "知识扩散时滞",
    "water_saving_effectiveness": "节水投资效果",
    "water_share_of_ecology": "生态投资中水处理比例",
    "knowledge_water_elasticity": "技术对用水强度的弹性",
    "recycling_effectiveness": "再生水投资效果",
    "recycling_ceiling": "再生水利用上限",
    "autonomous_energy_saving_rate": "自主节能速率",
    "knowledge_energy_elasticity": "技术对能耗强度的弹性",
    "clean_energy_effectiveness": "清洁能源投资效果",
    "energy_share_of_ecology": "生态投资中清洁能源比例",
    "carbon_factor": "碳排放系数",
    "pm25_adjustment_time": "PM2.5调整时间",
    "background_pm25": "PM2.5背景浓度",
    "pm25_emission_elasticity": "PM2.5排放弹性",
    "pollution_control_elasticity": "污染治理弹性",
    "eco_depreciation_rate": "环保设施折旧率",
    "pressure_elasticity": "生态压力弹性",
    "forest_ceiling": "森林覆盖率上限",
    "forest_pressure_rate": "森林压力损失率",
    "water_pressure_rate": "水质压力损失率",
    "public_service_depreciation_rate": "公共服务折旧率",
    "income_elasticity": "收入弹性",
    "service_income_elasticity": "公共服务收入弹性",
    "income_adjustment_time": "收入调整时间",
}


def t(key: str, lang: str = "en", **kwargs) -> str:
    """The string ``key`` in ``lang`` ('cn' or 'en'), formatted with ``kwargs``."""
    cn, en = STRINGS[key]
    text = cn if lang == "cn" else en
    return text.format(**kwargs) if kwargs else text


def unit(u: str, lang: str = "en") -> str:
    """A unit in the chosen language."""
    return UNITS_CN.get(u, u) if lang == "cn" else u
