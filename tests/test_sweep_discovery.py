"""Discovery (PRIM) and optimisation against targets; the sweep CLI commands."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from sdsim.batch import run_batch
from sdsim.cli import app
from sdsim.errors import SdsimError
from sdsim.sweep import build_spec, run_sweep
from sdsim.sweep.discovery import discover, discover_sweep
from sdsim.sweep.goals import Goal, plan_goals
from sdsim.sweep.optimise import optimise

GOALS = [Goal("rd_intensity", 2030, 8.5, None, "rd"), Goal("pm25", 2030, None, 11.0, "pm")]


@pytest.fixture(scope="module")
def lhs_sweep(tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep") / "lhs"
    spec = build_spec({
        "name": "disc", "zone": "shenzhen", "sampler": "lhs", "n": 800, "seed": 5,
        "levers": {"share_technology": [2, 12], "share_ecology": [3, 15],
                   "fiscal_share": [20, 45]},
        "uncertainties": {"capital_elasticity": "full"},
        "outcomes": ["gdp@2030"],
        "targets": [{"indicator": g.indicator, "year": g.year, "min": g.low, "max": g.high}
                    for g in GOALS],
    })
    run_sweep(spec, out, executor="local", progress=False)
    return out


def test_prim_box_restricts_the_levers_that_matter(lhs_sweep):
    found = discover_sweep(lhs_sweep, threshold=0.9)
    assert 0 < found.met < found.runs == 800
    assert found.density >= 0.9 and 0 < found.coverage <= 1
    box = found.box.set_index("factor")
    assert set(box.index) == {"share_technology", "share_ecology", "fiscal_share"}
    assert box.loc["share_technology", "restricted"]  # R&D needs technology investment
    assert box.loc["share_technology", "low"] > 2.5
    assert not box.loc["fiscal_share", "restricted"]  # financing split does not matter here
    assert "meet every target" in found.summary()


def test_prim_with_no_successful_run_reports_hardest_target(lhs_sweep):
    from sdsim.sweep import load_results

    experiments, outcomes = load_results(lhs_sweep)
    found = discover(experiments, outcomes, [Goal("gdp", 2030, 1e9, None, "huge")])
    assert found.met == 0 and not found.box["restricted"].any()
    assert "huge (0% of runs)" in found.summary()
    with pytest.raises(SdsimError, match="no outcome column"):
        discover(experiments, outcomes, [Goal("co2", 2030, None, 1.0)])


def test_optimiser_meets_targets_close_to_todays_mix(tmp_path):
    best = optimise("shenzhen", GOALS)
    assert best.feasible and best.report["met"].all()
    shares = [best.levers[k] for k in best.levers if k.startswith("share_")]
    assert sum(shares) == pytest.approx(100.0, abs=1e-6)
    assert best.levers["share_technology"] > best.baseline["share_technology"]
    assert best.distance < 0.05
    # the scenario file reproduces the targets when run
    path = best.save(tmp_path / "shenzhen_opt.yaml", name="opt")
    scen = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert scen["zone"] == "shenzhen" and scen["normalise"] is True
    batch = run_batch("shenzhen", {k: np.array([v]) for k, v in scen["levers"].items()},
                      outcomes=["rd_intensity", "pm25"], normalise=True)
    for g in GOALS:
        assert g.met(batch.at(g.indicator, g.year))[0]


def test_optimiser_reports_unreachable_targets(tmp_path):
    best = optimise("shenzhen", [Goal("pm25", 2030, None, 0.5, "clean air")],
                    levers=["share_ecology", "investment_rate"])
    assert not best.feasible and not best.report["met"].any()
    with pytest.raises(SdsimError, match="clean air"):
        best.save(tmp_path / "x.yaml")


def test_plan_goals_from_targets_table():
    goals = plan_goals("shenzhen")
    assert goals and all(g.year <= 2100 for g in goals)
    assert any(g.low is not None and g.high is not None for g in goals)
    floor = plan_goals("shenzhen", floor_ranges=True)
    assert all(g.high is None or g.low is None for g in floor)
    with pytest.raises(SdsimError, match="no published target"):
        plan_goals("lincang")


def test_cli_sweep_discover_and_bad_spec(tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text(yaml.safe_dump({
        "name": "cli", "zone": "taiyuan", "sampler": "grid", "n": 3,
        "levers": {"investment_rate": [15, 45], "share_ecology": [2, 30]},
        "outcomes": ["gdp", "pm25@2030"], "targets": [{"indicator": "pm25", "year": 2030,
                                                       "max": 100}],
    }), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["sweep", str(spec), "--out", str(tmp_path / "o"), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "9 runs" in res.output and "Sensitivity (spearman" in res.output
    assert (tmp_path / "o" / "outcomes").is_dir()
    res = runner.invoke(app, ["discover", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "o" / "discovery.csv").exists()
    assert "9 of 9 runs meet every target" in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(spec.read_text().replace("grid", "sobol"), encoding="utf-8")
    res = runner.invoke(app, ["sweep", str(bad), "--out", str(tmp_path / "b")])
    assert res.exit_code != 0
    assert "field n" in str(res.exception) and str(bad) in str(res.exception)
