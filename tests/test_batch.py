"""run_batch: the compiled engine reproduces sdsim.runner.run (PySD) run by run."""

from __future__ import annotations

import numpy as np
import pytest

from sdsim.batch import OUTCOME_KEYS, complete_share_arrays, run_batch
from sdsim.errors import SdsimError
from sdsim.lever_settings import complete_shares
from sdsim.levers import SHARE_KEYS
from sdsim.runner import run
from sdsim.zone_params import load_zone_parameters
from sdsim.zones import ZONES

TOL = 1e-9

#: Lever and assumption settings, one run each (three runs per zone in one batch).
LEVERS = {
    "share_technology": [8.0, 3.0, 15.0],
    "investment_rate": [20.0, 35.0, 28.0],
    "fiscal_share": [31.0, 20.0, 45.0],
    "water_share_of_infrastructure": [0.1, 0.3, 0.05],
}
ASSUMPTIONS = {
    "capital_elasticity": [0.4, 0.3, 0.5],
    "depreciation_rate": [0.06, 0.09, 0.05],
    "knowledge_rd_elasticity": [0.3, 0.1, 0.6],
}


def max_rel_diff(a: np.ndarray, b: np.ndarray) -> float:
    """Largest relative difference; NaN must be NaN in both."""
    assert np.array_equal(np.isnan(a), np.isnan(b)), "NaN in different places"
    ok = ~np.isnan(a)
    scale = np.maximum(np.abs(b[ok]), 1e-12)
    return float(np.max(np.abs(a[ok] - b[ok]) / scale, initial=0.0))


def assert_same(batch, i, ref):
    table = batch.frame(i)
    assert list(table.columns) == list(ref.columns)
    assert table.attrs["units"] == ref.attrs["units"]
    assert table.attrs["indexed"] == ref.attrs["indexed"]
    np.testing.assert_array_equal(table["year"], ref["year"])
    for key in OUTCOME_KEYS:
        diff = max_rel_diff(table[key].to_numpy(float), ref[key].to_numpy(float))
        assert diff <= TOL, f"{key}: max relative difference {diff:g}"


@pytest.mark.parametrize("zone", list(ZONES))
def test_batch_equals_pysd_run_every_zone(zone):
    n = len(LEVERS["investment_rate"])
    batch = run_batch(zone, {k: np.array(v) for k, v in LEVERS.items()},
                      {k: np.array(v) for k, v in ASSUMPTIONS.items()})
    assert batch.n == n and batch.years.tolist() == list(range(2020, 2031))
    for i in range(n):
        ref = run(zone, {k: v[i] for k, v in LEVERS.items()},
                  assumptions={k: v[i] for k, v in ASSUMPTIONS.items()})
        assert_same(batch, i, ref)


def test_batch_baseline_and_other_horizon():
    batch = run_batch("chengde", final_year=2035, time_step=0.5)
    assert_same(batch, 0, run("chengde", final_year=2035, time_step=0.5))


def test_batch_all_five_shares_and_normalise():
    shares = {"share_infrastructure": [40.0, 30.0], "share_ecology": [10.0, 20.0],
              "share_technology": [10.0, 20.0], "share_livelihood": [10.0, 10.0],
              "share_industry": [30.0, 30.0]}
    batch = run_batch("taiyuan", {k: np.array(v) for k, v in shares.items()}, normalise=True)
    for i in range(2):
        assert_same(batch, i, run("taiyuan", {k: v[i] for k, v in shares.items()}, normalise=True))


def _as_batch_setting(setting):
    if isinstance(setting, dict):
        return {year: np.array([value]) for year, value in setting.items()}
    return np.array([setting])


def test_batch_scenarios_match_pysd():
    """Every shipped scenario (constants and paths) through the batch equals run()."""
    scenarios = pytest.importorskip("sdsim.scenarios")
    checked = 0
    for zone in ZONES:
        for name in scenarios.scenario_names(zone):
            scen = scenarios.load_scenario(name, zone=zone)
            levers = scen.settings()
            batch = run_batch(zone, {k: _as_batch_setting(v) for k, v in levers.items()},
                              {k: np.array([v]) for k, v in scen.assumptions.items()},
                              normalise=scen.normalise)
            ref = run(zone, levers, assumptions=dict(scen.assumptions), normalise=scen.normalise)
            assert_same(batch, 0, ref)
            checked += 1
    assert checked >= len(ZONES)


def test_batch_lever_paths_match_pysd():
    paths = {"share_technology": {2021: np.array([5.0, 4.0]), 2025: np.array([9.0, 12.0])},
             "investment_rate": {2023: 30.0, 2028: np.array([24.0, 35.0])}}
    batch = run_batch("lincang", paths)
    for i in range(2):
        settings = {k: {y: float(np.broadcast_to(v, (2,))[i]) for y, v in p.items()}
                    for k, p in paths.items()}
        assert_same(batch, i, run("lincang", settings))


def test_share_completion_matches_scalar_rule():
    zp = load_zone_parameters("shenzhen")
    given = {"share_technology": np.array([5.0, 12.5]), "share_ecology": np.array([10.0, 0.0])}
    arrays = complete_share_arrays(zp.baseline_levers, given)
    for i in range(2):
        paths = complete_shares(zp.baseline_levers, {k: {2021.0: float(v[i])}
                                                     for k, v in given.items()})
        for key in SHARE_KEYS:
            assert arrays[key][2021.0][i] == paths[key][2021.0]
    assert np.allclose(sum(arrays[k][2021.0] for k in SHARE_KEYS), 100.0)


def test_outcome_subset_and_at():
    batch = run_batch("shenzhen", {"investment_rate": np.linspace(20, 40, 5)},
                      outcomes=["gdp_growth", "pm25"])
    assert list(batch.outcomes) == ["gdp_growth", "pm25"]
    assert batch.outcomes["pm25"].shape == (5, 11)
    assert batch.at("pm25", 2030).shape == (5,)
    assert np.all(np.diff(run_batch("shenzhen", {"investment_rate": np.linspace(20, 40, 5)},
                                    outcomes=["gdp"]).at("gdp", 2030)) > 0)


@pytest.mark.parametrize("kwargs, match", [
    ({"lever_values": {"share_tech": [5.0]}}, "Unknown lever 'share_tech'.*share_technology"),
    ({"lever_values": {"investment_rate": [10.0, 90.0]}}, "outside its range"),
    ({"assumption_values": {"capital_elasticity": [0.9]}}, "outside its range"),
    ({"assumption_values": {"nope": [0.9]}}, "Unknown assumption"),
    ({"lever_values": {"share_technology": [60.0], "share_industry": [60.0]}}, "leaving nothing"),
    ({"lever_values": {"investment_rate": [20.0, 30.0], "fiscal_share": [1.0, 2.0, 3.0]}},
     "3 values"),
    ({"outcomes": ["gdpp"]}, "Unknown outcome 'gdpp'"),
])
def test_bad_batch_inputs(kwargs, match):
    with pytest.raises(SdsimError, match=match):
        run_batch("shenzhen", **kwargs)
