"""Fast runs for the app: the batch engine when present (PySD otherwise) and the uncertainty band.

A single run goes through :func:`sdsim.runner.model_inputs` and
:func:`sdsim.runner.outcome_table`, so it is the same as :func:`sdsim.runner.run`; only the
integrator differs (the vectorised engine reproduces PySD's Euler steps).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from sdsim.lever_settings import BASE_YEAR
from sdsim.levers import SHARE_KEYS, assumptions
from sdsim.outcomes import INDEX_UNIT, OUTCOMES, model_variables
from sdsim.runner import model_inputs, outcome_table
from sdsim.zone_params import ZoneParameters, load_zone_parameters

FINAL_YEAR = 2030
TIME_STEP = 0.25
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
    """Runs a zone with the compiled batch engine (or PySD when the engine is missing)."""

    def __init__(self, use_engine: bool = True) -> None:
        self.engine = None
        if use_engine:
            try:
                from sdsim.engine import CompiledModel
                from sdsim.paths import MODEL_FILE

                self.engine = CompiledModel.from_mdl(MODEL_FILE)
            except Exception:  # noqa: BLE001 - any failure means: fall back to PySD
                self.engine = None
        self.outputs = model_variables()

    @property
    def has_band(self) -> bool:
        return self.engine is not None

    def _raw(self, params: dict, n: int | None = None):
        return self.engine.run(params, n=n, initial_time=BASE_YEAR, final_time=FINAL_YEAR,
                               time_step=TIME_STEP, saveper=1.0, outputs=self.outputs)

    def run(self, zone: str, levers: Mapping | None = None,
            assumption_values: Mapping[str, float] | None = None,
            normalise: bool = True) -> pd.DataFrame:
        """One run: the same table as :func:`sdsim.runner.run` (lever paths kept as paths)."""
        zp = zone_parameters(zone)
        if self.engine is None:
            from sdsim.runner import run

            return run(zone, levers, assumptions=assumption_values, normalise=normalise,
                       zone_parameters=zp)
        params = model_inputs(zp, levers, assumption_values, FINAL_YEAR, normalise=normalise)
        return outcome_table(self._raw(params).to_frame(0), zp)

    def band(self, zone: str, levers: Mapping | None = None, n: int = BAND_RUNS,
             seed: int = 0, quantiles: tuple[float, float] = (0.05, 0.95),
             normalise: bool = True) -> pd.DataFrame | None:
        """Quantiles of every outcome over ``n`` runs sampling all assumptions in their ranges.

        Latin-hypercube sample, uniform over each documented range (``models/assumptions.csv``).
        Returns a long table (outcome, year, low, median, high) in the units of :meth:`run`,
        or None without the batch engine.
        """
        if self.engine is None:
            return None
        zp = zone_parameters(zone)
        params = model_inputs(zp, levers, None, FINAL_YEAR, normalise=normalise)
        params.update(latin_hypercube(n, seed))
        res = self._raw(params, n=n)
        years = np.round(res.times).astype(int)
        annual = np.isclose(res.times, years)
        years = years[annual]
        levels = set(zp.levels)
        keys = [k for k, o in OUTCOMES.items() if o.vensim]
        vals = res.array([OUTCOMES[k].vensim for k in keys])[:, annual, :]  # (N, S, V)
        for j, k in enumerate(keys):
            o = OUTCOMES[k]
            if o.unit != INDEX_UNIT and not set(o.needs) <= levels:
                vals[:, :, j] = vals[:, :, j] / vals[:, years == BASE_YEAR, j][:, :1] * 100.0
        gdp = vals[:, :, keys.index("gdp")]
        growth = np.full(gdp.shape, np.nan)
        growth[:, 1:] = (gdp[:, 1:] / gdp[:, :-1] - 1.0) * 100.0
        vals = np.concatenate([vals, growth[:, :, None]], axis=2)
        keys.append("gdp_growth")
        quantile = np.nanquantile if np.isnan(vals[:, 1:]).any() else np.quantile
        lo, mid, hi = quantile(vals, (quantiles[0], 0.5, quantiles[1]), axis=0)  # (S, V)
        frame = pd.DataFrame({
            "outcome": np.repeat(keys, len(years)), "year": np.tile(years, len(keys)),
            "low": lo.T.ravel(), "median": mid.T.ravel(), "high": hi.T.ravel()})
        return frame.dropna(subset=["low", "high"]).reset_index(drop=True)


@lru_cache(maxsize=4)
def _lhs(n: int, seed: int) -> tuple[tuple[str, np.ndarray], ...]:
    rng = np.random.default_rng(seed)
    out = []
    for a in assumptions().values():
        u = (rng.permutation(n) + rng.uniform(size=n)) / n
        out.append((a.vensim, a.low + u * (a.high - a.low)))
    return tuple(out)


def latin_hypercube(n: int = BAND_RUNS, seed: int = 0) -> dict[str, np.ndarray]:
    """Vensim name -> (n,) values: a Latin-hypercube sample of every assumption's range."""
    return dict(_lhs(n, seed))
