"""Plan targets in the app: marks for the charts, KPI verdicts and the target-gap table.

Everything is scored by the library: targets come from :func:`sdsim.targets.targets`
(``models/targets.csv``) and verdicts from :func:`sdsim.compare.gap_from_runs`, applied to the
runs the app already has, so the app shows the same met / not met, margins and notes as
``sdsim targets`` and ``sdsim compare`` on the command line. This module only reshapes and
labels those tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from sdsim.app_support.i18n import t, unit
from sdsim.compare import gap_from_runs
from sdsim.outcomes import INDEX_UNIT, OUTCOMES
from sdsim.targets import Target
from sdsim.targets import targets as library_targets

YEARS = (2025, 2030)
#: Columns of :func:`chart_marks` (one row per target mark on a chart).
MARK_COLUMNS = ["outcome", "year", "low", "high", "label"]


def zone_targets(zone: str) -> list[Target]:
    """The zone's published targets on model outcomes (``models/targets.csv``)."""
    return library_targets(zone, modelled=True)


def describe(target: Target, lang: str = "en") -> str:
    """'≤ 15 ug/m3', '5.5-6 %' with the unit in ``lang``."""
    text = target.describe()
    return text[: -len(target.unit)] + unit(target.unit, lang) if target.unit else text


def chart_marks(tlist: Sequence[Target], lang: str = "en",
                indexed: Sequence[str] = ()) -> pd.DataFrame:
    """Target marks for the charts: outcome, year, low and high end, label.

    A bound has one end (``low == high``), a range both. Targets on an outcome that this zone
    runs on an index (2020 = 100) are left out: a level cannot be drawn on an index.
    """
    rows = []
    skip = set(indexed)
    for tg in tlist:
        if tg.indicator in skip or tg.bound == "about" and tg.low is None:
            continue
        ends = [v for v in (tg.low, tg.high) if v is not None and math.isfinite(v)]
        if not ends:
            continue
        rows.append({"outcome": tg.indicator, "year": tg.year, "low": min(ends),
                     "high": max(ends),
                     "label": f"{t('target', lang)} {tg.year}: {describe(tg, lang)}"})
    return pd.DataFrame(rows, columns=MARK_COLUMNS)


def gap(runs: Mapping[str, pd.DataFrame], tlist: Sequence[Target],
        names: Sequence[str] | None = None, years: Sequence[int] = YEARS) -> pd.DataFrame:
    """:func:`sdsim.compare.gap_from_runs` on the app's runs (all of them by default)."""
    return gap_from_runs(dict(runs), list(names or runs), list(years), list(tlist))


def is_index_row(row) -> bool:
    return row["unit"] == INDEX_UNIT or str(row.get("note", "")).startswith("index")


def verdict(row, lang: str = "en") -> str:
    """'met' / 'not met' / 'index: no level target comparison' for one gap-table row."""
    if row["met"] is pd.NA or row["met"] is None or pd.isna(row["met"]):
        return t("verdict_index", lang) if is_index_row(row) else t("verdict_unscored", lang)
    return t("verdict_met" if bool(row["met"]) else "verdict_missed", lang)


def target_text(row, lang: str = "en") -> str:
    """The target of a gap-table row as text ('≤ 15 ug/m3', '5.5-6 %')."""
    u = unit(str(row["unit"]), lang) if row["unit"] != INDEX_UNIT else ""
    low, high = row["target_low"], row["target_high"]
    bound = row["bound"]
    if bound == "range":
        return f"{low:g}-{high:g} {u}".strip()
    value = high if bound in ("<=", "<") else low
    sign = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "about": "≈"}.get(bound, bound)
    return f"{sign} {value:g} {u}".strip()


def _status(row, lang: str) -> dict:
    met = None if pd.isna(row["met"]) else bool(row["met"])
    year, target_year = int(row["year"]), int(row["target_year"])
    head = t("kpi_target", lang, year=target_year, target=target_text(row, lang))
    if target_year != year:
        head += " " + t("held_in", lang, year=year)
    text = f"{head}: {verdict(row, lang)}"
    if met is not None and not pd.isna(row["margin"]):
        text += " " + t("margin_text", lang, margin=f"{row['margin']:+,.2f}")
    return {"met": met, "text": text, "held": target_year != year}


def kpi_statuses(gap_table: pd.DataFrame | None, scenario: str,
                 lang: str = "en") -> dict[tuple[str, int], dict]:
    """(outcome, year) -> verdict of ``scenario`` from the gap table (see :func:`kpi_status`)."""
    if gap_table is None or gap_table.empty:
        return {}
    rows = gap_table[gap_table["scenario"] == scenario]
    return {(row["indicator"], int(row["year"])): _status(row, lang)
            for row in rows.to_dict("records")}


def kpi_status(gap_table: pd.DataFrame, scenario: str, outcome: str, year: int,
               lang: str = "en") -> dict | None:
    """The verdict of ``outcome`` in ``year`` for ``scenario`` from the gap table, or None.

    Returns ``{'met': True/False/None, 'text': ..., 'held': bool}``; ``text`` reads e.g.
    'Target 2030 ≤ 15 ug/m3: ✓ met (margin +3.89)'.
    """
    return kpi_statuses(gap_table, scenario, lang).get((outcome, int(year)))


def _year(value, scored: bool, lang: str) -> str:
    """A year as text; 'not reached' for a scored target never met (blank when not scored)."""
    if value is None or pd.isna(value):
        return t("not_reached", lang) if scored else ""
    return str(int(value))


GAP_VIEW_COLUMNS = ["indicator", "year", "scenario", "value", "target", "verdict", "met",
                    "margin", "first_year_met", "stays_met_from", "note", "source"]


def gap_view(gap_table: pd.DataFrame, lang: str = "en",
             scenario_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The gap table for display: readable names, the target as text and a verdict column.

    ``met`` stays a nullable boolean (True, False or empty for an index outcome) next to the
    verdict text; the first year met and the year from which it stays met are text ('not
    reached' when the run never gets there).
    """
    labels = dict(scenario_labels or {})
    order = {k: i for i, k in enumerate(dict.fromkeys(gap_table["indicator"]))}
    frame = gap_table.assign(_order=gap_table["indicator"].map(order)).sort_values(
        ["_order", "year"], kind="stable")  # the runs of one target next to each other
    view = pd.DataFrame({
        "indicator": [OUTCOMES[k].name(lang) if k in OUTCOMES else k
                      for k in frame["indicator"]],
        "year": frame["year"].astype(int),
        "scenario": [labels.get(s, s) for s in frame["scenario"]],
        "value": frame["value"].round(3),
        "target": [target_text(r, lang) for _, r in frame.iterrows()],
        "verdict": [verdict(r, lang) for _, r in frame.iterrows()],
        "met": frame["met"],
        "margin": frame["margin"].round(3),
        "first_year_met": [_year(v, scored, lang) for v, scored
                           in zip(frame["first_year_met"], frame["met"].notna(), strict=True)],
        "stays_met_from": [_year(v, scored, lang) for v, scored
                           in zip(frame["stays_met_from"], frame["met"].notna(), strict=True)],
        "note": frame["note"],
        "source": frame["source"],
    })
    return view[GAP_VIEW_COLUMNS].reset_index(drop=True)


#: Outcomes where a fall is good news: only the colour of a KPI card's change arrow (the
#: verdict always comes from the target's own bound).
LOWER_IS_BETTER = frozenset({"pm25", "water_per_10k_gdp", "water_use", "energy_intensity",
                             "energy_use", "co2"})
