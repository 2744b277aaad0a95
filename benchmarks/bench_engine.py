"""Benchmark the vectorised engine against PySD on the zone model.

Usage::

    python benchmarks/bench_engine.py [--model models/zone.mdl] [--sizes 1 1000 100000]
        [--outputs stocks|all] [--pysd-runs 20] [--repeat 3]

Prints runs/s for each batch size, the same-process PySD loop runs/s, the
speed-up ratio and the peak memory (tracemalloc for the engine's arrays and
the process's peak RSS).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sdsim.engine import CompiledModel  # noqa: E402
from sdsim.engine.validate import PySDReference  # noqa: E402


def perturbed(model: CompiledModel, n: int, seed: int = 0) -> dict:
    """Every scalar constant perturbed by up to +-20 % (one value per run)."""
    rng = np.random.default_rng(seed)
    return {k: v * rng.uniform(0.8, 1.2, n) for k, v in model.constants.items()
            if not model.dims[k]}


def bench_engine(model: CompiledModel, n: int, outputs, repeat: int) -> tuple[float, int]:
    params = perturbed(model, n)
    model.run(params, outputs=outputs)  # warm-up: code generation, thread pool
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        model.run(params, outputs=outputs)
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    model.run(params, outputs=outputs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return n / best, peak


def bench_pysd(path: Path, runs: int, outputs, reload: bool) -> float:
    """PySD runs/s in this process (``reload=True`` reloads the model each run,
    as needed when every run sets different params)."""
    with PySDReference(path) as ref, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ref.load()
        model.run(return_columns=outputs)  # warm-up
        t = time.perf_counter()
        for _ in range(runs):
            model.run(return_columns=outputs, reload=reload)
        return runs / (time.perf_counter() - t)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "zone.mdl"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 1000, 100_000])
    ap.add_argument("--outputs", choices=["stocks", "all"], default="stocks")
    ap.add_argument("--pysd-runs", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    path = Path(args.model)
    t = time.perf_counter()
    model = CompiledModel.from_mdl(path)
    compile_s = time.perf_counter() - t
    outputs = model.stocks if args.outputs == "stocks" else model.outputs_default()
    steps = int(round((model.final_time - model.initial_time) / model.time_step))
    print(f"model {path.name}: {len(model.stocks)} stocks, {len(model.variables)} variables, "
          f"{len(model.constants)} constants, {steps} steps; compile {compile_s:.2f} s")
    print(f"outputs stored: {len(outputs)} ({args.outputs}); cores: {os.cpu_count()}; "
          f"chunk size: {model.chunk_size}")
    rates = {}
    for n in args.sizes:
        rate, peak = bench_engine(model, n, outputs, args.repeat)
        rates[n] = rate
        print(f"engine  N={n:>7,}: {rate:>12,.0f} runs/s  ({n / rate * 1e3:8.2f} ms per batch, "
              f"peak traced memory {peak / 2**20:7.1f} MiB)")
    columns = [model._py2vensim[o] for o in outputs]
    pysd_rate = bench_pysd(path, args.pysd_runs, columns, reload=False)
    pysd_reload = bench_pysd(path, args.pysd_runs, columns, reload=True)
    print(f"PySD loop (same process, {args.pysd_runs} runs): {pysd_rate:,.1f} runs/s; "
          f"with reload=True: {pysd_reload:,.1f} runs/s")
    for n, rate in rates.items():
        print(f"speed-up N={n:>7,}: {rate / pysd_rate:>12,.0f}x  "
              f"({rate / pysd_reload:,.0f}x vs reload=True)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
