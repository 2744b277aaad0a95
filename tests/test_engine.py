"""Engine vs PySD on small models, one per group of constructs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sdsim.engine import CompiledModel
from sdsim.engine.validate import PySDReference, max_rel_diff

MODELS = Path(__file__).parent / "engine_models"
TOL = 1e-9

# model file -> variables that must actually change over time (guards against
# vacuous comparisons)
CASES = {
    "arith": ["sum diff", "power chain", "neg power", "compare", "logic", "ite", "mins",
              "transcend", "ints", "safe div", "stock"],
    "lookups": ["effect", "effect2", "with lookup", "precise", "level"],
    "stateful": ["stock", "sm1", "sm1i", "sm3", "sm3i", "smi0", "d1", "d1i", "d3", "d3i",
                 "combo"],
    "timefuncs": ["step out", "ramp out", "pulse out", "train out", "clock", "accum"],
    "subscripts": ["pop[north]", "births[west]", "total pop", "share[east]", "south pop",
                   "coast pop", "weighted", "coast sm[west]", "biggest"],
    "subscripts2d": ["stock[a,x]", "stock[b,z]", "tot[b]", "tr[y,a]"],
    "population": ["Population", "births", "deaths", "smoothed births", "perceived"],
    "inittime": ["policy", "capital", "investment", "perceived policy"],
}


@pytest.fixture(scope="module")
def pair(request):
    cache = {}

    def get(name):
        if name not in cache:
            path = MODELS / f"{name}.mdl"
            cache[name] = (CompiledModel.from_mdl(path), PySDReference(path))
        return cache[name]

    yield get
    for _, ref in cache.values():
        ref.close()


def compare(model, ref, **kw):
    params = kw.pop("params", None)
    eng = model.run(params, **kw).to_frame(0)
    pysd_frame = ref.run(params, columns=list(eng.columns), **kw)
    diff, col = max_rel_diff(eng, pysd_frame[eng.columns])
    assert diff <= TOL, f"max relative difference {diff:g} in {col!r}"
    return eng


@pytest.mark.parametrize("name", sorted(CASES))
def test_defaults_match_pysd(pair, name):
    model, ref = pair(name)
    eng = compare(model, ref)
    for col in CASES[name]:
        assert eng[col].nunique() > 1, f"{col} is constant: the test would be vacuous"


@pytest.mark.parametrize("name", sorted(CASES))
def test_perturbed_batch_matches_pysd(pair, name):
    """A batch of random +-20 % perturbations of every scalar constant."""
    model, ref = pair(name)
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    scalars = [k for k, v in model.constants.items() if not model.dims[k]]
    n = 3
    params = {k: model.constants[k] * rng.uniform(0.8, 1.2, n) for k in scalars}
    res = model.run(params, n=n)
    assert res.n == n
    for i in range(n):
        eng = res.to_frame(i)
        run_params = {k: float(v[i]) for k, v in params.items()}
        pysd_frame = ref.run(run_params, columns=list(eng.columns))
        diff, col = max_rel_diff(eng, pysd_frame[eng.columns])
        assert diff <= TOL, f"run {i}: max relative difference {diff:g} in {col!r}"


def test_subscripted_constant_override(pair):
    import xarray as xr

    model, ref = pair("subscripts")
    k = np.array([1.5, 2.5, 3.0, 0.5])
    eng = model.run({"k": k, "growth rate": 0.03}).to_frame(0)
    da = xr.DataArray(k, {"region": ["north", "south", "east", "west"]}, ["region"])
    pysd_frame = ref.run({"k": da, "growth rate": 0.03}, columns=list(eng.columns))
    assert max_rel_diff(eng, pysd_frame[eng.columns])[0] <= TOL
    # per-run subscripted values, (N, 4)
    both = model.run({"k": np.stack([k, k * 2])})
    assert both.values["pop"].shape == (2, 11, 4)
    np.testing.assert_array_equal(both.values["pop"][0], eng_values(model, k))


def eng_values(model, k):
    return model.run({"k": k, "growth rate": model.constants["growth_rate"]}).values["pop"][0]


@pytest.mark.parametrize("kw", [
    {"final_time": 9, "time_step": 0.0625},
    {"saveper": 0.75},
    {"time_step": 0.5, "saveper": 2, "final_time": 20},
])
def test_control_overrides_match_pysd(pair, kw):
    model, ref = pair("stateful")
    eng = compare(model, ref, **kw)
    assert eng.index[0] == 0


def test_timefuncs_saveper_follows_time_step(pair):
    """SAVEPER = TIME STEP * 2 must follow an overridden TIME STEP, as in PySD."""
    model, ref = pair("timefuncs")
    eng = compare(model, ref, time_step=0.25)
    assert np.allclose(np.diff(eng.index), 0.5)


@pytest.mark.parametrize("t0", [2017, 2018.5])
def test_initial_time_reinitialises_like_pysd(pair, t0):
    """Starting later re-evaluates every initial expression at the new start."""
    model, ref = pair("inittime")
    eng = compare(model, ref, initial_time=t0)
    assert eng.index[0] == t0
    assert (eng["start marker"] == t0).all()


def test_initial_time_matches_pysd_initial_condition(pair):
    """With time-independent initial values, PySD's initial_condition agrees."""
    model, ref = pair("population")
    eng = model.run(initial_time=2015).to_frame(0)
    pysd_frame = ref.run(columns=list(eng.columns), initial_time=2015,
                         initial_mode="initial_condition")
    assert max_rel_diff(eng, pysd_frame[eng.columns])[0] <= TOL


def test_subscripted_series_matches_pysd(pair):
    """A time path for a scalar constant used in subscripted equations."""
    model, ref = pair("subscripts")
    times, values = np.array([1.0, 4.0, 8.0]), np.array([0.01, 0.05, 0.03])
    eng = model.run(series={"growth rate": (times, values)}).to_frame(0)
    pysd_frame = ref.run(series={"growth rate": (times, values)}, columns=list(eng.columns))
    assert max_rel_diff(eng, pysd_frame[eng.columns])[0] <= TOL


def test_subscripted_batch_uses_chunks(pair):
    model, _ = pair("subscripts")
    rates = np.linspace(0.01, 0.04, 300)
    whole = model.run({"growth rate": rates})
    model.chunk_size, model.parallel_min = 32, 32
    try:
        chunked = model.run({"growth rate": rates})
    finally:
        del model.chunk_size, model.parallel_min
    np.testing.assert_array_equal(whole.values["pop"], chunked.values["pop"])
    one = model.run({"growth rate": rates[17]})
    np.testing.assert_array_equal(one.values["pop"][0], whole.values["pop"][17])
