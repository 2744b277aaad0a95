"""Plain-data descriptions of levers and assumptions for a zone (CLI ``levers``, app sliders)."""

from __future__ import annotations

from sdsim.levers import assumptions, levers
from sdsim.zone_params import load_zone_parameters
from sdsim.zones import get_zone


def lever_catalog(zone: str) -> list[dict]:
    """Every lever (with the zone's 2020 value and its source) and every assumption."""
    zp = load_zone_parameters(get_zone(zone).key)
    rows = []
    for lever in levers().values():
        rows.append({
            "kind": "lever", "key": lever.key, "vensim": lever.vensim, "unit": lever.unit,
            "low": lever.low, "high": lever.high, "step": lever.step, "group": lever.group,
            "default": round(zp.baseline_levers[lever.key], 6), "label_cn": lever.label_cn,
            "label_en": lever.label_en, "description": lever.doc,
            "description_cn": lever.help("cn"),
            "source": zp.lever_sources.get(lever.key, ""),
        })
    for a in assumptions().values():
        rows.append({
            "kind": "assumption", "key": a.key, "vensim": a.vensim, "unit": a.unit, "low": a.low,
            "high": a.high, "step": (a.high - a.low) / 100, "group": "assumption",
            "default": zp.parameters.get(a.vensim, a.default), "label_cn": a.label("cn"),
            "label_en": a.vensim, "description": a.reason, "description_cn": a.help("cn"),
            "source": "assumption",
        })
    return rows
