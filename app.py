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
from sdsim.zones import ZONES, get_zone

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


@st.cache_data(show_spinner=False)
def baseline_gap(zone: str) -> pd.DataFrame:
    """The baseline's rows of the target-gap table (sdsim.compare.gap_from_runs)."""
    return targets.gap({"baseline": baseline(zone)}, targets.zone_targets(zone))


@st.cache_data(show_spinner=False)
def shipped_run(zone: str, name: str) -> pd.DataFrame:
    sc = scenario_io.shipped(zone, name)
    return simulator().run(zone, sc.settings(), dict(sc.assumptions), normalise=sc.normalise)


# ---- language and zone -------------------------------------------------------------------
# a link can name them: ?zone=shenzhen&lang=en (the address follows the choice)
for param, allowed in (("lang", ("cn", "en")), ("zone", tuple(ZONES))):
    if param not in st.session_state and st.query_params.get(param) in allowed:
        st.session_state[param] = st.query_params[param]
lang = st.sidebar.radio(t("language"), ["cn", "en"], key="lang", horizontal=True,
                        format_func=lambda x: "中文" if x == "cn" else "English")
st.title(t("title", lang))
zone = st.sidebar.selectbox(t("zone", lang), list(ZONES), key="zone",
                            format_func=lambda z: ZONES[z].label)
st.query_params.update({"zone": zone, "lang": lang})
specs = cached_specs(zone, lang)
by_key = {s.key: s for s in specs}


def wkey(key: str) -> str:
    return f"{zone}:{by_key[key].widget_key}"


def defaults() -> dict[str, float]:
    return {s.key: slider_default(s) for s in specs}


def apply_values(values: dict[str, float]) -> None:
    """Put lever/assumption values into the sliders' state (clamped; shares kept at 100 %)."""
    full = defaults() | {k: round(float(v), 6) for k, v in values.items() if k in by_key}
    given = [k for k in SHARE_KEYS if k in values]
    if given and len(given) < len(SHARE_KEYS):
        full.update(rebalance(full, given[0], full[given[0]]))
    for k, v in full.items():
        st.session_state[wkey(k)] = by_key[k].clamp(v)


for s in specs:
    st.session_state.setdefault(wkey(s.key), slider_default(s))

# ---- scenario to start from --------------------------------------------------------------
# Uploaded scenarios: zone -> {name: Scenario}. The loaded scenario of a zone keeps its lever
# settings (paths included) and the slider values they were shown at; while the sliders are
# where loading put them, the run uses the scenario's own settings.
uploaded = st.session_state.setdefault("uploaded", {})
zone_uploads = uploaded.get(zone, {})
options = scenario_io.scenario_names(zone) + [f"upload:{n}" for n in zone_uploads]
loaded_key = f"{zone}:loaded"


def load(sc) -> None:
    apply_values(scenario_io.slider_values(sc))
    st.session_state[loaded_key] = {
        "scenario": sc, "path": scenario_io.has_path(sc),
        "snapshot": {k: st.session_state[wkey(k)] for k in by_key}}


def on_scenario() -> None:
    name = st.session_state[f"{zone}:scenario"]
    try:
        sc = (zone_uploads[name.split(":", 1)[1]] if name.startswith("upload:")
              else scenario_io.shipped(zone, name))
    except (SdsimError, KeyError) as exc:
        st.session_state["scenario_error"] = str(exc)
        return
    load(sc)


def on_reset() -> None:
    apply_values({})
    st.session_state.pop(loaded_key, None)
    st.session_state[f"{zone}:scenario"] = "baseline"


def scenario_label(name: str) -> str:
    if name == "baseline":
        return t("baseline_scenario", lang)
    if name.startswith("upload:"):
        return f"{name.split(':', 1)[1]} ({t('uploaded', lang)})"
    return name


pending = st.session_state.pop("pending_load", None)
if pending in zone_uploads:  # a scenario uploaded on the last run: select and load it
    st.session_state[f"{zone}:scenario"] = f"upload:{pending}"
    load(zone_uploads[pending])

st.sidebar.selectbox(t("scenario", lang), options, key=f"{zone}:scenario",
                     on_change=on_scenario, format_func=scenario_label)
st.sidebar.button(t("reset", lang), on_click=on_reset, key="reset")
note_slot = st.sidebar.container()  # which settings the run uses, filled in below

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
assumption_settings = {k: v for k, v in assumption_values.items() if abs(v - dflt[k]) > 1e-12}
loaded = st.session_state.get(loaded_key)
use_loaded = loaded is not None and all(
    abs(lever_values[k] - loaded["snapshot"][k]) < 1e-9 for k in lever_values)
if use_loaded:  # the scenario's own settings: paths stay paths, values stay exact
    lever_settings, normalise = loaded["scenario"].settings(), loaded["scenario"].normalise
    if loaded["path"]:
        note_slot.info(t("path_note", lang, name=loaded["scenario"].name))
else:
    lever_settings = settings_from_values(lever_values, {k: dflt[k] for k in lever_values})
    normalise = True
    if loaded is not None and loaded["path"]:
        note_slot.caption(t("path_dropped", lang, name=loaded["scenario"].name))

# ---- compute -------------------------------------------------------------------------------
sim = simulator()
tic = time.perf_counter()
base = baseline(zone)
try:
    current = sim.run(zone, lever_settings, assumption_settings, normalise=normalise)
    band = sim.band(zone, lever_settings, normalise=normalise)
except SdsimError as exc:
    st.error(f"{t('error', lang)}: {exc}")
    st.stop()
tlist = targets.zone_targets(zone)
gap_all = pd.concat([baseline_gap(zone), targets.gap({"current": current}, tlist)],
                    ignore_index=True) if tlist else None
compute_ms = (time.perf_counter() - tic) * 1000.0
units = current.attrs.get("units", {})
marks = targets.chart_marks(tlist, lang, current.attrs.get("indexed", []))
names = {"baseline": t("baseline", lang), "current": t("current", lang)}
runs = {names["baseline"]: base, names["current"]: current}
lib_runs = {"baseline": base, "current": current}

tabs = st.tabs([t("kpis", lang), t("gap_table", lang), t("zones_compare", lang),
                t("scenario_files", lang), t("downloads", lang), t("provenance", lang)])

# ---- charts and KPI cards ------------------------------------------------------------------
with tabs[0]:
    chosen = st.multiselect(t("outcomes", lang), list(OUTCOMES), default=KEY_OUTCOMES,
                            key="outcomes", format_func=lambda k: OUTCOMES[k].name(lang))
    notes = [t("compute_ms", lang, ms=compute_ms),
             t("band", lang, n=200) if band is not None else t("no_band", lang)]
    if len(marks):
        notes.append(t("targets_legend", lang))
    st.caption(" · ".join(notes))
    if not tlist:
        st.info(t("no_targets", lang))
    statuses = targets.kpi_statuses(gap_all, "current", lang)
    for key in chosen:
        u = unit(units.get(key, OUTCOMES[key].unit), lang)
        cols = st.columns([3, 1, 1])
        spec = charts.outcome_spec(runs, key, lang, band=band, targets=marks, units=units)
        cols[0].vega_lite_chart(spec, width="stretch", height=320)
        for col, year in ((cols[1], 2025), (cols[2], 2030)):
            row = current.loc[current["year"] == year, key]
            ref = base.loc[base["year"] == year, key]
            value = float(row.iloc[0]) if len(row) else float("nan")
            delta = value - float(ref.iloc[0]) if len(ref) else float("nan")
            status = statuses.get((key, year))
            text = t("no_target", lang) if status is None else status["text"]
            col.metric(f"{OUTCOMES[key].name(lang)} {year} ({u})", f"{value:,.2f}",
                       delta=f"{delta:+,.2f} {t('vs_baseline', lang)}",
                       # no arrow for 'unchanged': an up-arrow on +0.00 reads as a change
                       delta_arrow="auto" if abs(delta) >= 0.005 else "off",
                       delta_color=("off" if abs(delta) < 0.005 else
                                    "inverse" if key in targets.LOWER_IS_BETTER else "normal"),
                       help=text)
            if status is not None and status["met"] is not None:
                text = f":{'green' if status['met'] else 'red'}[{text}]"
            col.caption(text)

# ---- target gaps ---------------------------------------------------------------------------
with tabs[1]:
    if gap_all is None or gap_all.empty:
        st.info(t("no_targets", lang))
    else:
        cur = gap_all[gap_all["scenario"] == "current"]
        st.markdown("**" + t("gap_summary", lang, met=int((cur["met"] == True).sum()),  # noqa: E712
                                 missed=int((cur["met"] == False).sum()),  # noqa: E712
                                 n=int(cur["met"].notna().sum())) + "**")
        st.caption(t("gap_intro", lang))
        view = targets.gap_view(gap_all, lang, names)
        st.dataframe(view, hide_index=True, width="stretch", key="gap_table", column_config={
            "indicator": st.column_config.TextColumn(t("col_indicator", lang)),
            "year": st.column_config.NumberColumn(t("year", lang), format="%d"),
            "scenario": st.column_config.TextColumn(t("col_scenario", lang)),
            "value": st.column_config.NumberColumn(t("col_value", lang)),
            "target": st.column_config.TextColumn(t("col_target", lang)),
            "verdict": st.column_config.TextColumn(t("col_verdict", lang)),
            "met": st.column_config.CheckboxColumn(t("col_met", lang)),
            "margin": st.column_config.NumberColumn(t("col_margin", lang)),
            "first_year_met": st.column_config.TextColumn(t("col_first", lang)),
            "stays_met_from": st.column_config.TextColumn(t("col_stays", lang)),
            "note": st.column_config.TextColumn(t("col_note", lang)),
            "source": st.column_config.TextColumn(t("source", lang)),
        })

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

    def scenario_yaml(name=name, settings=lever_settings, assumed=assumption_settings,
                      norm=normalise) -> str:
        sc = scenario_io.current_scenario(zone, name, settings, assumed, normalise=norm)
        return scenario_io.to_yaml(sc)

    st.download_button(t("download_scenario", lang), scenario_yaml,
                       file_name=f"{scenario_io.safe_name(name)}.yaml", mime="application/x-yaml",
                       on_click="ignore")
    up = st.file_uploader(t("upload_scenario", lang, kb=scenario_io.MAX_UPLOAD_BYTES // 1024),
                          type=["yaml", "yml"], key="upload")
    if up is not None and up.file_id != st.session_state.get("upload_done"):
        st.session_state["upload_done"] = up.file_id
        try:
            sc = scenario_io.parse_upload(up.getvalue(), up.name)
        except SdsimError as exc:
            st.session_state["upload_message"] = ("error", f"{t('error', lang)}: {exc}")
        else:
            own = get_zone(sc.zone).key
            uploaded.setdefault(own, {})[sc.name] = sc
            if own == zone:
                st.session_state["upload_message"] = ("success", t("loaded", lang, name=sc.name))
                st.session_state["pending_load"] = sc.name
                st.rerun()  # list it in the sidebar and run it
            st.session_state["upload_message"] = ("info", t(
                "other_zone", lang, name=sc.name, zone=ZONES[own].label))
    if "upload_message" in st.session_state:
        kind, text = st.session_state["upload_message"]
        getattr(st, kind)(text)
    saved = [f"upload:{n}" for n in uploaded.get(zone, {})] + [
        n for n in scenario_io.scenario_names(zone) if n != "baseline"]
    if saved:
        st.subheader(t("compare_scenarios", lang))
        pick = st.multiselect(t("compare_pick", lang), saved, default=saved[:3], key="cmp",
                              format_func=scenario_label)
        cmp_runs = dict(runs)
        for n in pick:
            if n.startswith("upload:"):
                s2 = uploaded[zone][n.split(":", 1)[1]]
                cmp_runs[scenario_label(n)] = sim.run(zone, s2.settings(), dict(s2.assumptions),
                                                      normalise=s2.normalise)
            else:
                cmp_runs[n] = shipped_run(zone, n)
        for key in chosen[:4]:
            st.vega_lite_chart(charts.outcome_spec(cmp_runs, key, lang, targets=marks,
                                                   units=units), width="stretch", height=320)

# ---- downloads (sdsim.exports) -------------------------------------------------------------
with tabs[4]:
    st.caption(t("downloads_note", lang))
    description = t("loaded_active", lang, name=loaded["scenario"].name) if use_loaded else ""
    export_inputs = {"zone": zone, "runs": lib_runs, "gap": gap_all,
                     "descriptions": {"current": description} if description else {}}
    st.session_state["export_inputs"] = export_inputs  # what the buttons below write
    font = downloads.has_cjk_font()
    figures = [k for k in chosen if k in OUTCOMES][:9] or None

    def make(fmt: str, inputs=export_inputs, figures=figures):
        return lambda: downloads.export_bytes(downloads.app_bundle(**inputs), fmt, figures)

    stem = f"sdsim_{zone}"
    cols = st.columns(5)
    for col, fmt in zip(cols, ("xlsx", "docx", "csv", "png", "svg"), strict=True):
        needs_font = fmt in ("png", "svg", "docx")
        col.download_button(t(fmt, lang), make(fmt), f"{stem}.{fmt}", downloads.MIME[fmt],
                            key=f"dl_{fmt}", on_click="ignore",
                            disabled=needs_font and not font and fmt != "docx",
                            help=None if font or not needs_font else t("no_font", lang))
    st.subheader(t("table", lang))
    st.dataframe(downloads.labelled(current, lang).round(3), hide_index=True, width="stretch")

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
