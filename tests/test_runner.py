"""run(zone, levers): outcome table shape, units, index handling, no leaks between runs."""

import numpy as np
import pandas as pd
import pytest

from sdsim.errors import SdsimError
from sdsim.outcomes import INDEX_UNIT
from sdsim.runner import run


def test_table_shape_and_units(shenzhen_baseline):
    df = shenzhen_baseline
    assert df["year"].tolist() == list(range(2020, 2031))
    for key in ["gdp", "rd_intensity", "water_per_10k_gdp", "pm25", "good_air_ratio", "disposable_income"]:
        assert key in df.columns
    assert df.attrs["units"]["gdp"] == "100m yuan"
    assert df.attrs["units"]["rd_intensity"] == "%"
    assert np.isfinite(df.drop(columns="year").to_numpy()).all()


def test_2020_reproduces_cited_levels(shenzhen_baseline):
    row = shenzhen_baseline.iloc[0]
    assert row["gdp"] == pytest.approx(27700, rel=0.01)
    assert row["rd_intensity"] == pytest.approx(4.93, abs=0.2)
    assert row["water_per_10k_gdp"] == pytest.approx(7.22, rel=0.01)
    assert row["pm25"] == pytest.approx(19, rel=0.01)
    assert row["disposable_income"] == pytest.approx(6.49, rel=0.01)


def test_zone_without_gdp_level_runs_on_index():
    df = run("guilin", final_year=2025)
    assert "gdp" in df.attrs["indexed"]
    assert df.attrs["units"]["gdp"] == INDEX_UNIT
    assert df["gdp"].iloc[0] == pytest.approx(100.0)
    assert df["forest_cover"].iloc[0] == pytest.approx(80.46, abs=0.2)  # cited level stays a level


def test_no_parameter_leak_between_runs(shenzhen_baseline):
    run("shenzhen", {"share_technology": 20, "investment_rate": 40}, assumptions={"capital_elasticity": 0.5})
    again = run("shenzhen")
    pd.testing.assert_frame_equal(again, shenzhen_baseline)


def test_policy_acts_from_2021_and_2020_is_unchanged(shenzhen_baseline):
    df = run("shenzhen", {"share_technology": 10})
    assert df.iloc[0]["rd_intensity"] == pytest.approx(shenzhen_baseline.iloc[0]["rd_intensity"])
    assert df.set_index("year").loc[2025, "rd_intensity"] > shenzhen_baseline.set_index("year").loc[2025, "rd_intensity"] + 0.3


def test_investment_split_conserves_total(shenzhen_baseline):
    df = run("shenzhen", {"share_ecology": 15})
    parts = df[[c for c in df.columns if c.startswith("investment_")]].sum(axis=1)
    np.testing.assert_allclose(parts, df["total_investment"], rtol=1e-9)
    np.testing.assert_allclose(df["fiscal_investment"] + df["social_investment"], df["total_investment"], rtol=1e-9)


def test_more_investment_raises_gdp_monotonically():
    gdp = [run("taiyuan", {"investment_rate": r}, final_year=2025)["gdp"].iloc[-1] for r in (10, 30, 50)]
    assert gdp[0] < gdp[1] < gdp[2]


def test_final_year_configurable():
    df = run("chengde", final_year=2035)
    assert df["year"].iloc[-1] == 2035 and len(df) == 16


@pytest.mark.parametrize(
    ("levers", "fragment"),
    [
        ({"share_ecolgy": 10}, "share_ecology"),
        ({"investment_rate": 120}, "outside its range"),
        ({"share_ecology": {2040: 10}}, "outside the run"),
        ({k: 30 for k in ["share_infrastructure", "share_ecology", "share_technology", "share_livelihood", "share_industry"]}, "sum to 150.00 %"),
    ],
)
def test_bad_levers_are_refused(levers, fragment):
    with pytest.raises(SdsimError, match=fragment):
        run("shenzhen", levers)


def test_unknown_zone_lists_choices():
    with pytest.raises(SdsimError, match="Valid zones: taiyuan"):
        run("shenzen")
