"""One chunk of a sweep: a slice of the design run through :func:`sdsim.batch.run_batch`.

A chunk task is a plain dict (picklable, small) so that it travels to worker processes and
Dask workers; the result is a dict of flat outcome columns.
"""

from __future__ import annotations

import numpy as np


def series_column(key: str, year: int) -> str:
    """Column name of one year of a series outcome (``'pm25[2025]'``)."""
    return f"{key}[{year}]"


def make_task(spec, index: int, lo: int, hi: int, values: np.ndarray) -> dict:
    """The task for rows ``lo:hi`` of the design (``values``: (hi - lo, factors))."""
    factors = spec.factors()
    return {
        "index": index, "lo": lo, "hi": hi,
        "zone": spec.zone, "final_year": spec.final_year, "time_step": spec.time_step,
        "normalise": spec.normalise,
        "factors": [(k, kind) for k, (kind, _, _) in factors.items()],
        "values": np.ascontiguousarray(values, dtype=float),
        "outcomes": spec.outcome_items(),
    }


def compute_chunk(task: dict) -> dict:
    """Run a chunk; return ``{'index', 'lo', 'hi', 'columns': {name: (rows,)}}``."""
    from sdsim.batch import run_batch

    levers, assumptions = {}, {}
    for j, (key, kind) in enumerate(task["factors"]):
        (levers if kind == "lever" else assumptions)[key] = task["values"][:, j]
    keys = list(dict.fromkeys(key for _, key, _ in task["outcomes"]))
    res = run_batch(task["zone"], levers, assumptions, task["final_year"], task["time_step"],
                    keys, n=task["hi"] - task["lo"], normalise=task["normalise"])
    columns = {}
    for name, key, year in task["outcomes"]:
        if year is None:
            for j, y in enumerate(res.years):
                columns[series_column(key, int(y))] = np.ascontiguousarray(res.outcomes[key][:, j])
        else:
            columns[name] = res.at(key, year)
    meta = {"years": [int(y) for y in res.years], "units": res.units, "indexed": res.indexed}
    return {"index": task["index"], "lo": task["lo"], "hi": task["hi"], "columns": columns,
            "meta": meta}
