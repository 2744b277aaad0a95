"""The outcomes a run reports: indicator key, model variable, units, names, and level needs.

An outcome is reported as a level in the sources' units when the zone has cited 2020 levels
for everything it depends on (``needs``); otherwise it is reported as an index, 2020 = 100.
"""

from __future__ import annotations

from dataclasses import dataclass

INDEX_UNIT = "index (2020=100)"


@dataclass(frozen=True)
class Outcome:
    """One reported indicator."""

    key: str
    vensim: str
    unit: str
    name_cn: str
    name_en: str
    needs: tuple[str, ...]

    def name(self, lang: str = "en") -> str:
        return self.name_cn if lang == "cn" else self.name_en


#: English unit (as in ``run()``'s ``attrs['units']``) -> Chinese unit.
UNIT_CN = {
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
    INDEX_UNIT: "指数（2020年=100）",
}

_GDP = ("gdp",)
OUTCOMES: dict[str, Outcome] = {
    o.key: o
    for o in (
        Outcome("gdp", "GDP", "100m yuan", "地区生产总值", "GDP", _GDP),
        Outcome("gdp_growth", "", "%", "GDP增长率", "GDP growth", ()),
        Outcome("total_investment", "total investment", "100m yuan", "总投资", "Total investment", _GDP),
        Outcome("investment_infrastructure", "infrastructure investment", "100m yuan", "基础设施投资", "Infrastructure investment", _GDP),
        Outcome("investment_ecology", "ecology investment", "100m yuan", "生态环境投资", "Ecology investment", _GDP),
        Outcome("investment_technology", "technology investment", "100m yuan", "科技创新投资", "Technology investment", _GDP),
        Outcome("investment_livelihood", "livelihood investment", "100m yuan", "社会民生投资", "Livelihood investment", _GDP),
        Outcome("investment_industry", "industry investment", "100m yuan", "产业发展投资", "Industry investment", _GDP),
        Outcome("fiscal_investment", "fiscal investment", "100m yuan", "财政投入", "Fiscal investment", _GDP),
        Outcome("social_investment", "social investment", "100m yuan", "社会融资", "Social financing", _GDP),
        Outcome("capital", "capital", "100m yuan", "生产性资本存量", "Productive capital", _GDP),
        Outcome("rd_spending", "rd spending", "100m yuan", "全社会研发投入", "R&D spending", ("gdp", "rd_intensity")),
        Outcome("rd_intensity", "rd intensity", "%", "研发投入强度", "R&D intensity", ("rd_intensity",)),
        Outcome("knowledge", "knowledge", "100m yuan", "知识存量", "Knowledge stock", ("gdp", "rd_intensity")),
        Outcome("water_per_10k_gdp", "water intensity", "m3/10k yuan", "万元GDP用水量", "Water use per 10k yuan GDP", ("water_per_10k_gdp",)),
        Outcome("water_use", "water use", "100m m3", "用水总量", "Total water use", ("gdp", "water_per_10k_gdp")),
        Outcome("recycled_water", "recycled water share", "%", "再生水利用率", "Recycled-water share", ("recycled_water",)),
        Outcome("energy_intensity", "energy intensity", "tce/10k yuan", "万元GDP能耗", "Energy intensity", ("energy_intensity",)),
        Outcome("energy_use", "energy use", "10k tce", "能源消费量", "Energy use", ("gdp", "energy_intensity")),
        Outcome("co2", "co2 emissions", "10k t", "二氧化碳排放", "CO2 emissions", ("gdp", "energy_intensity")),
        Outcome("clean_energy_share", "clean energy share", "%", "可再生能源发电占比", "Clean-energy share of electricity", ("clean_energy_share",)),
        Outcome("pm25", "pm25", "ug/m3", "PM2.5年均浓度", "PM2.5", ("pm25",)),
        Outcome("good_air_ratio", "good air ratio", "%", "空气质量优良天数比例", "Good-air-day ratio", ("good_air",)),
        Outcome("good_air_days", "good air days", "days", "空气质量优良天数", "Good-air days", ("good_air",)),
        Outcome("forest_cover", "forest cover", "%", "森林覆盖率", "Forest cover", ("forest_cover",)),
        Outcome("surface_water_good", "surface water quality", "%", "地表水达到或好于Ⅲ类比例", "Surface water class III or better", ("surface_water_good",)),
        Outcome("disposable_income", "disposable income", "10k yuan", "居民人均可支配收入", "Disposable income per head", ("disposable_income",)),
        Outcome("public_service_level", "public service level", INDEX_UNIT, "人均公共服务水平", "Public services per head", ()),
    )
}

#: Observation indicators that stand for an outcome's level need ('good_air_days' -> 'good_air').
LEVEL_ALIASES = {"good_air_ratio": "good_air", "good_air_days": "good_air", "gdp_growth": None}


def model_variables() -> list[str]:
    """Vensim names of every variable the outcomes read."""
    return [o.vensim for o in OUTCOMES.values() if o.vensim]
