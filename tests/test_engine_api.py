"""Engine API: parameter handling, series, results, batching, compile errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sdsim.engine import CompiledModel, CompileError, EngineResult
from sdsim.engine.runtime import interp_rows
from sdsim.engine.validate import PySDReference, max_rel_diff

MODELS = Path(__file__).parent / "engine_models"
POP = MODELS / "population.mdl"
TOL = 1e-9


@pytest.fixture(scope="module")
def model():
    return CompiledModel.from_mdl(POP)


@pytest.fixture(scope="module")
def ref():
    with PySDReference(POP) as r:
        yield r


def test_metadata(model):
    assert model.stocks == ["population"]
    assert set(model.variables) == {"births", "deaths", "smoothed_births", "perceived"}
    assert model.constants == {"carrying_capacity": 1000.0, "birth_rate": 0.08,
                               "lifetime": 50.0, "initial_population": 100.0}
    assert model.names["birth rate"] == "birth_rate"
    assert model.names["Time"] == "time"
    assert (model.initial_time, model.final_time, model.time_step, model.saveper) == (
        2010, 2030, 0.25, 1)
    assert model.units["births"] == "people/Year"
    assert "Births per person" in model.docs["birth_rate"]
    assert model.lookups == ["crowding_effect"]


def test_names_match_pysd_namespace(model, ref):
    pysd_model = ref.load()
    assert model.names == pysd_model.namespace


def test_result_shapes_and_frame(model):
    rates = np.linspace(0.05, 0.1, 7)
    res = model.run({"birth rate": rates}, outputs=["Population", "births"])
    assert isinstance(res, EngineResult)
    assert res.n == 7
    np.testing.assert_array_equal(res.times, np.arange(2010, 2031))
    assert set(res.values) == {"population", "births"}
    assert res.values["population"].shape == (7, 21)
    arr = res.array(["population", "births"])
    assert arr.shape == (7, 21, 2)
    np.testing.assert_array_equal(arr[..., 1], res.values["births"])
    frame = res.to_frame(3)
    assert list(frame.columns) == ["Population", "births"]
    assert frame.index.name == "time"
    single = model.run({"birth_rate": rates[3]}, outputs=["population"])
    np.testing.assert_array_equal(frame["Population"].to_numpy(),
                                  single.values["population"][0])


def test_unknown_param_suggests(model):
    with pytest.raises(KeyError, match="birth rate"):
        model.run({"birth rte": 0.1})
    with pytest.raises(ValueError, match="not a constant"):
        model.run({"births": 3.0})
    with pytest.raises(KeyError, match="unknown output"):
        model.run(outputs=["popluation"])


def test_batch_size_checks(model):
    with pytest.raises(ValueError, match="inconsistent batch"):
        model.run({"birth rate": np.ones(3) * 0.1, "lifetime": np.ones(4) * 40})
    with pytest.raises(ValueError, match="inconsistent batch"):
        model.run({"birth rate": np.ones(3) * 0.1}, n=5)
    assert model.run(n=4, outputs=["births"]).values["births"].shape == (4, 21)


def test_chunked_threads_equal_single_chunk(model):
    rng = np.random.default_rng(1)
    params = {"birth rate": rng.uniform(0.05, 0.1, 1000), "lifetime": rng.uniform(30, 70, 1000)}
    whole = model.run(params)
    small = CompiledModel.from_mdl(POP)
    small.chunk_size = 64
    small.parallel_min = 64
    chunked = small.run(params)
    for name, values in whole.values.items():
        np.testing.assert_array_equal(values, chunked.values[name])


def test_vensim_and_insensitive_names(model):
    a = model.run({"Birth Rate": 0.07}, outputs=["POPULATION"]).values["population"]
    b = model.run({"birth_rate": 0.07}, outputs=["population"]).values["population"]
    np.testing.assert_array_equal(a, b)


SERIES_TIMES = np.array([2012.0, 2015.5, 2021.0, 2026.0])


@pytest.mark.parametrize("name", ["birth rate", "lifetime", "initial population"])
def test_series_matches_pysd_series_param(model, ref, name):
    """Linear interpolation, held before the first and after the last point."""
    base = model.constants[model.names[name]]
    values = base * np.array([0.7, 1.3, 0.9, 1.1])
    res = model.run(series={name: (SERIES_TIMES, values)})
    eng = res.to_frame(0)
    pysd_frame = ref.run(series={name: (SERIES_TIMES, values)}, columns=list(eng.columns))
    diff, col = max_rel_diff(eng, pysd_frame[eng.columns])
    assert diff <= TOL, f"{diff:g} in {col}"
    # the same thing passed PySD-style, as a pd.Series in params
    as_param = model.run({name: pd.Series(values, index=SERIES_TIMES)}).to_frame(0)
    pd.testing.assert_frame_equal(as_param, eng)


def test_series_per_run_values_match_pysd(model, ref):
    rng = np.random.default_rng(7)
    values = rng.uniform(0.04, 0.12, (3, len(SERIES_TIMES)))
    res = model.run({"lifetime": np.array([40.0, 50.0, 60.0])},
                    series={"birth_rate": (SERIES_TIMES, values)})
    for i in range(3):
        eng = res.to_frame(i)
        pysd_frame = ref.run({"lifetime": [40.0, 50.0, 60.0][i]},
                             series={"birth_rate": (SERIES_TIMES, values[i])},
                             columns=list(eng.columns))
        assert max_rel_diff(eng, pysd_frame[eng.columns])[0] <= TOL


def test_interp_rows_equals_numpy_interp():
    rng = np.random.default_rng(3)
    xp = np.sort(rng.uniform(0, 10, 6))
    fp = rng.normal(size=(50, 6))
    t = np.concatenate([np.linspace(-1, 11, 97), xp, [np.nan]])
    got = interp_rows(t, xp, fp)
    for i in range(fp.shape[0]):
        np.testing.assert_array_equal(got[:, i], np.interp(t, xp, fp[i]))


def test_series_validation(model):
    with pytest.raises(ValueError, match="increasing"):
        model.run(series={"lifetime": ([2020, 2010], [1, 2])})
    with pytest.raises(ValueError, match="both"):
        model.run({"lifetime": 3}, series={"lifetime": ([2020], [1])})


def test_control_names_in_params(model):
    a = model.run({"FINAL TIME": 2020, "TIME STEP": 0.5, "birth rate": 0.1})
    b = model.run({"birth rate": 0.1}, final_time=2020, time_step=0.5)
    np.testing.assert_array_equal(a.times, b.times)
    np.testing.assert_array_equal(a.values["population"], b.values["population"])
    assert a.times[-1] == 2020


def test_initial_time_batch(model, ref):
    res = model.run({"birth rate": np.array([0.06, 0.09])}, initial_time=2014.5)
    assert res.times[0] == 2014.5
    eng = res.to_frame(1)
    pysd_frame = ref.run({"birth rate": 0.09}, columns=list(eng.columns), initial_time=2014.5)
    assert max_rel_diff(eng, pysd_frame[eng.columns])[0] <= TOL


UNSUPPORTED = {
    "DELAY FIXED": "y = DELAY FIXED(x, 2, 0)",
    "TREND": "y = TREND(x, 2, 0)",
    "SAMPLE IF TRUE": "y = SAMPLE IF TRUE(Time > 2, x, 0)",
    "DELAY N": "y = DELAY N(x, 2, 0, 4)",
    "SMOOTH N": "y = SMOOTH N(x, 2, 0, 4)",
    "ACTIVE INITIAL": "y = ACTIVE INITIAL(x * 2, 1)",
    "FORECAST": "y = FORECAST(x, 2, 3)",
}


@pytest.mark.parametrize("construct", sorted(UNSUPPORTED))
def test_unsupported_constructs_raise(tmp_path, construct):
    text = ("{UTF-8}\nx = Time * 2 ~~|\n" + UNSUPPORTED[construct] + " ~~|\n"
            ".Control ~ |\nINITIAL TIME = 0 ~~|\nFINAL TIME = 4 ~~|\n"
            "TIME STEP = 1 ~~|\nSAVEPER = 1 ~~|\n")
    path = tmp_path / "bad.mdl"
    path.write_text(text)
    with pytest.raises(CompileError) as err:
        CompiledModel.from_mdl(path)
    assert construct in str(err.value)
    assert "'y'" in str(err.value)
    assert err.value.variable == "y"


def test_generated_source_is_inspectable(model):
    fn, source = model.runner(["population"])
    assert source.startswith("def run_chunk(")
    assert "smoothed_births" not in source  # pruned: not needed for the output
    assert callable(fn)


@pytest.mark.parametrize("name", ["arith", "lookups", "stateful", "timefuncs", "inittime"])
def test_scalar_fast_path_equals_batched_path(name):
    """N = 1 runs use pure-Python floats; they must agree with the numpy path."""
    m = CompiledModel.from_mdl(MODELS / f"{name}.mdl")
    assert m.scalar_fast_path
    single = m.run()
    batched = m.run(n=2)
    for key, values in single.values.items():
        np.testing.assert_allclose(values[0], batched.values[key][0], rtol=1e-14, atol=0)


def test_subscripted_models_skip_scalar_path():
    assert not CompiledModel.from_mdl(MODELS / "subscripts.mdl").scalar_fast_path


def test_scalar_path_falls_back_on_domain_errors(tmp_path):
    """Division by zero / log(0) raise in pure Python: numpy semantics are used instead."""
    path = tmp_path / "div.mdl"
    path.write_text("{UTF-8}\nc = 2 ~~|\nx = 1 / (Time - c) + LN(Time * c) ~~|\n"
                    "y = INTEG(x, 0) ~~|\n"
                    ".Control ~ |\nINITIAL TIME = 0 ~~|\nFINAL TIME = 4 ~~|\n"
                    "TIME STEP = 1 ~~|\nSAVEPER = 1 ~~|\n")
    m = CompiledModel.from_mdl(path)
    single = m.run()
    batched = m.run(n=2)
    np.testing.assert_array_equal(single.values["x"][0], batched.values["x"][0])
    assert np.isinf(single.values["x"][0, 2])
    assert np.isneginf(single.values["x"][0, 0])


def test_result_array_with_subscripted_names():
    m = CompiledModel.from_mdl(MODELS / "subscripts.mdl")
    res = m.run(n=2)
    arr = res.array(["pop[north]", "total pop", "share[west]"])
    assert arr.shape == (2, 11, 3)
    np.testing.assert_array_equal(arr[..., 0], res.values["pop"][..., 0])
    np.testing.assert_array_equal(arr[..., 2], res.values["share"][..., 3])
    with pytest.raises(ValueError, match="subscripted"):
        res.array(["pop"])
    assert "pop[east]" in res.to_frame(1).columns
