"""Sweeps: spec validation, samplers, chunked resumable runs, results and sensitivity."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sdsim.batch import run_batch
from sdsim.errors import SdsimError
from sdsim.sweep import build_spec, load_results, load_spec, run_sweep, sample
from sdsim.sweep import runner as sweep_runner

SWEEPS = Path(__file__).resolve().parents[1] / "scenarios" / "sweeps"

BASE = {
    "name": "t", "zone": "shenzhen", "sampler": "lhs", "n": 60, "seed": 1, "chunk_size": 16,
    "levers": {"share_technology": [3, 12], "investment_rate": [20, 35]},
    "uncertainties": {"capital_elasticity": "full"},
    "outcomes": ["rd_intensity@2030", "pm25"],
}


def spec_of(**changes):
    return build_spec({**BASE, **changes})


def write_spec(tmp_path, data, name="s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", sorted(SWEEPS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_specs_validate(path):
    spec = load_spec(path)
    assert spec.runs() == len(sample(spec).experiments)


@pytest.mark.parametrize("changes, field, fix", [
    ({"levers": {"share_tech": [1, 5]}}, "levers.share_tech", "share_technology"),
    ({"levers": {"investment_rate": [30, 30]}}, "levers.investment_rate", "empty"),
    ({"levers": {"investment_rate": [35, 20]}}, "levers.investment_rate", "inverted"),
    ({"levers": {"investment_rate": [20, 95]}}, "levers.investment_rate", "documented range"),
    ({"levers": {"investment_rate": [20]}}, "levers.investment_rate", "[low, high]"),
    ({"uncertainties": {"capital_elasticity": [0.1, 0.5]}}, "uncertainties.capital_elasticity",
     "narrow it"),
    ({"sampler": "sobl"}, "sampler", "sobol"),
    ({"sampler": "sobol", "n": 1000}, "field n", "use 512 or 1024"),
    ({"sampler": "morris", "levels": 5}, "levels", "even"),
    ({"sampler": "morris", "n": 1}, "field n", "at least 2"),
    ({"sampler": "grid", "n": 1}, "field n", "at least 2"),
    ({"n": 0}, "field n", "greater than or equal to 1"),
    ({"n": 10**9}, "field n", "lower n"),
    ({"outcomes": ["pm2.5@2030"]}, "outcomes[0]", "pm25"),
    ({"outcomes": ["pm25@2040"]}, "outcomes[0]", "outside the run"),
    ({"outcomes": []}, "outcomes", "at least 1"),
    ({"zone": "atlantis"}, "zone", "Valid zones"),
    ({"levers": {"share_technology": [3, 60], "share_industry": [10, 60]}},
     "levers.share_technology", "sum to 120"),
    ({"levers": {k: [10, 30] for k in ("share_infrastructure", "share_ecology",
                                        "share_technology", "share_livelihood",
                                        "share_industry")}}, "levers", "normalise: true"),
    ({"levers": {}, "uncertainties": {}}, "levers", "no factor"),
    ({"samplr": "lhs"}, "samplr", "sampler"),
    ({"targets": [{"indicator": "pm25", "year": 2025}]}, "targets", "min, max"),
])
def test_bad_spec_refused_with_file_and_field(tmp_path, changes, field, fix):
    data = {**BASE, **changes}
    path = write_spec(tmp_path, data)
    with pytest.raises(SdsimError) as err:
        load_spec(path)
    msg = str(err.value)
    assert str(path) in msg and field in msg and fix in msg, msg


def test_bad_spec_refused_before_any_run(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(sweep_runner, "compute_chunk", lambda task: calls.append(task))
    path = write_spec(tmp_path, {**BASE, "sampler": "sobol", "n": 100})
    with pytest.raises(SdsimError, match="power of two"):
        run_sweep(path, tmp_path / "out", executor="local", progress=False)
    assert not calls and not (tmp_path / "out").exists()


def test_samplers_sizes_ranges_and_seed():
    for sampler, n, runs in [("grid", 3, 27), ("lhs", 50, 50), ("sobol", 16, 16 * 5),
                             ("morris", 4, 4 * 4)]:
        spec = spec_of(sampler=sampler, n=n)
        design = sample(spec)
        assert spec.runs() == runs == len(design.experiments)
        assert list(design.experiments.columns) == ["share_technology", "investment_rate",
                                                     "capital_elasticity"]
        for key, (_, lo, hi) in spec.factors().items():
            assert design.experiments[key].between(lo, hi).all()
        pd.testing.assert_frame_equal(design.experiments, sample(spec).experiments)
    assert not sample(spec_of(seed=2)).experiments.equals(sample(spec_of()).experiments)
    grid = sample(spec_of(sampler="grid", n=2)).experiments
    assert len(grid.drop_duplicates()) == 8


def test_sweep_results_equal_run_batch(tmp_path):
    spec = spec_of()
    res = run_sweep(spec, tmp_path / "out", executor="local", progress=False)
    assert res.complete and res.chunks_total == 4
    experiments, outcomes = load_results(tmp_path / "out")
    assert list(experiments.columns) == ["share_technology", "investment_rate",
                                         "capital_elasticity"]
    assert outcomes["rd_intensity@2030"].shape == (60,) and outcomes["pm25"].shape == (60, 11)
    ref = run_batch("shenzhen", {k: experiments[k].to_numpy() for k in
                                 ("share_technology", "investment_rate")},
                    {"capital_elasticity": experiments["capital_elasticity"].to_numpy()},
                    outcomes=["rd_intensity", "pm25"])
    np.testing.assert_allclose(outcomes["rd_intensity@2030"], ref.at("rd_intensity", 2030),
                               rtol=1e-12)
    np.testing.assert_allclose(outcomes["pm25"], ref.outcomes["pm25"], rtol=1e-12)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["runs"] == 60
    assert len(pd.read_parquet(tmp_path / "out" / "outcomes")) == 60
    sens = res.sensitivity()
    assert set(sens["outcome"]) == {"rd_intensity@2030", "pm25@2030"}
    top = sens[sens.outcome == "rd_intensity@2030"].set_index("factor")["rho"]
    assert top["share_technology"] > 0.5


def _frames(out):
    experiments, outcomes = load_results(out)
    sens = pd.read_csv(Path(out) / "sensitivity.csv")
    return experiments, outcomes, sens


def assert_identical(a, b):
    pd.testing.assert_frame_equal(a[0], b[0], check_exact=True)
    assert a[1].keys() == b[1].keys()
    for key in a[1]:
        np.testing.assert_array_equal(a[1][key], b[1][key])
    pd.testing.assert_frame_equal(a[2], b[2], check_exact=True)


def test_resume_after_k_chunks_gives_identical_results(tmp_path):
    spec = spec_of()
    whole = run_sweep(spec, tmp_path / "whole", executor="local", progress=False)
    part = run_sweep(spec, tmp_path / "part", executor="local", progress=False, max_chunks=2)
    assert not part.complete and part.chunks_done == 2
    assert len(list((tmp_path / "part" / "outcomes").glob("part-*.parquet"))) == 2
    with pytest.raises(SdsimError, match="not finished"):
        load_results(tmp_path / "part")
    # a partial write left by a kill is a hidden temporary file, never a chunk
    (tmp_path / "part" / "outcomes" / ".part-00002.parquet.x.tmp").write_bytes(b"partial")
    done = run_sweep(spec, tmp_path / "part", executor="local", progress=False)
    assert done.complete and whole.complete
    assert_identical(_frames(tmp_path / "whole"), _frames(tmp_path / "part"))


def test_killed_mid_sweep_then_restarted(tmp_path, monkeypatch):
    spec = spec_of()
    real = sweep_runner.compute_chunk
    calls = []

    def dying(task):
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(task["index"])
        return real(task)

    monkeypatch.setattr(sweep_runner, "compute_chunk", dying)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(spec, tmp_path / "a", executor="local", progress=False)
    assert len(list((tmp_path / "a" / "outcomes").glob("part-*.parquet"))) == 3
    monkeypatch.setattr(sweep_runner, "compute_chunk", real)
    seen = []
    monkeypatch.setattr(sweep_runner, "compute_chunk",
                        lambda task: seen.append(task["index"]) or real(task))
    assert run_sweep(spec, tmp_path / "a", executor="local", progress=False).complete
    assert seen == [3]  # only the unfinished chunk ran again
    run_sweep(spec, tmp_path / "b", executor="local", progress=False)
    assert_identical(_frames(tmp_path / "a"), _frames(tmp_path / "b"))


def test_other_spec_in_same_out_is_refused(tmp_path):
    run_sweep(spec_of(), tmp_path / "o", executor="local", progress=False, max_chunks=1)
    with pytest.raises(SdsimError, match="another sweep"):
        run_sweep(spec_of(seed=9), tmp_path / "o", executor="local", progress=False)
    res = run_sweep(spec_of(seed=9), tmp_path / "o", executor="local", progress=False,
                    overwrite=True)
    assert res.complete
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x.txt").write_text("mine")
    with pytest.raises(SdsimError, match="not a sweep directory"):
        run_sweep(spec_of(), tmp_path / "junk", executor="local", progress=False)


def test_sobol_and_morris_sensitivity(tmp_path):
    sob = run_sweep(spec_of(sampler="sobol", n=64, chunk_size=1000, outcomes=["gdp@2030"]),
                    tmp_path / "s", executor="local", progress=False).sensitivity()
    assert list(sob.columns[-4:]) == ["S1", "S1_conf", "ST", "ST_conf"]
    st = sob.set_index("factor")["ST"]
    assert st["investment_rate"] > st["share_technology"]
    mor = run_sweep(spec_of(sampler="morris", n=6, outcomes=["rd_intensity@2030"]),
                    tmp_path / "m", executor="local", progress=False).sensitivity()
    assert {"mu_star", "sigma", "mu_star_conf"} <= set(mor.columns)
    assert mor.set_index("factor")["mu_star"]["share_technology"] > 0


def test_process_executor_matches_in_process(tmp_path):
    spec = spec_of(n=40, chunk_size=20)
    run_sweep(spec, tmp_path / "p", executor="processes", workers=2, progress=False)
    run_sweep(spec, tmp_path / "s", executor="local", progress=False)
    assert_identical(_frames(tmp_path / "p"), _frames(tmp_path / "s"))
