"""The Streamlit app through streamlit.testing.v1.AppTest: widgets change the numbers shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdsim.app_support import scenario_io
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


def test_multiselect_and_toggles():
    at = _app()
    at.multiselect(key="outcomes").set_value(["co2"]).run()
    assert not at.exception
    assert {m.label.split(" (")[0] for m in at.metric} == {"CO2 emissions 2025",
                                                           "CO2 emissions 2030"}
    at.toggle(key="office").set_value(True).run()
    at.toggle(key="images").set_value(True).run()
    assert not at.exception


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
    sc = scenario_io.AppScenario(name="tech", zone="shenzhen", levers={"share_technology": 30})
    back = scenario_io.parse_scenario(scenario_io.to_yaml(sc).encode(), "tech.yaml")
    assert back.levers == {"share_technology": 30.0} and back.zone == "shenzhen"
    head = b"zone: shenzhen\nname: bad\ndescription: {zh: x, en: x}\n"
    with pytest.raises(SdsimError, match="range"):
        scenario_io.parse_scenario(head + b"levers: {investment_rate: 99}\n")
    with pytest.raises(SdsimError, match="(?i)unknown lever"):
        scenario_io.parse_scenario(head + b"levers: {share_tech: 9}\n")
    with pytest.raises(SdsimError, match="KB limit"):
        scenario_io.parse_scenario(b"#" * (scenario_io.MAX_UPLOAD_BYTES + 1))


def test_reset_button_restores_baseline():
    at = _app()
    before = metric(at, "GDP 2030")
    slider(at, "shenzhen", "investment_rate").set_value(50.0).run()
    assert metric(at, "GDP 2030") != before
    at.button[0].click().run()
    assert metric(at, "GDP 2030") == before and not at.exception
