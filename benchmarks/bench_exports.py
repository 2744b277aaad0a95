"""Time of each export step: build the bundle (runs, comparison, gap), then each format.

Usage::

    python benchmarks/bench_exports.py [--zone shenzhen] [--repeat 3] [scenario ...]

Prints median and worst milliseconds per step. The first chart render includes vl-convert's
start-up (about 0.5 s); later renders in the same process are faster.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sdsim.exports import FORMATS, build_bundle, export  # noqa: E402


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000.0)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zone", default="shenzhen")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("scenarios", nargs="*", default=["baseline", "plan"])
    args = ap.parse_args(argv)

    rows = []
    bundle = None

    def build():
        nonlocal bundle
        bundle = build_bundle(args.zone, args.scenarios)

    rows.append(("build_bundle", _timed(build, args.repeat)))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            path = Path(tmp) / f"export.{fmt}"
            rows.append(
                (fmt, _timed(lambda p=path, f=fmt: export(bundle, None, f, p), args.repeat))
            )
    print(f"{args.zone}: {', '.join(args.scenarios)} ({args.repeat} repeats)")
    for name, times in rows:
        print(
            f"  {name:<13} median {statistics.median(times):8.1f} ms   worst {max(times):8.1f} ms"
        )


if __name__ == "__main__":
    main()
