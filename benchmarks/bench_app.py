"""Latency of the app's compute path for one slider move: run, band, target gap, chart specs.

Usage::

    python benchmarks/bench_app.py [--zone shenzhen] [--repeat 20] [--band-runs 200]

Prints median and worst milliseconds for each step and the total; the goal is < 100 ms.
Model compilation (cached once per server by ``st.cache_resource``) is reported separately.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sdsim.app_support import charts, targets  # noqa: E402
from sdsim.app_support.simulate import Simulator  # noqa: E402

KEY_OUTCOMES = ["gdp", "rd_intensity", "co2", "pm25", "water_per_10k_gdp", "disposable_income"]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zone", default="shenzhen")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--band-runs", type=int, default=200)
    args = ap.parse_args(argv)

    t = time.perf_counter()
    sim = Simulator()
    print(f"model compile (once, cached): {(time.perf_counter() - t) * 1000:8.1f} ms"
          f"  engine={'yes' if sim.has_band else 'no (PySD fallback, no band)'}")
    base = sim.run(args.zone)
    tlist = targets.zone_targets(args.zone)
    marks = targets.chart_marks(tlist, "en", base.attrs.get("indexed", []))
    if tlist:
        targets.gap({"current": base}, tlist)  # warm-up
    band = sim.band(args.zone, {"share_technology": 10.0}, n=args.band_runs)  # warm-up
    t = time.perf_counter()
    for key in KEY_OUTCOMES:  # Altair templates: built once per outcome and language
        charts.outcome_spec({"baseline": base, "current": base}, key, band=band, targets=marks,
                            units=base.attrs["units"])
    print(f"chart templates (once, cached): {(time.perf_counter() - t) * 1000:8.1f} ms")
    steps: dict[str, list[float]] = {"run": [], "band": [], "gap": [], "charts": [],
                                     "total": []}
    for i in range(args.repeat):
        levers = {"share_technology": 5.0 + i, "investment_rate": 30.0 + 0.5 * i}
        t0 = time.perf_counter()
        cur = sim.run(args.zone, levers)
        t1 = time.perf_counter()
        band = sim.band(args.zone, levers, n=args.band_runs)
        t2 = time.perf_counter()
        if tlist:  # the current run's rows (the baseline's are cached by the app)
            gap = targets.gap({"current": cur}, tlist)
            targets.kpi_statuses(gap, "current")
        t3 = time.perf_counter()
        for key in KEY_OUTCOMES:
            charts.outcome_spec({"baseline": base, "current": cur}, key, band=band,
                                targets=marks, units=cur.attrs["units"])
        t4 = time.perf_counter()
        for name, v in (("run", t1 - t0), ("band", t2 - t1), ("gap", t3 - t2),
                        ("charts", t4 - t3), ("total", t4 - t0)):
            steps[name].append(v * 1000.0)
    print(f"zone={args.zone} band runs={args.band_runs} repeats={args.repeat}")
    for name, vals in steps.items():
        print(f"{name:>7}: median {statistics.median(vals):7.1f} ms   max {max(vals):7.1f} ms")
    ok = statistics.median(steps["total"]) < 100.0
    print(f"slider move -> updated charts (compute): {'OK' if ok else 'SLOW'} (< 100 ms goal)")


if __name__ == "__main__":
    main()
