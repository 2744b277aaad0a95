"""Scenario files: shipped set, loading, round trip, lever effects, shares, and every error path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sdsim.errors import SdsimError
from sdsim.levers import SHARE_KEYS, levers
from sdsim.paths import SCENARIOS_DIR, SEEDS_DIR
from sdsim.scenario_schema import read_yaml
from sdsim.scenarios import (
    Scenario,
    list_scenarios,
    load_scenario,
    make_scenario,
    read_scenario_file,
    resolved_levers,
    run_scenario,
    save_scenario,
    scenario_names,
    scenario_to_yaml,
)
from sdsim.zone_params import load_zone_parameters
from sdsim.zones import ZONES

REQUIRED = ("baseline", "plan", "ecology_first", "innovation_first", "livelihood_first")
SHIPPED = sorted(Path(SCENARIOS_DIR).glob("*.yaml"))
HEAD = "zone: shenzhen\ndescription: {zh: 测试, en: test}\n"


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def value_2025(table, key: str) -> float:
    return float(table.loc[table["year"] == 2025, key].iloc[0])


# --------------------------------------------------------------------------- the shipped set


@pytest.mark.parametrize("zone", list(ZONES))
def test_each_zone_ships_baseline_plan_and_three_alternatives(zone):
    names = scenario_names(zone)
    assert set(REQUIRED) <= set(names)
    for name in REQUIRED:
        sc = load_scenario(name, zone=zone)
        assert sc.origin == Path(SCENARIOS_DIR) / f"{zone}_{name}.yaml"
        assert (sc.zone, sc.name) == (zone, name)
        assert sc.description.zh.strip() and sc.description.en.strip()
        assert set(sc.levers) <= set(levers())  # the keys `sdsim levers` lists
        assert sc.sources, f"{zone}_{name}: no source lines"
    assert load_scenario("baseline", zone=zone).levers == {}
    # the plan says which source lines motivated it and what is the analyst's assumption
    plan = load_scenario("plan", zone=zone)
    assert "Analyst's assumption" in plan.description.en and "分析者假设" in plan.description.zh
    for src in plan.sources:  # each cited file and line is named in the description
        file, line = src.ref.split(":")
        assert file in plan.description.en and file in plan.description.zh
        assert f"line {line}" in plan.description.en or f"lines {line}" in plan.description.en


def test_file_names_match_zone_and_name():
    for path in SHIPPED:
        sc = read_scenario_file(path)
        assert path.name == f"{sc.zone}_{sc.name}.yaml"


@pytest.mark.parametrize("zone", list(ZONES))
def test_alternatives_keep_the_total_investment(zone):
    base = load_zone_parameters(zone).baseline_levers
    for name in ("ecology_first", "innovation_first", "livelihood_first"):
        sc = load_scenario(name, zone=zone)
        assert "investment_rate" not in sc.levers
        table = resolved_levers(sc)
        assert np.allclose(table["investment_rate"], base["investment_rate"])
        assert np.allclose(table[list(SHARE_KEYS)].sum(axis=1), 100.0)
        # the priority share is 10 points above the 2020 value by 2025 (rounded to 0.5)
        share = {
            "ecology_first": "share_ecology",
            "innovation_first": "share_technology",
            "livelihood_first": "share_livelihood",
        }[name]
        got = float(table.loc[table["year"] == 2025, share].iloc[0])
        assert abs(got - (base[share] + 10)) <= 0.25


def test_list_scenarios_covers_every_file():
    frame = list_scenarios()
    assert len(frame) == len(SHIPPED)
    assert set(frame["zone"]) == set(ZONES)
    assert (frame["description"].str.len() > 0).all()


@pytest.mark.skipif(not SEEDS_DIR.exists(), reason="source documents not present")
def test_every_scenario_quote_is_on_its_cited_line():
    cache: dict[str, list[str]] = {}
    for path in SHIPPED:
        for src in read_scenario_file(path).sources:
            name, line = src.ref.rsplit(":", 1)
            lines = cache.setdefault(name, (SEEDS_DIR / name).read_text("utf-8").split("\n"))
            assert src.quote in lines[int(line) - 1], f"{path.name}: {src.ref} {src.quote}"


# --------------------------------------------------------------------------- finding scenarios


def test_load_by_name_full_name_and_path():
    by_name = load_scenario("plan", zone="shenzhen")
    assert load_scenario("shenzhen_plan") == by_name
    assert load_scenario(str(SCENARIOS_DIR / "shenzhen_plan.yaml")) == by_name
    assert load_scenario(Path(SCENARIOS_DIR) / "shenzhen_plan.yaml", zone="深圳") == by_name


def test_baseline_is_implicit_without_a_file(monkeypatch, tmp_path):
    import sdsim.scenarios as mod

    monkeypatch.setattr(mod, "SCENARIOS_DIR", tmp_path)
    sc = load_scenario("baseline", zone="lincang")
    assert sc.levers == {} and sc.origin is None and sc.zone == "lincang"
    assert scenario_names("lincang") == ["baseline"]


def test_unknown_scenario_name_suggests():
    with pytest.raises(SdsimError, match=r"unknown scenario 'plna'.*Did you mean 'plan'"):
        load_scenario("plna", zone="shenzhen")
    with pytest.raises(SdsimError, match="say which zone"):
        load_scenario("plan")


def test_zone_mismatch_is_refused():
    path = SCENARIOS_DIR / "chengde_plan.yaml"
    with pytest.raises(SdsimError) as err:
        load_scenario(path, zone="shenzhen")
    msg = str(err.value)
    assert "chengde_plan.yaml" in msg and "line 1" in msg and "--zone chengde" in msg


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_files_are_canonical_and_round_trip(path, tmp_path):
    sc = read_scenario_file(path)
    text = path.read_text(encoding="utf-8")
    assert scenario_to_yaml(sc) == text  # YAML -> scenario -> YAML is lossless
    out = save_scenario(sc, tmp_path / path.name)
    again = read_scenario_file(out)
    assert again == sc
    assert again.model_dump() == sc.model_dump()


def test_hand_written_file_round_trips(tmp_path):
    text = (
        "# a comment\n"
        "zone: shenzhen\n"
        "name: mine\n"
        "description:\n  zh: 我的情景\n  en: |\n    Two lines\n    of text\n"
        "normalise: true\n"
        "levers:\n"
        "  share_technology:\n    2021: 5\n    2025: 8.25\n"
        "  investment_rate: 26\n"
        "  share_infrastructure: 40\n  share_ecology: 10\n  share_livelihood: 10\n"
        "  share_industry: 25\n"
        "assumptions: {knowledge_rd_elasticity: 0.2}\n"
        "sources:\n- ref: 000_86a9a16adcebabe8.txt:82\n  quote: 用于科技创新的占 3.56%\n"
    )
    first = read_scenario_file(write(tmp_path, text, "mine.yaml"))
    assert first.levers["share_technology"] == {2021: 5.0, 2025: 8.25}
    assert first.levers["investment_rate"] == 26.0
    assert first.description.en == "Two lines\nof text\n"
    second = read_scenario_file(save_scenario(first, tmp_path / "again.yaml"))
    assert second == first
    assert scenario_to_yaml(second) == scenario_to_yaml(first)


def test_name_defaults_to_the_file_name(tmp_path):
    sc = read_scenario_file(write(tmp_path, HEAD, "shenzhen_my_case.yaml"))
    assert sc.name == "my_case"


# --------------------------------------------------------------------------- lever effects


def test_shenzhen_plan_moves_outcomes_the_way_its_levers_push():
    base = run_scenario("baseline", zone="shenzhen")
    plan = run_scenario("plan", zone="shenzhen")
    # more technology share -> more R&D spending and a higher R&D intensity in 2025
    assert value_2025(plan, "investment_technology") > 1.5 * value_2025(
        base, "investment_technology"
    )
    assert value_2025(plan, "rd_intensity") > value_2025(base, "rd_intensity") + 0.3
    # more water-saving infrastructure and ecology -> lower water intensity, more recycling
    assert value_2025(plan, "water_per_10k_gdp") < value_2025(base, "water_per_10k_gdp") - 0.1
    assert value_2025(plan, "recycled_water") > value_2025(base, "recycled_water") + 1.0
    # more ecology and clean energy -> less PM2.5 and CO2
    assert value_2025(plan, "pm25") < value_2025(base, "pm25")
    assert value_2025(plan, "co2") < value_2025(base, "co2") - 5.0
    # more livelihood investment -> more public services
    assert value_2025(plan, "public_service_level") > value_2025(base, "public_service_level") + 10
    # less productive investment at the same investment rate -> lower GDP
    assert value_2025(plan, "gdp") < value_2025(base, "gdp")
    # 2020 reproduces the data in both
    assert np.allclose(
        plan.iloc[0, 1:].to_numpy(float), base.iloc[0, 1:].to_numpy(float), equal_nan=True
    )


#: lever -> an outcome it pushes up (+1) or down (-1) in the model
EFFECTS = {
    "share_technology": ("rd_spending", +1),
    "share_ecology": ("investment_ecology", +1),
    "share_livelihood": ("public_service_level", +1),
    "water_share_of_infrastructure": ("recycled_water", +1),
    "energy_share_of_infrastructure": ("clean_energy_share", +1),
}


@pytest.mark.parametrize("zone", list(ZONES))
def test_every_plan_moves_the_outcomes_its_raised_levers_drive(zone):
    plan = load_scenario("plan", zone=zone)
    base_levers = load_zone_parameters(zone).baseline_levers
    lever_2025 = resolved_levers(plan).set_index("year").loc[2025]
    base = run_scenario("baseline", zone=zone)
    run = run_scenario(plan)
    checked = 0
    for lever, (outcome, sign) in EFFECTS.items():
        if lever in plan.levers and lever_2025[lever] > base_levers[lever]:
            assert sign * (value_2025(run, outcome) - value_2025(base, outcome)) > 0, lever
            checked += 1
    assert checked >= 2


def test_alternatives_move_their_own_outcome():
    base = run_scenario("baseline", zone="shenzhen")
    eco = run_scenario("ecology_first", zone="shenzhen")
    tech = run_scenario("innovation_first", zone="shenzhen")
    live = run_scenario("livelihood_first", zone="shenzhen")
    assert value_2025(eco, "pm25") < value_2025(base, "pm25")
    assert value_2025(tech, "rd_intensity") > value_2025(base, "rd_intensity") + 1.0
    assert value_2025(live, "disposable_income") > value_2025(base, "disposable_income")
    # the same investment rate: total investment differs only through GDP
    for alt in (eco, tech, live):
        ratio = alt["total_investment"] / alt["gdp"]
        assert np.allclose(ratio, base["total_investment"] / base["gdp"])


def test_modified_baseline_changes_dynamics_not_2020():
    base = run_scenario("baseline", zone="shenzhen")
    weak = run_scenario("baseline_weak_innovation", zone="shenzhen")
    assert weak.iloc[0, 1:].to_numpy(float) == pytest.approx(
        base.iloc[0, 1:].to_numpy(float), nan_ok=True
    )
    assert float(weak["rd_intensity"].iloc[-1]) < float(base["rd_intensity"].iloc[-1]) - 0.3


# --------------------------------------------------------------------------- investment shares


def test_one_share_set_others_rescale_in_proportion(tmp_path):
    base = load_zone_parameters("shenzhen").baseline_levers
    path = write(tmp_path, HEAD + "levers:\n  share_ecology: {2021: 10, 2025: 20}\n")
    table = resolved_levers(load_scenario(path)).set_index("year")
    for year, eco in ((2021, 10.0), (2025, 20.0), (2030, 20.0)):
        row = table.loc[year]
        assert row["share_ecology"] == pytest.approx(eco)
        scale = (100.0 - eco) / (100.0 - base["share_ecology"])
        for k in ("share_infrastructure", "share_technology", "share_livelihood", "share_industry"):
            assert row[k] == pytest.approx(base[k] * scale)
        assert row[list(SHARE_KEYS)].sum() == pytest.approx(100.0)
    # 2023 lies halfway on the path, and the others follow it
    assert table.loc[2023, "share_ecology"] == pytest.approx(15.0)
    assert table.loc[2020, "share_ecology"] == pytest.approx(base["share_ecology"])


def test_file_and_api_give_the_same_run(tmp_path):
    from sdsim.runner import run

    settings = {"share_technology": {2021: 5.0, 2025: 9.0}, "investment_rate": 27.0}
    path = write(
        tmp_path, HEAD + "levers:\n  share_technology: {2021: 5, 2025: 9}\n  investment_rate: 27\n"
    )
    from_file = run_scenario(load_scenario(path))
    from_api = run("shenzhen", settings)
    assert np.allclose(from_file.to_numpy(float), from_api.to_numpy(float), equal_nan=True)


def test_shares_not_summing_to_100_are_refused_with_the_sum(tmp_path):
    text = HEAD + (
        "levers:\n  share_infrastructure: 40\n  share_ecology: 10\n  share_technology: 10\n"
        "  share_livelihood: 10\n  share_industry: 25\n"
    )
    path = write(tmp_path, text, "shares.yaml")
    with pytest.raises(SdsimError) as err:
        load_scenario(path)
    msg = str(err.value)
    assert "shares.yaml" in msg and "line 4" in msg and "95.00 %" in msg
    assert "share_industry=25" in msg and "normalise: true" in msg
    # asking for normalisation scales them to 100 in proportion
    ok = load_scenario(write(tmp_path, text + "normalise: true\n", "norm.yaml"))
    row = resolved_levers(ok).set_index("year").loc[2025]
    assert row["share_infrastructure"] == pytest.approx(40 / 0.95)
    assert row[list(SHARE_KEYS)].sum() == pytest.approx(100.0)


def test_partial_shares_above_100_are_refused(tmp_path):
    path = write(
        tmp_path, HEAD + "levers:\n  share_ecology: 60\n  share_technology: {2021: 30, 2025: 50}\n"
    )
    with pytest.raises(SdsimError, match=r"bad.yaml, line 4.*sum to 110.00 % in 2025"):
        load_scenario(path)


# --------------------------------------------------------------------------- bad input

BAD = [
    # (text after HEAD, line, field, words that must be in the message)
    ("levers:\n  share_tech: 8\n", 4, "levers.share_tech", ["unknown lever", "'share_technology'"]),
    (
        "levers:\n  share_ecology:\n    2021: 8\n    2025: 120\n",
        6,
        "levers.share_ecology[2025]",
        ["value 120 %", "[0, 100]"],
    ),
    ("levers:\n  fiscal_share: -5\n", 4, "levers.fiscal_share", ["value -5 %", "range"]),
    (
        "levers:\n  share_ecology: {2020: 8}\n",
        4,
        "levers.share_ecology[2020]",
        ["year 2020", "from 2021"],
    ),
    (
        "levers:\n  share_ecology: {2021: 8, 2101: 9}\n",
        4,
        "levers.share_ecology[2101]",
        ["year 2101", "outside the run"],
    ),
    ("levers:\n  share_ecology: lots\n", 4, "levers.share_ecology", ["'lots'", "not a number"]),
    (
        "levers:\n  share_ecology: {2021: 8, 2025: yes}\n",
        4,
        "levers.share_ecology[2025]",
        ["True", "not a number"],
    ),
    (
        "levers:\n  share_ecology: {2021.5: 8}\n",
        4,
        "levers.share_ecology",
        ["2021.5", "whole year"],
    ),
    ("levers:\n  share_ecology: {}\n", 4, "levers.share_ecology", ["empty path"]),
    (
        "levers:\n  share_ecology: 8\n  share_ecology: 9\n",
        5,
        "levers.share_ecology",
        ["appears twice", "line 4"],
    ),
    (
        "assumptions:\n  knowledge_rd_elasticity: 2\n",
        4,
        "assumptions.knowledge_rd_elasticity",
        ["value 2", "[0, 0.6]"],
    ),
    (
        "assumptions:\n  knowledge_elasticity: 0.2\n",
        4,
        "assumptions.knowledge_elasticity",
        ["unknown assumption", "Did you mean"],
    ),
    ("normalise: maybe\n", 3, "normalise", ["'maybe'", "true or false"]),
    ("levrs: {}\n", 3, "levrs", ["unknown field", "Did you mean 'levers'"]),
]


@pytest.mark.parametrize(
    "text,line,field,words", BAD, ids=[b[2] + str(i) for i, b in enumerate(BAD)]
)
def test_bad_input_names_file_line_field_value(tmp_path, text, line, field, words):
    path = write(tmp_path, HEAD + text, "bad_case.yaml")
    with pytest.raises(SdsimError) as err:
        load_scenario(path)
    msg = str(err.value)
    assert "bad_case.yaml" in msg
    assert f"line {line}" in msg, msg
    assert field in msg, msg
    for w in words:
        assert w in msg, msg


@pytest.mark.parametrize(
    "text,words",
    [
        (
            "zone: shenzhen\ndescription: {zh: a, en: b}\nlevers:\n  share_ecology: [8\n  x: 1\n",
            ["line 5", "not valid YAML"],
        ),
        ("", ["empty"]),
        ("- a\n- b\n", ["mapping of fields"]),
        ("zone: shenzen\ndescription: {zh: a, en: b}\n", ["line 1", "field zone", "'shenzhen'"]),
        ("zone: shenzhen\n", ["missing field 'description'"]),
        ("zone: shenzhen\ndescription: {zh: a}\n", ["line 2", "description.en", "missing"]),
        (
            "zone: shenzhen\ndescription: {zh: a, en: b}\nname: My Case\n",
            ["line 3", "field name", "'My Case'"],
        ),
    ],
)
def test_malformed_files(tmp_path, text, words):
    path = write(tmp_path, text, "broken.yaml")
    with pytest.raises(SdsimError) as err:
        load_scenario(path)
    msg = str(err.value)
    assert "broken.yaml" in msg
    for w in words:
        assert w in msg, msg


def test_missing_file():
    with pytest.raises(SdsimError, match="nowhere.yaml: scenario file not found"):
        load_scenario("/nonexistent/nowhere.yaml")


def test_year_beyond_the_run_is_caught_before_anything_runs(tmp_path, monkeypatch):
    import sdsim.pysd_model

    path = write(tmp_path, HEAD + "levers:\n  share_ecology: {2021: 8, 2035: 12}\n", "late.yaml")
    sc = load_scenario(path)  # valid for a run to 2035 or later

    def boom(*args, **kwargs):
        raise AssertionError("a half-valid scenario must not run")

    monkeypatch.setattr(sdsim.pysd_model, "simulate", boom)
    with pytest.raises(SdsimError) as err:
        run_scenario(sc, final_year=2030)
    msg = str(err.value)
    assert "late.yaml" in msg and "line 4" in msg and "levers.share_ecology[2035]" in msg
    assert "--final-year 2035" in msg


def test_api_scenarios_get_the_same_checks():
    with pytest.raises(SdsimError) as err:
        make_scenario("shenzhen", "mine", {"share_ecology": {2021: 8, 2025: 150}})
    msg = str(err.value)
    assert "scenario 'mine'" in msg and "levers.share_ecology[2025]" in msg and "150" in msg
    ok = make_scenario("shenzhen", "mine", {"share_ecology": 8})
    assert isinstance(ok, Scenario) and ok.origin is None


def test_read_yaml_tracks_lines(tmp_path):
    path = write(tmp_path, HEAD + "levers:\n  a:\n    2021: 1\n    2025: 2\n")
    data, lines = read_yaml(path)
    assert data["levers"]["a"] == {2021: 1, 2025: 2}
    assert lines[("levers",)] == 3 and lines[("levers", "a")] == 4
    assert lines[("levers", "a", 2025)] == 6


# --------------------------------------------------------------------------- CLI


def test_cli_run_accepts_names_and_files(tmp_path):
    from typer.testing import CliRunner

    from sdsim.cli import app

    runner = CliRunner()
    by_name = runner.invoke(
        app, ["run", "--zone", "shenzhen", "--scenario", "plan", "--columns", "rd_intensity"]
    )
    assert by_name.exit_code == 0, by_name.output
    assert "2030" in by_name.output
    path = write(tmp_path, HEAD + "levers:\n  share_technology: 9\n", "mine.yaml")
    by_file = runner.invoke(app, ["run", "--zone", "shenzhen", "--scenario", str(path)])
    assert by_file.exit_code == 0, by_file.output
    listing = runner.invoke(app, ["scenarios", "--zone", "guilin"])
    assert listing.exit_code == 0
    for name in REQUIRED:
        assert name in listing.output
    shown = runner.invoke(app, ["scenarios", "--zone", "shenzhen", "--show", "plan"])
    assert shown.exit_code == 0 and "share_technology" in shown.output
    assert "004_feeeed543def0cf5.txt:2" in shown.output


def test_cli_errors_are_one_line_with_exit_code_2(tmp_path, capsys, monkeypatch):
    import sys

    from sdsim.cli import main

    path = write(tmp_path, HEAD + "levers:\n  share_tech: 8\n", "oops.yaml")
    monkeypatch.setattr(
        sys, "argv", ["sdsim", "run", "--zone", "shenzhen", "--scenario", str(path)]
    )
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "oops.yaml, line 4, field levers.share_tech" in err and "share_technology" in err
