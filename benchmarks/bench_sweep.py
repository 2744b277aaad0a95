"""Benchmark batched zone runs and a large sweep streamed to disk.

Usage::

    python benchmarks/bench_sweep.py [--zone shenzhen] [--sizes 1 1000 100000]
        [--pysd-runs 20] [--large 1000000 | --large 0] [--executor local|processes]

Prints, for 2020-2030 with TIME STEP 0.25:

- zone-runs per second of :func:`sdsim.batch.run_batch` for each batch size, with every
  outcome of ``run()`` and with three outcomes;
- zone-runs per second of a PySD loop (:func:`sdsim.runner.run`) in the same process, and the
  speed-up;
- time and peak memory of a Latin-hypercube sweep of ``--large`` runs written to Parquet in
  chunks, measured in a fresh child process so that the figures above do not count
  (``--large 0`` skips it).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sdsim.batch import compiled_model, run_batch  # noqa: E402
from sdsim.runner import run  # noqa: E402

LEVERS = {"share_technology": (2.0, 15.0), "investment_rate": (20.0, 35.0)}
ASSUMPTIONS = {"capital_elasticity": (0.3, 0.5), "knowledge_rd_elasticity": (0.0, 0.6)}
FEW = ["gdp", "rd_intensity", "pm25"]


def inputs(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    lev = {k: rng.uniform(lo, hi, n) for k, (lo, hi) in LEVERS.items()}
    ass = {k: rng.uniform(lo, hi, n) for k, (lo, hi) in ASSUMPTIONS.items()}
    return lev, ass


def bench_batch(zone: str, n: int, outcomes, repeat: int) -> float:
    lev, ass = inputs(n)
    run_batch(zone, lev, ass, outcomes=outcomes)  # warm-up (code generation)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        run_batch(zone, lev, ass, outcomes=outcomes)
        best = min(best, time.perf_counter() - t)
    return n / best


def bench_pysd(zone: str, runs: int) -> float:
    lev, ass = inputs(runs)
    run(zone)  # warm-up: translation and load
    t = time.perf_counter()
    for i in range(runs):
        run(zone, {k: float(v[i]) for k, v in lev.items()},
            assumptions={k: float(v[i]) for k, v in ass.items()})
    return runs / (time.perf_counter() - t)


def bench_large(zone: str, runs: int, executor: str, chunk: int) -> dict:
    from sdsim.sweep import build_spec, run_sweep

    spec = build_spec({
        "name": "bench", "zone": zone, "sampler": "lhs", "n": runs, "seed": 1,
        "chunk_size": chunk,
        "levers": {k: list(v) for k, v in LEVERS.items()},
        "uncertainties": {k: list(v) for k, v in ASSUMPTIONS.items()},
        "outcomes": ["gdp@2030", "rd_intensity@2030", "pm25@2030", "co2"],
    })
    with tempfile.TemporaryDirectory(prefix="sdsim_bench_") as tmp:
        t = time.perf_counter()
        res = run_sweep(spec, Path(tmp) / "out", executor=executor, progress=False)
        elapsed = time.perf_counter() - t
        size = sum(p.stat().st_size for p in (Path(tmp) / "out").iterdir())
    assert res.complete
    return {"seconds": elapsed, "bytes": size,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def large_in_child(args) -> dict:
    """Run :func:`bench_large` in a fresh interpreter; return its figures."""
    cmd = [sys.executable, __file__, "--child", "--zone", args.zone, "--large", str(args.large),
           "--chunk", str(args.chunk), "--executor", args.executor]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zone", default="shenzhen")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 1000, 100_000])
    ap.add_argument("--pysd-runs", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--large", type=int, default=1_000_000,
                    help="runs of the streamed sweep (0 skips it)")
    ap.add_argument("--chunk", type=int, default=50_000)
    ap.add_argument("--executor", default="local", choices=["local", "processes"])
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(bench_large(args.zone, args.large, args.executor, args.chunk)))
        return

    t = time.perf_counter()
    compiled_model()
    print(f"compile: {time.perf_counter() - t:.2f} s (once per process)")
    print(f"zone {args.zone}, 2020-2030, TIME STEP 0.25, {len(LEVERS)} levers + "
          f"{len(ASSUMPTIONS)} assumptions varied")
    pysd = bench_pysd(args.zone, args.pysd_runs)
    print(f"PySD loop (sdsim.runner.run): {pysd:,.1f} zone-runs/s")
    print(f"{'N':>9} {'all outcomes':>16} {'3 outcomes':>14} {'x PySD':>9}")
    for n in args.sizes:
        rate_all = bench_batch(args.zone, n, None, args.repeat)
        rate_few = bench_batch(args.zone, n, FEW, args.repeat)
        print(f"{n:>9,} {rate_all:>14,.0f}/s {rate_few:>12,.0f}/s {rate_all / pysd:>8,.0f}x")
    if args.large:
        r = large_in_child(args)
        workers = (f", {r['workers_mb']:.0f} MB per worker process"
                   if args.executor == "processes" else "")
        print(f"sweep of {args.large:,} runs ({args.executor}, chunks of {args.chunk:,}) to "
              f"Parquet: {r['seconds']:.1f} s = {args.large / r['seconds']:,.0f} runs/s, "
              f"{r['bytes'] / 1e6:.0f} MB on disk; peak RSS {r['peak_mb']:.0f} MB "
              f"(whole process, from start){workers}")


if __name__ == "__main__":
    main()
