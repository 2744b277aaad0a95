"""Altair chart builders for the app (no Streamlit here)."""

from __future__ import annotations

import json
from functools import lru_cache

import altair as alt
import pandas as pd

from sdsim.app_support.i18n import t, unit
from sdsim.outcomes import OUTCOMES


def outcome_frame(runs: dict[str, pd.DataFrame], outcome: str) -> pd.DataFrame:
    """Long table (year, value, series) of one outcome over several runs."""
    frames = [pd.DataFrame({"year": tab["year"], "value": tab[outcome], "series": name})
              for name, tab in runs.items() if outcome in tab.columns]
    return pd.concat(frames, ignore_index=True)


def zones_frame(tables: dict[str, pd.DataFrame], outcome: str) -> tuple[pd.DataFrame, bool]:
    """One outcome for every zone; as an index (2020 = 100) when the zones' units differ."""
    units = {tab.attrs.get("units", {}).get(outcome) for tab in tables.values()}
    as_index = len(units) > 1
    frames = []
    for zone_label, tab in tables.items():
        v = tab[outcome].astype(float)
        if as_index:
            base = v[tab["year"] == 2020]
            v = v / float(base.iloc[0]) * 100.0 if len(base) and base.iloc[0] else v * float("nan")
        frames.append(pd.DataFrame({"year": tab["year"], "value": v, "zone": zone_label}))
    return pd.concat(frames, ignore_index=True), as_index


def zones_chart(tables: dict[str, pd.DataFrame], outcome: str, lang: str = "en",
                height: int = 260) -> alt.Chart:
    data, as_index = zones_frame(tables, outcome)
    name = OUTCOMES[outcome].name(lang)
    first = next(iter(tables.values()))
    u = "index (2020=100)" if as_index else first.attrs.get("units", {}).get(outcome, "")
    return alt.Chart(data.dropna()).mark_line(point=True).encode(
        x=alt.X("year:Q", title=t("year", lang), axis=alt.Axis(format="d")),
        y=alt.Y("value:Q", title=f"{name} ({unit(u, lang)})", scale=alt.Scale(zero=False)),
        color=alt.Color("zone:N", title=t("zone", lang), legend=alt.Legend(orient="top")),
        tooltip=["zone:N", "year:Q", alt.Tooltip("value:Q", format=",.3~f")],
    ).properties(title=name, height=height)


# ---- fast path: Altair builds a template once, each update only swaps the data ---------------

def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    frame = frame[columns].dropna()
    data = {c: frame[c].tolist() for c in columns}
    return [dict(zip(columns, row, strict=True)) for row in zip(*data.values(), strict=True)]


@lru_cache(maxsize=256)
def _template(outcome: str, lang: str, unit_text: str, series: tuple[str, ...],
              with_band: bool, with_targets: bool, height: int) -> str:
    name = OUTCOMES[outcome].name(lang)
    x = alt.X("year:Q", title=t("year", lang), axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[2020, 2030]))
    y_title = f"{name} ({unit_text})"
    order = list(series)
    layers = []
    if with_band:
        layers.append(alt.Chart(alt.NamedData(name="band")).mark_area(
            opacity=0.2, color="#4c78a8").encode(
            x=x, y=alt.Y("low:Q", title=y_title), y2="high:Q",
            tooltip=[alt.Tooltip("year:Q", title=t("year", lang)),
                     alt.Tooltip("low:Q", format=",.3~f"), alt.Tooltip("high:Q", format=",.3~f")]))
    layers.append(alt.Chart(alt.NamedData(name="lines")).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=t("series", lang), sort=order,
                        scale=alt.Scale(domain=order),
                        legend=alt.Legend(orient="top")),
        strokeDash=alt.StrokeDash("series:N", sort=order, legend=None),
        tooltip=[alt.Tooltip("series:N", title=t("series", lang)),
                 alt.Tooltip("year:Q", title=t("year", lang)),
                 alt.Tooltip("value:Q", title=name, format=",.3~f")]))
    if with_targets:
        tips = [alt.Tooltip("label:N", title=t("target", lang))]
        marks = alt.Chart(alt.NamedData(name="targets"))
        # a range is a bar from its low to its high end; each end (or a bound) a red diamond
        layers.append(marks.mark_rule(strokeWidth=4, color="#d62728", opacity=0.6).encode(
            x=alt.X("year:Q"), y=alt.Y("low:Q"), y2="high:Q", tooltip=tips))
        for end in ("low", "high"):
            layers.append(marks.mark_point(shape="diamond", size=150, filled=True,
                                           color="#d62728", opacity=1).encode(
                x=alt.X("year:Q"), y=alt.Y(f"{end}:Q"), tooltip=tips))
    spec = alt.layer(*layers).properties(title=name, height=height)
    return json.dumps(spec.to_dict())


def outcome_spec(runs: dict[str, pd.DataFrame], outcome: str, lang: str = "en",
                 band: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
                 units: dict | None = None, height: int = 220) -> dict:
    """Vega-Lite spec of one outcome: a line per run, the band, and the plan targets.

    ``targets`` is :func:`sdsim.app_support.targets.chart_marks` (outcome, year, low, high,
    label): a bound is a red diamond, a range a red bar between two diamonds. The spec is
    built from a cached Altair template.

    Altair's ``to_dict`` costs ~35 ms a chart; filling a cached template costs well under 1 ms,
    which keeps a slider move under the app's 100 ms budget.
    """
    u = unit((units or {}).get(outcome, OUTCOMES[outcome].unit), lang)
    datasets = {"lines": _records(outcome_frame(runs, outcome), ["year", "value", "series"])}
    if band is not None and len(band):
        b = band[band["outcome"] == outcome]
        if len(b):
            datasets["band"] = _records(b, ["year", "low", "high"])
    if targets is not None and len(targets):
        tg = targets[targets["outcome"] == outcome]
        if len(tg):
            datasets["targets"] = _records(tg, ["year", "low", "high", "label"])
    spec = json.loads(_template(outcome, lang, u, tuple(runs), "band" in datasets,
                                "targets" in datasets, height))
    # inline values: no top-level 'datasets' needed. A chart of one layer (no band, no
    # targets) has its named data at the top level, not in the layer.
    for part in [spec, *spec.get("layer", [])]:
        name = part.get("data", {}).get("name")
        if name in datasets:
            part["data"] = {"values": datasets[name]}
    return spec
