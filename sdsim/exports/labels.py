"""Bilingual labels, units and display precision shared by every export format."""

from __future__ import annotations

import math

from sdsim.outcomes import INDEX_UNIT, OUTCOMES, UNIT_CN

#: Decimal places shown for a unit (xlsx number format, docx text, chart tooltips).
UNIT_DECIMALS = {
    "100m yuan": 1,
    "%": 2,
    "m3/10k yuan": 2,
    "100m m3": 2,
    "tce/10k yuan": 3,
    "10k tce": 0,
    "10k t": 0,
    "ug/m3": 1,
    "days": 0,
    "10k yuan": 2,
    INDEX_UNIT: 1,
}
DEFAULT_DECIMALS = 2


def _norm(unit) -> str:
    """'100m_yuan' (observations file) -> '100m yuan' (run tables)."""
    return str(unit).replace("_", " ") if unit is not None else ""


def unit_cn(unit: str) -> str:
    """Chinese form of a unit ('100m yuan' -> '亿元'); unknown units are returned unchanged."""
    return UNIT_CN.get(_norm(unit), unit)


def decimals(unit: str) -> int:
    """Decimal places to display for values in ``unit``."""
    return UNIT_DECIMALS.get(_norm(unit), DEFAULT_DECIMALS)


def name_cn(key: str) -> str:
    """Chinese indicator name (the key itself when the indicator is not an outcome)."""
    return OUTCOMES[key].name_cn if key in OUTCOMES else key


def name_en(key: str) -> str:
    """English indicator name (the key itself when the indicator is not an outcome)."""
    return OUTCOMES[key].name_en if key in OUTCOMES else key


def label(key: str, unit: str | None = None) -> str:
    """'地区生产总值 GDP（亿元）': both names and, when given, the Chinese unit."""
    text = f"{name_cn(key)} {name_en(key)}"
    return f"{text}（{unit_cn(unit)}）" if unit else text


def fmt_number(value, unit: str, signed: bool = False) -> str:
    """A value as text with the unit's precision and thousands separators; '—' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    places = decimals(unit)
    number = round(float(value), places)
    if number == 0:  # no '-0.0' or '+0.0'
        return f"{0.0:.{places}f}"
    return f"{number:{'+' if signed else ''},.{places}f}"


def excel_format(unit: str) -> str:
    """Excel number format for ``unit`` ('#,##0.0' for one decimal)."""
    places = decimals(unit)
    return "#,##0" + ("." + "0" * places if places else "")


def fmt_target(low, high, unit: str, bound: str | None = None) -> str:
    """A target as text: '≥ 5.00', '≤ 30.0', '5.00–6.00', '≈ 7.00' (bound 'about'), or '—'."""
    has_low = low is not None and not (isinstance(low, float) and math.isnan(low))
    has_high = high is not None and not (isinstance(high, float) and math.isnan(high))
    if bound == "about" and (has_low or has_high):
        return f"≈ {fmt_number(low if has_low else high, unit)}"
    if has_low and has_high and low == high:
        return f"= {fmt_number(low, unit)}"
    if has_low and has_high:
        return f"{fmt_number(low, unit)}–{fmt_number(high, unit)}"
    if has_low:
        return f"≥ {fmt_number(low, unit)}"
    if has_high:
        return f"≤ {fmt_number(high, unit)}"
    return "—"
