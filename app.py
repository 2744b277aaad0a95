"""sdsim web app: ``streamlit run app.py``. Thin pages over ``sdsim`` and ``sdsim.app_support``."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from sdsim.app_support import charts, downloads, provenance, scenario_io, targets
from sdsim.app_support.i18n import t, unit
from sdsim.app_support.simulate import Simulator, settings_from_values
from sdsim.app_support.sliders import SHARE_KEYS, rebalance, slider_default, slider_specs
from sdsim.errors import SdsimError
from sdsim.outcomes import OUTCOMES
from sdsim.zones import ZONES

KEY_OUTCOMES = ["gdp", "rd_intensity", "co2", "pm25", "water_per_10k_gdp", "disposable_income"]

st.set_page_config(page_title="sdsim", layout="wide")


@st.cache_resource
def simulator() -> Simulator:
    return Simulator()


@st.cache_data(show_spinner=False)
def baseline(zone: str) -> pd.DataFrame:
    return simulator().run(zone)


@st.cache_data(show_spinner=False)
def cached_specs(zone: str, lang: str):
    return slider_specs(zone, lang)


# ---- language and zone -------------------------------------------------------------------
lang = st.sidebar.radio(t("language"), ["cn", "en"], key="lang", horizontal=True,
                        format_func=lambda x: "中文" if x == "cn" else "English")
st.title(t("title", lang))
zone = st.sidebar.selectbox(t("zone", lang), list(ZONES), key="zone",
                            format_func=lambda z: ZONES[z].label)
specs = cached_specs(zone, lang)
by_key = {s.key: s for s in specs}


def wkey(key: str) -> str:
    return f"{zone}:{by_key[key].widget_key}"


def defaults() -> dict[str, float]:
    return {s.key: slider_default(s) for s in specs}


def apply_values(values: dict[str, float]) -> None:
    """Put lever/assumption values into the sliders' state (clamped; shares kept at 100 %)."""
    full = defaults() | {k: scenario_io.constant(v) for k, v in values.items() if k in by_key}
    given = [k for k in SHARE_KEYS if k in values]
    if given and len(given) < len(SHARE_KEYS):
        full.update(rebalance(full, given[0], full[given[0]]))
    for k, v in full.items():
        st.session_state[wkey(k)] = by_key[k].clamp(v)


for s in specs:
    st.session_state.setdefault(wkey(s.key), slider_default(s))

# ---- scenario to start from --------------------------------------------------------------
uploaded = st.session_state.setdefault("uploaded", {})
shipped = scenario_io.shipped_scenarios(zone)
options = ["__baseline__", *shipped, *[n for n, s in uploaded.items() if s.zone == zone]]


def on_scenario() -> None:
    name = st.session_state[f"{zone}:scenario"]
    try:
        if name == "__baseline__":
            apply_values({})
        elif name in uploaded:
            sc = uploaded[name]
            apply_values({**sc.levers, **sc.assumptions})
        else:
            sc = scenario_io.load_shipped(zone, name)
            apply_values({**sc.levers, **sc.assumptions})
    except SdsimError as exc:
        st.session_state["scenario_error"] = str(exc)


st.sidebar.selectbox(t("scenario", lang), options, key=f"{zone}:scenario",
                     on_change=on_scenario,
                     format_func=lambda n: t("baseline_scenario", lang) if n == "__baseline__"
                     else n)
if st.sidebar.button(t("reset", lang)):
    apply_values({})
    st.rerun()

# ---- lever sliders (generated from the catalogue) ------------------------------------------


def on_share(key: str) -> None:
    current = {k: st.session_state[wkey(k)] for k in SHARE_KEYS}
    for k, v in rebalance(current, key, current[key], by_key[key].step).items():
        st.session_state[wkey(k)] = v


st.sidebar.subheader(t("levers", lang))
levers = [s for s in specs if s.kind == "lever"]
for s in levers:
    if s.key not in SHARE_KEYS:
        st.sidebar.slider(s.label, s.low, s.high, step=s.step, key=wkey(s.key), help=s.help)
with st.sidebar.expander(t("shares", lang), expanded=True):
    st.caption(t("shares_help", lang))
    for s in levers:
        if s.key in SHARE_KEYS:
            st.slider(s.label, s.low, s.high, step=s.step, key=wkey(s.key), help=s.help,
                      on_change=on_share, args=(s.key,))
    share_total = sum(st.session_state[wkey(k)] for k in SHARE_KEYS)
    st.markdown(t("shares_sum", lang, total=share_total))
with st.sidebar.expander(t("assumptions", lang)):
    for s in specs:
        if s.kind == "assumption":
            st.slider(s.label, s.low, s.high, step=s.step, key=wkey(s.key), help=s.help)

if "scenario_error" in st.session_state:
    st.error(st.session_state.pop("scenario_error"))

values = {s.key: float(st.session_state[wkey(s.key)]) for s in specs}
dflt = defaults()
lever_values = {s.key: values[s.key] for s in levers}
assumption_values = {s.key: values[s.key] for s in specs if s.kind == "assumption"}
lever_settings = settings_from_values(lever_values, {k: dflt[k] for k in lever_values})
assumption_settings = {k: v for k, v in assumption_values.items() if abs(v - dflt[k]) > 1e-12}

# ---- compute -------------------------------------------------------------------------------
sim = simulator()
tic = time.perf_counter()
base = baseline(zone)
try:
    current = sim.run(zone, lever_settings, assumption_settings)
    band = sim.band(zone, lever_settings)
except SdsimError as exc:
    st.error(f"{t('error', lang)}: {exc}")
    st.stop()
compute_ms = (time.perf_counter() - tic) * 1000.0
zone_targets = targets.load_targets(zone)
units = current.attrs.get("units", {})
runs = {t("baseline", lang): base, t("current", lang): current}

tabs = st.tabs([t("kpis", lang), t("gap_table", lang), t("zones_compare", lang),
                t("scenario_files", lang), t("downloads", lang), t("provenance", lang)])

# ---- charts and KPI cards ------------------------------------------------------------------
with tabs[0]:
    chosen = st.multiselect(t("outcomes", lang), list(OUTCOMES), default=KEY_OUTCOMES,
                            key="outcomes", format_func=lambda k: OUTCOMES[k].name(lang))
    st.caption(t("compute_ms", lang, ms=compute_ms) + " · " + (
        t("band", lang, n=200) if band is not None else t("no_band", lang)))
    for key in chosen:
        u = unit(units.get(key, OUTCOMES[key].unit), lang)
        cols = st.columns([3, 1, 1])
        spec = charts.outcome_spec(runs, key, lang, band=band, targets=zone_targets, units=units)
        cols[0].vega_lite_chart(spec, width="stretch", height=320)
        for col, year in ((cols[1], 2025), (cols[2], 2030)):
            k = targets.kpi(base, current, zone_targets, key, year)
            status = t("no_target", lang) if k["target"] is None else t(
                "target_met" if k["met"] else "target_missed", lang, target=f"{k['target']:g}")
            col.metric(f"{OUTCOMES[key].name(lang)} {year} ({u})", f"{k['value']:,.2f}",
                       delta=f"{k['delta']:+,.2f} {t('vs_baseline', lang)}",
                       delta_color="inverse" if k["lower_is_better"] else "normal",
                       help=status)
            col.caption(status)

# ---- target gaps ---------------------------------------------------------------------------
with tabs[1]:
    if zone_targets.empty:
        st.info(t("no_targets", lang))
    else:
        gaps = targets.gap_table(zone, runs, zone_targets)
        gaps["outcome"] = [OUTCOMES[k].name(lang) if k in OUTCOMES else k for k in gaps["outcome"]]
        st.dataframe(gaps, hide_index=True, width="stretch")

# ---- all six zones -------------------------------------------------------------------------
with tabs[2]:
    ind = st.selectbox(t("outcome", lang), list(OUTCOMES), key="zone_outcome",
                       format_func=lambda k: OUTCOMES[k].name(lang))
    tables = {ZONES[z].name_cn if lang == "cn" else ZONES[z].name_en: baseline(z) for z in ZONES}
    st.caption(t("zones_compare_note", lang))
    st.altair_chart(charts.zones_chart(tables, ind, lang), width="stretch")

# ---- scenario files ------------------------------------------------------------------------
with tabs[3]:
    name = st.text_input(t("save_name", lang), value=f"{zone}_custom", key="save_name")
    sc = scenario_io.AppScenario(name=scenario_io.safe_name(name), zone=zone, levers=lever_settings,
                                 assumptions=assumption_settings)
    st.download_button(t("download_scenario", lang), scenario_io.to_yaml(sc),
                       file_name=f"{name}.yaml", mime="application/x-yaml")
    up = st.file_uploader(t("upload_scenario", lang, kb=scenario_io.MAX_UPLOAD_BYTES // 1024),
                          type=["yaml", "yml"], key="upload")
    if up is not None and up.file_id != st.session_state.get("upload_done"):
        st.session_state["upload_done"] = up.file_id
        try:
            loaded = scenario_io.parse_scenario(up.getvalue(), up.name, zone)
        except SdsimError as exc:
            st.error(f"{t('error', lang)}: {exc}")
        else:
            uploaded[loaded.name] = loaded
            st.success(t("loaded", lang, name=loaded.name))
    saved = [n for n, s in uploaded.items() if s.zone == zone] + list(shipped)
    if saved:
        st.subheader(t("compare_scenarios", lang))
        pick = st.multiselect(t("compare_pick", lang), saved, default=saved[:3], key="cmp")
        cmp_runs = dict(runs)
        for n in pick:
            s2 = uploaded[n] if n in uploaded else scenario_io.load_shipped(zone, n)
            cmp_runs[n] = sim.run(zone, s2.levers, s2.assumptions)
        for key in chosen[:4]:
            st.vega_lite_chart(charts.outcome_spec(cmp_runs, key, lang, targets=zone_targets,
                                                   units=units), width="stretch")

# ---- downloads -----------------------------------------------------------------------------
with tabs[4]:
    stem = f"sdsim_{zone}"
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("csv", lang), downloads.csv_bytes(current, lang), f"{stem}.csv",
                       "text/csv")
    if st.toggle(t("xlsx", lang) + " / " + t("docx", lang), key="office"):
        c2.download_button(t("xlsx", lang),
                           downloads.xlsx_bytes({"current": current, "baseline": base}, lang),
                           f"{stem}.xlsx")
        c3.download_button(t("docx", lang),
                           downloads.docx_bytes(current, ZONES[zone].label, lang), f"{stem}.docx")
    if st.toggle(t("png", lang) + " / " + t("svg", lang), key="images") and chosen:
        fig = charts.outcome_spec(runs, chosen[0], lang, band=band, targets=zone_targets,
                                  units=units) | {"width": 640}
        c2.download_button(t("png", lang), downloads.chart_png(fig), f"{stem}_{chosen[0]}.png",
                           "image/png")
        c3.download_button(t("svg", lang), downloads.chart_svg(fig), f"{stem}_{chosen[0]}.svg",
                           "image/svg+xml")
    st.subheader(t("table", lang))
    st.dataframe(downloads.labelled(current, lang), hide_index=True, width="stretch")

# ---- provenance ----------------------------------------------------------------------------
with tabs[5]:
    names = provenance.indexed_names(current, lang)
    if names:
        st.warning(t("indexed_note", lang, items="、".join(names) if lang == "cn" else
                     ", ".join(names)))
    else:
        st.info(t("no_indexed", lang))
    st.subheader(t("lever_sources", lang))
    st.dataframe(provenance.lever_sources(specs, lang), hide_index=True, width="stretch")
    st.subheader(t("fit_sources", lang))
    st.dataframe(provenance.fit_sources(zone, lang), hide_index=True, width="stretch")
