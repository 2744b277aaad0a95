"""Fast runs for the app on :func:`sdsim.batch.run_batch` (PySD's ``sdsim.runner.run`` otherwise).

``run_batch`` runs the compiled engine and equals :func:`sdsim.runner.run` run by run (the
same inputs, Euler steps and outcome table); the uncertainty band is one ``run_batch`` call of
200 runs over a Latin-hypercube sample of the assumptions' documented ranges.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from sdsim.levers import SHARE_KEYS, assumptions
from sdsim.zone_params import ZoneParameters, load_zone_parameters

FINAL_YEAR = 2030
BAND_RUNS = 200


def settings_from_values(values: Mapping[str, float], defaults: Mapping[str, float]) -> dict:
    """Lever settings for the runner: only levers moved off their default.

    When any investment share moved, all five are passed (the app keeps them at 100 %).
    """
    moved = {k: float(v) for k, v in values.items() if abs(float(v) - float(defaults[k])) > 1e-9}
    if any(k in SHARE_KEYS for k in moved):
        moved.update({k: float(values[k]) for k in SHARE_KEYS if k in values})
    return moved


@lru_cache(maxsize=8)
def zone_parameters(zone: str) -> ZoneParameters:
    return load_zone_parameters(zone)


class Simulator:
    """Runs a zone with :func:`sdsim.batch.run_batch` (or PySD when the engine is missing)."""

    def __init__(self, use_engine: bool = True) -> None:
        self.engine = None
        if use_engine:
            try:
                from sdsim.batch import compiled_model

                self.engine = compiled_model()
            except Exception:  # noqa: BLE001 - any failure means: fall back to PySD
                self.engine = None

    @property
    def has_band(self) -> bool:
        return self.engine is not None

    def run(self, zone: str, levers: Mapping | None = None,
            assumption_values: Mapping[str, float] | None = None,
            normalise: bool = True) -> pd.DataFrame:
        """One run: the table of :func:`sdsim.runner.run` (lever paths kept as paths)."""
        if self.engine is None:
            from sdsim.runner import run

            return run(zone, levers, assumptions=assumption_values, normalise=normalise,
                       zone_parameters=zone_parameters(zone))
        from sdsim.batch import run_batch

        return run_batch(zone, dict(levers or {}), dict(assumption_values or {}), FINAL_YEAR,
                         normalise=normalise).frame(0)

    def band(self, zone: str, levers: Mapping | None = None, n: int = BAND_RUNS,
             seed: int = 0, quantiles: tuple[float, float] = (0.05, 0.95),
             normalise: bool = True) -> pd.DataFrame | None:
        """Quantiles of every outcome over ``n`` runs sampling all assumptions in their ranges.

        One :func:`sdsim.batch.run_batch` call: the lever settings of the current run, and a
        Latin-hypercube sample, uniform over each assumption's documented range
        (``models/assumptions.csv``). Returns a long table (outcome, year, low, median, high)
        in the units of :meth:`run`, or None without the batch engine.
        """
        if self.engine is None:
            return None
        from sdsim.batch import run_batch

        res = run_batch(zone, dict(levers or {}), latin_hypercube(n, seed), FINAL_YEAR, n=n,
                        normalise=normalise)
        keys = list(res.outcomes)
        vals = np.stack([res.outcomes[k] for k in keys], axis=2)  # (N, years, outcomes)
        quantile = np.nanquantile if np.isnan(vals).any() else np.quantile
        lo, mid, hi = quantile(vals, (quantiles[0], 0.5, quantiles[1]), axis=0)
        years = res.years.astype(int)
        frame = pd.DataFrame({
            "outcome": np.repeat(keys, len(years)), "year": np.tile(years, len(keys)),
            "low": lo.T.ravel(), "median": mid.T.ravel(), "high": hi.T.ravel()})
        return frame.dropna(subset=["low", "high"]).reset_index(drop=True)


@lru_cache(maxsize=4)
def _lhs(n: int, seed: int) -> tuple[tuple[str, np.ndarray], ...]:
    rng = np.random.default_rng(seed)
    out = []
    for key, a in assumptions().items():
        u = (rng.permutation(n) + rng.uniform(size=n)) / n
        out.append((key, a.low + u * (a.high - a.low)))
    return tuple(out)


def latin_hypercube(n: int = BAND_RUNS, seed: int = 0) -> dict[str, np.ndarray]:
    """Assumption key -> (n,) values: a Latin-hypercube sample of every assumption's range."""
    return dict(_lhs(n, seed))
