"""Sweeps on a Dask cluster: a LocalCluster reached by address and by client."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdsim.errors import SdsimError
from sdsim.sweep import build_spec, load_results, run_sweep

distributed = pytest.importorskip("distributed")

SPEC = {
    "name": "dask", "zone": "chenzhou", "sampler": "lhs", "n": 90, "seed": 3, "chunk_size": 30,
    "levers": {"share_ecology": [2, 20], "investment_rate": [15, 40]},
    "uncertainties": {"depreciation_rate": "full"},
    "outcomes": ["gdp", "pm25@2030"],
}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  protocol="tcp", dashboard_address=None) as c:
        yield c


def _same(a, b):
    ea, oa = load_results(a)
    eb, ob = load_results(b)
    pd.testing.assert_frame_equal(ea, eb, check_exact=True)
    for key in oa:
        np.testing.assert_array_equal(oa[key], ob[key])


def test_dask_by_address_matches_serial(cluster, tmp_path):
    spec = build_spec(SPEC)
    res = run_sweep(spec, tmp_path / "d", executor="dask", address=cluster.scheduler_address,
                    progress=False)
    assert res.complete and res.chunks_total == 3
    run_sweep(spec, tmp_path / "s", executor="local", progress=False)
    _same(tmp_path / "d", tmp_path / "s")


def test_dask_client_resumes_a_local_sweep(cluster, tmp_path):
    spec = build_spec(SPEC)
    part = run_sweep(spec, tmp_path / "r", executor="local", progress=False, max_chunks=1)
    assert part.chunks_done == 1
    with distributed.Client(cluster) as client:
        assert run_sweep(spec, tmp_path / "r", client=client, progress=False).complete
    run_sweep(spec, tmp_path / "s", executor="local", progress=False)
    _same(tmp_path / "r", tmp_path / "s")


def test_unreachable_scheduler_is_a_clear_error():
    from sdsim.sweep.executors import DaskExecutor

    with pytest.raises(SdsimError, match="cannot reach a Dask scheduler"):
        DaskExecutor("tcp://127.0.0.1:9", timeout="1s")
