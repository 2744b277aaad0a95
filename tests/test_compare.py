"""compare(), target_gap(), `sdsim compare`: tidy tables, hand-computed gaps, index rule, CSVs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdsim.compare import (
    COMPARE_COLUMNS,
    GAP_COLUMNS,
    compare,
    compare_from_runs,
    first_year_met,
    gap_from_runs,
    stays_met_from,
    target_gap,
)
from sdsim.errors import SdsimError
from sdsim.outcomes import INDEX_UNIT
from sdsim.scenarios import make_scenario, run_scenario
from sdsim.targets import Target

REQUIRED_GAP = [
    "scenario",
    "indicator",
    "year",
    "value",
    "unit",
    "bound",
    "target_low",
    "target_high",
    "met",
    "margin",
    "first_year_met",
    "binding",
    "source",
]


def target(indicator, year, bound, low=None, high=None, unit="ug/m3", zone="shenzhen", **kw):
    return Target(
        id=f"{indicator}_{year}",
        zone=zone,
        indicator=indicator,
        modelled=True,
        name_cn="",
        name_en="",
        year=year,
        bound=bound,
        low=low,
        high=high,
        unit=unit,
        binding=kw.pop("binding", ""),
        document="plan",
        source="f.txt:2",
        quote="q",
        **kw,
    )


def hand_runs() -> dict[str, pd.DataFrame]:
    """Two hand-made runs 2020-2030 with a PM2.5 path, an R&D path and an indexed column."""
    years = list(range(2020, 2031))
    base = pd.DataFrame(
        {
            "year": years,
            "pm25": [19.0, 18.4, 17.6, 16.9, 16.2, 15.5, 15.0, 14.6, 14.2, 13.9, 13.6],
            "rd_intensity": [4.9, 5.2, 5.4, 5.6, 5.8, 6.0, 6.2, 6.4, 6.6, 6.8, 7.0],
            "co2": [100.0, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110],
            "water_use": [20.0, 21, 22, 23, 24, 25, 24, 23.5, 23, 22.5, 22],
        }
    )
    green = base.copy()
    green["pm25"] = [19.0, 17.5, 16.0, 14.8, 14.0, 13.0, 12.5, 12.0, 11.8, 11.6, 11.5]
    green["rd_intensity"] = base["rd_intensity"] + 0.5
    for frame in (base, green):
        frame.attrs = {
            "units": {
                "pm25": "ug/m3",
                "rd_intensity": "%",
                "co2": INDEX_UNIT,
                "water_use": "100m m3",
            },
            "indexed": ["co2"],
        }
    return {"baseline": base, "green": green}


# --------------------------------------------------------------------------- hand-computed gap


def test_gap_margin_and_first_year_on_a_hand_computed_case():
    runs = hand_runs()
    targets = [
        target("pm25", 2025, "<=", high=15.0),
        target("pm25", 2030, "<=", high=12.0),
        target("rd_intensity", 2025, "range", low=5.5, high=6.0, unit="%"),
        target("co2", 2030, "<=", high=100.0, unit="10k t"),
        target("water_use", 2025, "<=", high=23.93, unit="100m m3"),
    ]
    gap = gap_from_runs(runs, ["baseline", "green"], [2025, 2030], targets)
    assert list(gap.columns) == GAP_COLUMNS
    row = gap.set_index(["scenario", "indicator", "year"])

    # baseline PM2.5 2025: 15.5 against <= 15 -> not met by 0.5; first met 2026 (15.0 <= 15)
    r = row.loc[("baseline", "pm25", 2025)]
    assert (r.value, r.met, r.target_high) == (15.5, False, 15.0)
    assert r.margin == pytest.approx(-0.5)
    assert r.first_year_met == 2026 and r.stays_met_from == 2026
    # ... 2030 against the 2030 target <= 12: 13.6 -> short by 1.6, never met
    r = row.loc[("baseline", "pm25", 2030)]
    assert (r.met, r.target_year) == (False, 2030)
    assert r.margin == pytest.approx(-1.6)
    assert pd.isna(r.first_year_met)
    # green PM2.5: 13.0 in 2025 -> met with 2.0; first below 15 in 2023 (14.8)
    r = row.loc[("green", "pm25", 2025)]
    assert r.met and r.margin == pytest.approx(2.0) and r.first_year_met == 2023
    r = row.loc[("green", "pm25", 2030)]
    assert r.met and r.margin == pytest.approx(0.5) and r.first_year_met == 2027

    # a range: baseline R&D 6.0 in 2025 is in 5.5-6 with margin 0; first in range 2023 (5.6)
    r = row.loc[("baseline", "rd_intensity", 2025)]
    assert r.met and r.margin == pytest.approx(0.0) and r.first_year_met == 2023
    assert pd.isna(r.stays_met_from)  # it leaves the range in 2026
    # green R&D 6.5 overshoots: not met, margin -0.5, noted as above the range
    r = row.loc[("green", "rd_intensity", 2025)]
    assert not r.met and r.margin == pytest.approx(-0.5) and "above the range" in r.note
    assert r.first_year_met == 2021  # 5.7 in 2021
    # the 2025 range is held in 2030 (no 2030 target given here)
    r = row.loc[("baseline", "rd_intensity", 2030)]
    assert r.target_year == 2025 and "the 2025 target, held in 2030" in r.note

    # an indicator on an index cannot be scored against a level target
    r = row.loc[("baseline", "co2", 2030)]
    assert pd.isna(r.met) and pd.isna(r.margin) and r.note.startswith("index")
    assert r.unit == INDEX_UNIT and r.value == 110.0
    # a 2030-only target is not scored in 2025
    assert ("baseline", "co2", 2025) not in row.index

    # a ceiling met at the start, lost, then met again: first year 2020, stays met from 2027
    r = row.loc[("baseline", "water_use", 2025)]
    assert r.first_year_met == 2020 and r.stays_met_from == 2027 and not r.met
    assert r.margin == pytest.approx(23.93 - 25)
    assert r.binding == "not stated"


def test_first_year_helpers():
    frame = hand_runs()["baseline"]
    t = target("pm25", 2025, "<=", high=16.0)
    assert first_year_met(t, frame) == 2025 and stays_met_from(t, frame) == 2025
    never = target("pm25", 2025, "<=", high=10.0)
    assert first_year_met(never, frame) is None and stays_met_from(never, frame) is None


def test_unmodelled_targets_are_listed_on_request():
    runs = hand_runs()
    unmodelled = Target(
        id="life",
        zone="shenzhen",
        indicator="life_expectancy",
        modelled=False,
        name_cn="",
        name_en="",
        year=2025,
        bound=">=",
        low=84.53,
        high=None,
        unit="years",
        binding="",
        document="plan",
        source="f:2",
        quote="q",
    )
    assert gap_from_runs(runs, ["baseline"], [2025], [unmodelled]).empty
    gap = gap_from_runs(runs, ["baseline"], [2025], [unmodelled], include_unmodelled=True)
    assert len(gap) == 1 and gap["note"].iloc[0] == "not modelled" and pd.isna(gap["met"].iloc[0])


def test_compare_from_runs_change_is_hand_checkable():
    runs = hand_runs()
    tidy = compare_from_runs(runs, ["baseline", "green"], [2025], ["pm25", "rd_intensity"])
    assert list(tidy.columns) == COMPARE_COLUMNS
    row = tidy.set_index(["scenario", "indicator"]).loc[("green", "pm25")]
    assert row.value == 13.0 and row.change == pytest.approx(-2.5)
    assert row.change_pct == pytest.approx(-2.5 / 15.5 * 100)
    assert (tidy.loc[tidy["scenario"] == "baseline", "change"] == 0).all()


# --------------------------------------------------------------------------- real runs


def test_compare_shenzhen_tidy_table():
    tidy = compare("shenzhen", ["baseline", "plan", "innovation_first"], years=(2025, 2030))
    assert list(tidy.columns) == COMPARE_COLUMNS
    assert list(dict.fromkeys(tidy["scenario"])) == ["baseline", "plan", "innovation_first"]
    assert set(tidy["year"]) == {2025, 2030}
    n_indicators = tidy["indicator"].nunique()
    assert len(tidy) == 3 * 2 * n_indicators
    base = run_scenario("baseline", zone="shenzhen").set_index("year")
    plan = run_scenario("plan", zone="shenzhen").set_index("year")
    row = tidy.set_index(["scenario", "indicator", "year"]).loc[("plan", "rd_intensity", 2025)]
    assert row.value == pytest.approx(plan.at[2025, "rd_intensity"])
    assert row.change == pytest.approx(
        plan.at[2025, "rd_intensity"] - base.at[2025, "rd_intensity"]
    )
    assert row.change > 0 and row.unit == "%"
    co2 = tidy[(tidy["indicator"] == "co2")]
    assert co2["indexed"].all() and (co2["unit"] == INDEX_UNIT).all()


def test_target_gap_shenzhen_matches_its_runs():
    gap = target_gap("shenzhen", ["baseline", "plan"])
    assert set(REQUIRED_GAP) <= set(gap.columns)
    assert set(gap["scenario"]) == {"baseline", "plan"}
    plan = run_scenario("plan", zone="shenzhen")
    row = gap.set_index(["scenario", "indicator", "year"]).loc[("plan", "pm25", 2025)]
    value = float(plan.loc[plan["year"] == 2025, "pm25"].iloc[0])
    assert row.value == pytest.approx(value)
    assert row.margin == pytest.approx(18.0 - value)
    assert bool(row.met) is (value <= 18.0)
    below = plan.loc[plan["pm25"] <= 18.0, "year"]
    assert row.first_year_met == int(below.iloc[0])
    assert row.source == "004_feeeed543def0cf5.txt:2" and "PM2.5" in row.quote
    # every modelled Shenzhen target is scored in its year, for each scenario
    scored = gap[gap["target_year"] == gap["year"]]
    assert len(scored) == 2 * 11


def test_index_outcome_is_not_scored_against_a_level():
    # Taiyuan has no cited level of water use per 10k yuan GDP: it runs on an index
    t = target("water_per_10k_gdp", 2025, "<=", high=6.0, unit="m3/10k yuan", zone="taiyuan")
    gap = target_gap("taiyuan", ["baseline", "plan"], years=[2025], targets=[t])
    assert len(gap) == 2
    assert gap["met"].isna().all() and gap["margin"].isna().all()
    assert gap["note"].str.startswith("index").all()
    assert (gap["unit"] == INDEX_UNIT).all()


def test_zone_without_targets_gives_an_empty_gap():
    gap = target_gap("chengde", ["baseline"])
    assert gap.empty and set(REQUIRED_GAP) <= set(gap.columns)


def test_scenario_objects_and_files_mix(tmp_path):
    mine = make_scenario("shenzhen", "mine", {"share_ecology": {2021: 9, 2025: 14}})
    tidy = compare("shenzhen", ["baseline", mine], years=[2025], indicators=["pm25"])
    assert list(tidy["scenario"]) == ["baseline", "mine"]
    assert tidy["change"].iloc[1] < 0


def test_compare_errors():
    with pytest.raises(SdsimError, match=r"year 2040 is outside the run 2020-2030"):
        compare("shenzhen", ["baseline"], years=[2025, 2040], final_year=2030)
    with pytest.raises(SdsimError, match="appears twice"):
        compare("shenzhen", ["plan", "shenzhen_plan"])
    with pytest.raises(SdsimError, match=r"unknown indicator.*'pm25'"):
        compare("shenzhen", ["baseline"], indicators=["pm2.5"])
    with pytest.raises(SdsimError, match="no scenarios"):
        compare("shenzhen", [])


def test_one_bad_scenario_stops_all_runs(tmp_path, monkeypatch):
    import sdsim.pysd_model

    bad = tmp_path / "shenzhen_bad.yaml"
    bad.write_text(
        "zone: shenzhen\ndescription: {zh: a, en: b}\nlevers:\n  share_ecology: 101\n",
        encoding="utf-8",
    )

    def boom(*args, **kwargs):
        raise AssertionError("nothing may run")

    monkeypatch.setattr(sdsim.pysd_model, "simulate", boom)
    with pytest.raises(SdsimError, match=r"shenzhen_bad.yaml, line 4.*101"):
        compare("shenzhen", ["ecology_first", bad])


def test_longer_runs_find_later_first_years():
    gap = target_gap("shenzhen", ["baseline"], years=[2025, 2030], final_year=2035)
    assert gap.attrs["final_year"] == 2035
    assert set(gap["year"]) == {2025, 2030}


# --------------------------------------------------------------------------- CLI


def test_cli_compare_prints_and_writes_both_tables(tmp_path):
    from typer.testing import CliRunner

    from sdsim.cli import app

    out = tmp_path / "report"
    result = CliRunner().invoke(
        app,
        [
            "compare",
            "--zone",
            "shenzhen",
            "baseline",
            "plan",
            "innovation_first",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Target gap" in result.output and "rd_intensity" in result.output
    assert "Δ plan" in result.output
    tidy = pd.read_csv(out / "shenzhen_compare.csv")
    gap = pd.read_csv(out / "shenzhen_target_gap.csv")
    assert list(tidy.columns) == COMPARE_COLUMNS
    assert set(REQUIRED_GAP) <= set(gap.columns)
    assert set(tidy["scenario"]) == {"baseline", "plan", "innovation_first"}
    assert sorted(p.name for p in out.iterdir()) == [
        "shenzhen_compare.csv",
        "shenzhen_target_gap.csv",
    ]
    again = compare("shenzhen", ["baseline", "plan", "innovation_first"])
    assert np.allclose(tidy["value"], again["value"])


def test_cli_compare_with_settings_adds_a_scenario():
    from typer.testing import CliRunner

    from sdsim.cli import app

    result = CliRunner().invoke(
        app,
        [
            "compare",
            "--zone",
            "shenzhen",
            "baseline",
            "--set",
            "share_technology=2021:5,2025:9",
            "--name",
            "more_rd",
            "--indicators",
            "rd_intensity",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "more_rd" in result.output
    bad = CliRunner().invoke(app, ["compare", "--zone", "shenzhen", "--set", "share_tech=9"])
    assert isinstance(bad.exception, SdsimError)
    assert "share_tech" in str(bad.exception) and "share_technology" in str(bad.exception)


def test_cli_targets_lists_modelled_and_not():
    from typer.testing import CliRunner

    from sdsim.cli import app

    result = CliRunner().invoke(app, ["targets", "--zone", "shenzhen"])
    assert result.exit_code == 0
    assert "11 modelled, 63 not modelled" in result.output
    none = CliRunner().invoke(app, ["targets", "--zone", "lincang"])
    assert "No targets for lincang" in none.output
