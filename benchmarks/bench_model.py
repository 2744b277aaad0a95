"""Translate, load and single-run times of the zone model through PySD (figures printed).

Usage: python benchmarks/bench_model.py
The reference is a run of the same model in the same process with PySD's default settings.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")


def _time(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    import pysd

    from sdsim.paths import MODEL_FILE
    from sdsim.runner import run

    tmp = Path(tempfile.mkdtemp())
    shutil.copy(MODEL_FILE, tmp / "zone.mdl")
    translate = _time(lambda: pysd.read_vensim(str(tmp / "zone.mdl")), 3)
    load = _time(lambda: pysd.load(str(tmp / "zone.py")), 10)
    model = pysd.load(str(tmp / "zone.py"))
    raw = _time(lambda: model.run(reload=True, return_columns=["GDP"]), 20)
    run("shenzhen")  # warm the translation cache
    api = _time(lambda: run("shenzhen"), 20)
    tracemalloc.start()
    run("shenzhen", {"share_technology": 8})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    med = statistics.median
    print(f"translate .mdl -> .py      : {med(translate) * 1e3:8.1f} ms (median of 3)")
    print(f"load translated model      : {med(load) * 1e3:8.1f} ms (median of 10)")
    print(f"PySD run, 1 column (ref)   : {med(raw) * 1e3:8.1f} ms  -> {1 / med(raw):6.1f} runs/s")
    print(f"sdsim.run, all outcomes    : {med(api) * 1e3:8.1f} ms  -> {1 / med(api):6.1f} runs/s")
    print(f"ratio sdsim.run / PySD ref : {med(api) / med(raw):8.2f}")
    print(f"peak traced memory per run : {peak / 1e6:8.1f} MB")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
