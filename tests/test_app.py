"""The Streamlit app through streamlit.testing.v1.AppTest: widgets change the numbers shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdsim.app_support import downloads, scenario_io
from sdsim.app_support.sliders import SHARE_KEYS, rebalance, slider_specs
from sdsim.errors import SdsimError

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _app(zone: str = "shenzhen", lang: str = "en"):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["zone"] = zone
    return at.run()


def metric(at, label: str) -> str:
    """The value of the metric whose label starts with ``label`` (the unit follows in brackets)."""
    return next(m.value for m in at.metric if m.label.split(" (")[0] == label)


def slider(at, zone: str, key: str):
    return at.slider(key=f"{zone}:lever:{key}")


def verdict(at, label: str) -> str:
    """The target verdict under the metric whose label starts with ``label``."""
    return next(m.help for m in at.metric if m.label.split(" (")[0] == label)


def gap_table(at):
    return next(df.value for df in at.dataframe if "verdict" in df.value.columns)


def test_rebalance_keeps_100_and_proportions():
    shares = {k: 20.0 for k in SHARE_KEYS}
    out = rebalance(shares, "share_technology", 40.0)
    assert out["share_technology"] == 40.0
    assert sum(out.values()) == pytest.approx(100.0)
    assert {out[k] for k in SHARE_KEYS if k != "share_technology"} == {15.0}


def test_specs_come_from_catalogue_in_both_languages():
    en, cn = slider_specs("shenzhen", "en"), slider_specs("shenzhen", "cn")
    assert [s.key for s in en] == [s.key for s in cn]
    tech_en = next(s for s in en if s.key == "share_technology")
    tech_cn = next(s for s in cn if s.key == "share_technology")
    assert tech_en.label.startswith("Technology share") and tech_cn.label.startswith("科技创新")
    assert "000_86a9a16adcebabe8.txt:82" in tech_en.help


def test_default_page_renders_without_exception():
    at = _app()
    assert not at.exception
    assert len(at.metric) >= 12
    assert at.title[0].value.startswith("Sustainable")
    # investment-share sliders start at 100 %
    total = sum(slider(at, "shenzhen", k).value for k in SHARE_KEYS)
    assert total == pytest.approx(100.0, abs=0.05)


def test_technology_share_slider_changes_metrics_and_rebalances():
    at = _app()
    before = metric(at, "R&D intensity 2030")
    slider(at, "shenzhen", "share_technology").set_value(30.0).run()
    assert not at.exception
    after = metric(at, "R&D intensity 2030")
    assert after != before
    assert float(after.replace(",", "")) > float(before.replace(",", ""))
    total = sum(slider(at, "shenzhen", k).value for k in SHARE_KEYS)
    assert total == pytest.approx(100.0, abs=0.05)
    assert slider(at, "shenzhen", "share_infrastructure").value < 46.6
    assert any("100.0" in m.value for m in at.markdown)


def test_other_lever_and_assumption_sliders_change_output():
    at = _app()
    before = metric(at, "GDP 2030")
    slider(at, "shenzhen", "investment_rate").set_value(40.0).run()
    mid = metric(at, "GDP 2030")
    assert mid != before and not at.exception
    at.slider(key="shenzhen:assumption:capital_elasticity").set_value(0.5).run()
    assert metric(at, "GDP 2030") != mid and not at.exception


def test_zone_selectbox_changes_zone():
    at = _app()
    gdp_sz = metric(at, "GDP 2030")
    at.selectbox(key="zone").set_value("lincang").run()
    assert not at.exception
    assert metric(at, "GDP 2030") != gdp_sz
    assert at.slider(key="lincang:lever:share_technology") is not None


def test_language_radio_switches_labels_and_units():
    at = _app()
    assert any(m.label == "GDP 2030 (100m yuan)" for m in at.metric)
    at.radio(key="lang").set_value("cn").run()
    assert not at.exception
    assert at.title[0].value.startswith("可持续发展")
    labels = [m.label for m in at.metric]
    assert "地区生产总值 2030 (亿元)" in labels
    assert slider(at, "shenzhen", "share_technology").label.startswith("科技创新投资占比")


def test_multiselect_and_download_buttons():
    at = _app()
    at.multiselect(key="outcomes").set_value(["co2"]).run()
    assert not at.exception
    assert {m.label.split(" (")[0] for m in at.metric} == {"CO2 emissions 2025",
                                                           "CO2 emissions 2030"}
    keys = {b.key for b in at.download_button}
    assert {"dl_xlsx", "dl_docx", "dl_csv", "dl_png", "dl_svg"} <= keys


def test_zone_comparison_selectbox():
    at = _app()
    at.selectbox(key="zone_outcome").set_value("pm25").run()
    assert not at.exception


def test_provenance_lists_sources_and_indexed_outcomes():
    at = _app("taiyuan")
    frames = [df.value for df in at.dataframe]
    assert any("source" in f.columns and f["source"].astype(str).str.contains(r"\.txt:\d+").any()
               for f in frames)
    assert any("index (2020 = 100)" in w.value for w in at.warning)


def test_scenario_roundtrip_and_validation_messages():
    sc = scenario_io.current_scenario("shenzhen", "Tech!", {"share_technology": 30.0}, {})
    back = scenario_io.parse_upload(scenario_io.to_yaml(sc).encode(), "tech.yaml")
    assert back.levers == {"share_technology": 30.0} and back.zone == "shenzhen"
    assert back.name == "tech"
    head = b"zone: shenzhen\nname: bad\ndescription: {zh: x, en: x}\n"
    with pytest.raises(SdsimError, match=r"bad\.yaml, line 4, field levers\.investment_rate: "
                                         r"value 99 % is outside the range"):
        scenario_io.parse_upload(head + b"levers: {investment_rate: 99}\n", "bad.yaml")
    with pytest.raises(SdsimError, match="(?i)unknown lever"):
        scenario_io.parse_upload(head + b"levers: {share_tech: 9}\n", "x.yaml")
    with pytest.raises(SdsimError, match="KB limit"):
        scenario_io.parse_upload(b"#" * (scenario_io.MAX_UPLOAD_BYTES + 1))


def test_uploaded_invalid_scenario_shows_the_cli_message(tmp_path):
    from sdsim.scenarios import load_scenario

    text = (b"zone: shenzhen\nname: too_much\ndescription: {zh: x, en: x}\n"
            b"levers:\n  share_technology: 5\n  investment_rate: 99\n")
    cli_file = tmp_path / "too_much.yaml"
    cli_file.write_bytes(text)
    with pytest.raises(SdsimError) as cli:  # what `sdsim compare --scenario too_much.yaml` says
        load_scenario(cli_file)
    cli_message = str(cli.value).replace(str(cli_file), "too_much.yaml")
    at = _app()
    at.file_uploader(key="upload").upload("too_much.yaml", text, "application/x-yaml").run()
    assert not at.exception
    shown = [e.value for e in at.error]
    assert any(cli_message in e for e in shown), shown
    # file, line, field and value are all in it
    assert any("too_much.yaml, line 6, field levers.investment_rate: value 99 %" in e
               for e in shown)


def test_uploaded_scenario_with_a_path_runs_the_path():
    text = (b"zone: shenzhen\nname: ramp\ndescription: {zh: x, en: x}\n"
            b"levers:\n  investment_rate: {2021: 25.5, 2030: 45.0}\n")
    at = _app()
    at.file_uploader(key="upload").upload("ramp.yaml", text, "application/x-yaml").run()
    assert any("ramp" in s.value for s in at.success)
    assert at.selectbox(key="shenzhen:scenario").value == "upload:ramp"  # loaded at once
    assert not at.exception
    assert slider(at, "shenzhen", "investment_rate").value == pytest.approx(45.0)
    assert any("path" in i.value for i in at.info)  # the note on the sidebar
    from sdsim.runner import run

    ramp = run("shenzhen", {"investment_rate": {2021: 25.5, 2030: 45.0}})  # the PySD reference
    gdp_path = float(metric(at, "GDP 2030").replace(",", ""))
    assert gdp_path == pytest.approx(float(ramp.loc[ramp["year"] == 2030, "gdp"].iloc[0]),
                                     abs=0.006)
    # moving the slider: its value holds from 2021, above the ramp, and the note goes
    slider(at, "shenzhen", "investment_rate").set_value(44.5).run()
    assert not any("path" in i.value for i in at.info)
    assert any("not the path of 'ramp'" in c.value for c in at.caption)
    assert float(metric(at, "GDP 2030").replace(",", "")) > gdp_path


def test_shipped_plan_loads_at_2030_values_and_runs_its_path():
    from sdsim.scenarios import run_scenario

    at = _app()
    at.selectbox(key="shenzhen:scenario").set_value("plan").run()
    assert not at.exception
    assert slider(at, "shenzhen", "share_technology").value == pytest.approx(9.0)
    # not set by the plan: stays at the zone's 2020 value (6191 / 24221, on the 0.01 grid)
    assert slider(at, "shenzhen", "investment_rate").value == pytest.approx(25.56)
    total = sum(slider(at, "shenzhen", k).value for k in SHARE_KEYS)
    assert total == pytest.approx(100.0, abs=1e-6)
    assert any("path" in i.value and "plan" in i.value for i in at.info)
    ref = run_scenario("plan", zone="shenzhen")  # the library's PySD run of the same file
    want = float(ref.loc[ref["year"] == 2030, "rd_intensity"].iloc[0])
    assert float(metric(at, "R&D intensity 2030")) == pytest.approx(want, abs=0.006)
    at.button(key="reset").click().run()
    assert at.selectbox(key="shenzhen:scenario").value == "baseline"
    assert not any("path" in i.value for i in at.info)


def test_shenzhen_target_gap_table_from_the_library():
    at = _app()
    gap = gap_table(at)
    assert {"R&D intensity", "PM2.5", "Water use per 10k yuan GDP",
            "Recycled-water share", "Good-air-day ratio", "Disposable income per head",
            "Total water use", "Surface water class III or better"} <= set(gap["indicator"])
    met = gap["met"].dropna().astype(bool)
    assert met.any() and (~met).any()  # rows both met and not met
    row = gap[(gap["indicator"] == "PM2.5") & (gap["year"] == 2030)].iloc[0]
    assert row["target"] == "≤ 15 ug/m3" and bool(row["met"]) is True
    rd = gap[(gap["indicator"] == "R&D intensity") & (gap["year"] == 2025)].iloc[0]
    assert rd["target"] == "5.5-6 %"
    assert verdict(at, "PM2.5 2030").startswith("Target 2030 ≤ 15 ug/m3: ✓ met")
    assert rd["verdict"] == "✗ not met" and rd["first_year_met"] == "2021"


def test_kpi_verdict_flips_when_ecology_share_rises():
    at = _app()
    before = verdict(at, "Water use per 10k yuan GDP 2025")
    assert "✗ not met" in before  # 6.11 > 6 at the baseline
    slider(at, "shenzhen", "share_ecology").set_value(12.0).run()
    assert not at.exception
    after = verdict(at, "Water use per 10k yuan GDP 2025")
    assert "✓ met" in after and "≤ 6 m3/10k yuan" in after
    cur = gap_table(at)
    row = cur[(cur["scenario"] == "Current settings") & (cur["year"] == 2025)
              & (cur["indicator"] == "Water use per 10k yuan GDP")].iloc[0]
    assert bool(row["met"]) is True


def test_zone_without_targets_says_so():
    at = _app("lincang")
    assert any("no quantitative" in i.value for i in at.info)
    assert all(m.help == "no plan target" for m in at.metric)


def test_excel_download_holds_the_current_numbers(tmp_path):
    import openpyxl

    at = _app()
    slider(at, "shenzhen", "investment_rate").set_value(40.0).run()
    shown = float(metric(at, "GDP 2030").replace(",", ""))
    data = downloads.export_bytes(downloads.app_bundle(**at.session_state["export_inputs"]),
                                  "xlsx")
    path = tmp_path / "app.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path, read_only=True)
    assert {"current", "baseline", "目标差距 Target gap"} <= set(book.sheetnames)
    rows = list(book["current"].iter_rows(values_only=True))
    header = rows[0]
    gdp = next(r for r in rows if r[0] == "gdp")
    assert gdp[header.index(2030)] == pytest.approx(shown, abs=0.006)
    base_gdp = next(r for r in book["baseline"].iter_rows(values_only=True) if r[0] == "gdp")
    assert base_gdp[header.index(2030)] != pytest.approx(shown, abs=1.0)
    gap_rows = list(book["目标差距 Target gap"].iter_rows(values_only=True))
    assert any(r[0] == "current" for r in gap_rows[1:])


def test_reset_button_restores_baseline():
    at = _app()
    before = metric(at, "GDP 2030")
    slider(at, "shenzhen", "investment_rate").set_value(50.0).run()
    assert metric(at, "GDP 2030") != before
    at.button(key="reset").click().run()
    assert metric(at, "GDP 2030") == before and not at.exception


def test_index_outcome_target_is_shown_as_not_comparable():
    from dataclasses import replace

    from sdsim.app_support import targets
    from sdsim.app_support.simulate import Simulator

    run = Simulator().run("taiyuan")  # R&D intensity runs on an index (2020 = 100) there
    assert "rd_intensity" in run.attrs["indexed"]
    rd = next(tg for tg in targets.zone_targets("shenzhen") if tg.id.endswith("rd_intensity_2030"))
    tg = replace(rd, zone="taiyuan")
    gap = targets.gap({"current": run}, [tg])
    assert gap["met"].isna().all() and gap["note"].str.startswith("index").all()
    status = targets.kpi_status(gap, "current", "rd_intensity", 2030)
    assert status["met"] is None
    assert status["text"].endswith("index: no level target comparison")
    view = targets.gap_view(gap)
    assert view.loc[0, "verdict"] == "index: no level target comparison"
    assert view.loc[0, "first_year_met"] == ""
    assert targets.chart_marks([tg], "en", run.attrs["indexed"]).empty  # no mark on an index


def test_chart_specs_carry_their_data_with_and_without_band_or_targets():
    from sdsim.app_support import charts, targets
    from sdsim.app_support.simulate import Simulator

    sim = Simulator()
    base = sim.run("shenzhen")
    runs = {"baseline": base, "plan": sim.run("shenzhen", {"share_ecology": 12.0})}
    marks = targets.chart_marks(targets.zone_targets("shenzhen"))
    for outcome, band, tg in (("gdp", None, None), ("pm25", sim.band("shenzhen"), marks),
                              ("rd_intensity", None, marks)):
        spec = charts.outcome_spec(runs, outcome, band=band, targets=tg, units=base.attrs["units"])
        parts = [spec, *spec.get("layer", [])]
        named = [p["data"] for p in parts if "name" in p.get("data", {})]
        assert not named, named  # every named dataset was filled in
        values = [v for p in parts for v in p.get("data", {}).get("values", [])]
        assert sum(v.get("series") == "plan" for v in values) == 11
    rd = [p for p in spec["layer"] if p["mark"]["type"] == "point"]
    lows = {v["year"]: v["low"] for v in rd[0]["data"]["values"]}
    assert lows == {2025: 5.5, 2030: 6.0}  # the R&D ranges' lower ends as marks
