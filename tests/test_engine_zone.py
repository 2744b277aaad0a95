"""The real zone model: engine vs PySD on defaults, perturbations and every zone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from sdsim.engine import CompiledModel
from sdsim.engine.validate import PySDReference, max_rel_diff

ROOT = Path(__file__).resolve().parents[1]
ZONE = ROOT / "models" / "zone.mdl"
CALIBRATION = ROOT / "models" / "calibration"
TOL = 1e-9
CONTROLS = {"initial_time", "final_time", "time_step", "saveper"}

pytestmark = pytest.mark.skipif(not ZONE.exists(), reason="models/zone.mdl not written yet")


@pytest.fixture(scope="module")
def model():
    return CompiledModel.from_mdl(ZONE)


@pytest.fixture(scope="module")
def ref():
    with PySDReference(ZONE) as r:
        yield r


def zone_files():
    return sorted(CALIBRATION.glob("*.yaml")) if CALIBRATION.exists() else []


def split_controls(model, params):
    """Control names go to run() keywords (PySD's params would not move the clock)."""
    consts, controls = {}, {}
    for name, value in params.items():
        py = model.resolve(name)
        if py in CONTROLS:
            controls[py] = float(value)
        else:
            consts[name] = value
    return consts, controls


def check(model, ref, params=None, i=0, res=None, **kw):
    if res is None:
        res = model.run(params, **kw)
    eng = res.to_frame(i)
    run_params = None
    if params:
        run_params = {k: (float(np.asarray(v).reshape(-1)[i]) if np.size(v) > 1 else v)
                      for k, v in params.items()}
    pysd_frame = ref.run(run_params, columns=list(eng.columns), **kw)
    diff, col = max_rel_diff(eng, pysd_frame[eng.columns])
    assert diff <= TOL, f"max relative difference {diff:g} in {col!r}"
    return eng


def test_zone_compiles(model):
    assert model.stocks
    assert model.initial_time < model.final_time
    assert len(model.outputs_default()) == len(model.stocks) + len(model.variables)


def test_zone_defaults_match_pysd(model, ref):
    eng = check(model, ref)
    assert len(eng.columns) == len(model.stocks) + len(model.variables)
    assert list(eng.index) == list(np.arange(model.initial_time, model.final_time + 1e-9,
                                             model.saveper))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_zone_perturbed_constants_match_pysd(model, ref, seed):
    """All constants perturbed by up to +-20 %, three runs in one batch."""
    rng = np.random.default_rng(seed)
    n = 3
    params = {k: v * rng.uniform(0.8, 1.2, n) for k, v in model.constants.items()}
    res = model.run(params)
    for i in range(n):
        check(model, ref, params, i=i, res=res)


@pytest.mark.parametrize("path", zone_files(), ids=lambda p: p.stem)
def test_calibrated_zone_matches_pysd(model, ref, path):
    data = yaml.safe_load(path.read_text())
    params = dict(data.get("parameters") or {})
    params.update(data.get("baseline_levers") or {})
    consts, controls = split_controls(model, params)
    if controls.get("initial_time") == model.initial_time:
        controls.pop("initial_time")
    check(model, ref, consts, **controls)


def test_zone_time_varying_lever_matches_pysd(model, ref):
    """A constant replaced by a time path (how scenarios change levers)."""
    name = next(iter(model.constants))
    base = model.constants[name]
    times = np.array([model.initial_time + 1, model.initial_time + 4, model.final_time - 2])
    values = base * np.array([1.0, 1.15, 0.9])
    eng = model.run(series={name: (times, values)}).to_frame(0)
    pysd_frame = ref.run(series={name: (times, values)}, columns=list(eng.columns))
    assert max_rel_diff(eng, pysd_frame[eng.columns])[0] <= TOL


def test_zone_later_start_matches_pysd(model, ref):
    check(model, ref, initial_time=model.initial_time + 2, time_step=0.125)
