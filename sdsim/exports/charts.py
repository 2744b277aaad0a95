"""Scenario charts (Altair) rendered to PNG and SVG by vl-convert with a real CJK font.

One figure of small multiples: one panel per indicator (both names and the unit in its title),
one line per scenario, and the plan targets as markers when the bundle has a target gap.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from sdsim.exports._io import write_atomic
from sdsim.exports.bundle import ExportBundle
from sdsim.exports.fonts import CjkFont, ensure_cjk_font
from sdsim.exports.labels import label
from sdsim.outcomes import INDEX_UNIT
from sdsim.zones import ZONES

DEFAULT_INDICATORS = (
    "gdp",
    "rd_intensity",
    "water_per_10k_gdp",
    "pm25",
    "co2",
    "disposable_income",
)
MAX_PANELS = 9
PANEL_WIDTH, PANEL_HEIGHT, COLUMNS = 220, 140, 3
TARGET = "目标 Target"
PALETTE = [
    "#4c78a8",
    "#f58518",
    "#54a24b",
    "#e45756",
    "#72b7b2",
    "#b279a2",
    "#9d755d",
    "#eeca3b",
    "#bab0ac",
    "#ff9da6",
]


def chart_indicators(bundle: ExportBundle, indicators=None) -> list[str]:
    """Indicators to draw: ``indicators``, else those with targets, else a default set."""
    present = bundle.indicators()
    if indicators:
        unknown = [k for k in indicators if k not in present]
        if unknown:
            from sdsim.errors import SdsimError

            raise SdsimError(
                f"chart indicator(s) {unknown} not in the runs; choose from {present}."
            )
        return list(indicators)
    if bundle.gap is not None and len(bundle.gap):
        scored = bundle.gap[bundle.gap.get("unit", "") != INDEX_UNIT]
        targeted = [k for k in present if k in set(scored["indicator"])]
        if targeted:
            return targeted[:MAX_PANELS]
    return [k for k in DEFAULT_INDICATORS if k in present]


def chart_data(bundle: ExportBundle, indicators=None) -> pd.DataFrame:
    """Tidy rows for the chart: layer ('run' or 'target'), panel, scenario, year, value."""
    keys = chart_indicators(bundle, indicators)
    panels = {k: label(k, bundle.unit(k)) for k in keys}
    rows = []
    for name, table in bundle.runs.items():
        for key in keys:
            for year, value in zip(table["year"], table[key], strict=True):
                if not math.isnan(float(value)):
                    rows.append(("run", panels[key], name, int(year), float(value)))
    if bundle.gap is not None and len(bundle.gap):
        gap = bundle.gap[bundle.gap["indicator"].isin(keys)]
        if "unit" in gap:  # a level target cannot be drawn on an index
            gap = gap[gap["unit"] != INDEX_UNIT]
        if "target_year" in gap:  # a target held after its year is drawn at its year only
            gap = gap[gap["target_year"] == gap["year"]]
        for (key, year), group in gap.groupby(["indicator", "year"], sort=False):
            first = group.iloc[0]
            for bound in ("target_low", "target_high"):
                value = first.get(bound)
                if value is not None and not pd.isna(value):
                    rows.append(("target", panels[key], TARGET, int(year), float(value)))
    frame = pd.DataFrame(rows, columns=["layer", "panel", "scenario", "year", "value"])
    frame.attrs["panels"] = list(panels.values())
    return frame


def scenario_chart(bundle: ExportBundle, indicators=None):
    """The Altair chart (small multiples, one line per scenario, target markers)."""
    import altair as alt

    data = chart_data(bundle, indicators)
    zone = ZONES[bundle.zone]
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=False))
    domain = bundle.scenarios + ([TARGET] if (data["layer"] == "target").any() else [])
    palette = PALETTE * (len(bundle.scenarios) // len(PALETTE) + 1)
    color = alt.Color(
        "scenario:N",
        title="情景 Scenario",
        scale=alt.Scale(domain=domain, range=palette[: len(bundle.scenarios)] + ["black"]),
    )
    shape = alt.Shape(
        "scenario:N",
        title="情景 Scenario",
        scale=alt.Scale(domain=domain, range=["circle"] * len(bundle.scenarios) + ["diamond"]),
    )
    lines = (
        alt.Chart()
        .transform_filter(alt.datum.layer == "run")
        .mark_line(point=alt.OverlayMarkDef(size=25))
        .encode(x=x, y=y, color=color, shape=shape)
    )
    targets = (
        alt.Chart()
        .transform_filter(alt.datum.layer == "target")
        .mark_point(size=90, filled=True, opacity=1)
        .encode(x=x, y=y, color=color, shape=shape)
    )
    layers = [lines] + ([targets] if (data["layer"] == "target").any() else [])
    years = f"{int(data['year'].min())}–{int(data['year'].max())}" if len(data) else ""
    return (
        alt.layer(*layers, data=data)
        .properties(width=PANEL_WIDTH, height=PANEL_HEIGHT)
        .facet(facet=alt.Facet("panel:N", sort=data.attrs["panels"], title=None), columns=COLUMNS)
        .resolve_scale(y="independent")
        .properties(title=f"{zone.name_cn} {zone.name_en}：情景模拟 Scenario results {years}")
    )


def chart_spec(bundle: ExportBundle, indicators=None, font: CjkFont | None = None) -> dict:
    """The Vega-Lite spec with every text set in ``font`` (a CSS family list)."""
    spec = scenario_chart(bundle, indicators).to_dict()
    family = font.css_family() if font else "sans-serif"
    spec["config"] = {
        **spec.get("config", {}),
        "font": family,
        "header": {"labelFontSize": 11, "labelFont": family},
        "title": {"fontSize": 15, "font": family},
    }
    return spec


def render_png(bundle: ExportBundle, indicators=None, scale: float = 2.0) -> bytes:
    """PNG bytes of the scenario chart (SdsimError when no CJK font is installed)."""
    import vl_convert

    font = ensure_cjk_font()
    return vl_convert.vegalite_to_png(chart_spec(bundle, indicators, font), scale=scale)


def render_svg(bundle: ExportBundle, indicators=None) -> str:
    """SVG text of the scenario chart; text stays text, with CJK fallbacks for viewers."""
    import vl_convert

    font = ensure_cjk_font()
    return vl_convert.vegalite_to_svg(chart_spec(bundle, indicators, font))


def write_png(bundle: ExportBundle, path, indicators=None, scale: float = 2.0) -> Path:
    """Render first, then write atomically: a failed render leaves ``path`` untouched."""
    image = render_png(bundle, indicators, scale)
    return write_atomic(path, lambda tmp: Path(tmp).write_bytes(image))


def write_svg(bundle: ExportBundle, path, indicators=None) -> Path:
    """Render first, then write atomically (UTF-8)."""
    image = render_svg(bundle, indicators)
    return write_atomic(path, lambda tmp: Path(tmp).write_text(image, encoding="utf-8"))
