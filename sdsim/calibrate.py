"""Fit each zone's free parameters to its cited observations with scipy.optimize.

Method
------
A *history run* starts at the earliest observation year (at least 2019, so a 2020 growth rate
can be measured) with the zone's 2020 policy mix, and runs to 2021. Free parameters are the
starting levels of observed stocks and the rates that set observed trends; everything else
keeps its prior (cited level or documented assumption). ``scipy.optimize.least_squares``
minimises scaled residuals: shares and rates in units of 0.05 percentage points, other levels
in units of 0.25 % of the observed value, plus a weak pull of each free parameter toward its
prior, with a soft-L1 loss. The zone's 2020 state is then read off the history run and written as the initial
stocks of the projection, so a projection from 2020 continues the fitted history exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from sdsim.observations import Observation, zone_observations
from sdsim.outcomes import OUTCOMES
from sdsim.paths import OBSERVATIONS_FILE
from sdsim.zone_params import ZoneParameters, save_zone_parameters
from sdsim.zone_priors import (
    BASE_YEAR,
    LEVEL_PARAMETER,
    ZonePrior,
    balance_stocks,
    stock_initials,
    zone_prior,
)
from sdsim.zones import get_zone

#: Acceptance: 2020 levels within 1 %, shares and rates within 0.2 percentage points.
LEVEL_TOLERANCE = 0.01
SHARE_TOLERANCE_PP = 0.2
#: Trend parameter of each indicator (fitted when the zone has trend evidence for it).
TREND_PARAMETER = {
    "gdp": "tfp growth rate",
    "gdp_growth": "tfp growth rate",
    "rd_intensity": "reference business rd intensity",
    "water_per_10k_gdp": "autonomous water saving rate",
    "pm25": "reference indicated pm25",
    "good_air_ratio": "reference indicated pm25",
    "good_air_days": "reference indicated pm25",
    "surface_water_good": "water restoration rate",
    "forest_cover": "forest restoration rate",
    "disposable_income": "reference income",
}
BOUNDS = {
    "reference GDP": (0.5, 1.5, "rel"),
    "tfp growth rate": (-0.05, 0.15, "abs"),
    "initial business rd intensity": (0.0, 10.0, "abs"),
    "reference business rd intensity": (0.0, 15.0, "abs"),
    "initial structural water intensity": (0.3, 3.0, "rel"),
    "autonomous water saving rate": (-0.05, 0.25, "abs"),
    "initial recycled water share": (0.0, 95.0, "abs"),
    "initial pm25": (1.0, 200.0, "abs"),
    "reference indicated pm25": (5.5, 200.0, "abs"),
    "air quality factor": (0.2, 6.0, "abs"),
    "initial surface water quality": (0.0, 100.0, "abs"),
    "water restoration rate": (0.0, 3.9, "abs"),
    "initial forest cover": (0.0, 85.0, "abs"),
    "forest restoration rate": (0.0, 1.0, "abs"),
    "initial clean energy share": (0.0, 100.0, "abs"),
    "initial disposable income": (0.3, 3.0, "rel"),
    "reference income": (0.3, 3.0, "rel"),
}
#: Residuals beyond this (in tolerance units) count less than quadratically (soft L1), so a
#: trend figure the structure cannot follow (Shenzhen's surface water 2019 -> 2020) does not
#: drag the rest of the fit.
ROBUST_SCALE = 5.0
#: 2020 figures are the state the projection starts from: they weigh more than trend evidence.
BASE_YEAR_WEIGHT = 10.0
OUTPUTS = [o.vensim for o in OUTCOMES.values() if o.vensim]


@dataclass
class FitProblem:
    """The free parameters, their bounds, the history window and the observations of a zone."""

    prior: ZonePrior
    observations: list[Observation]
    free: list[str]
    lower: np.ndarray
    upper: np.ndarray
    start: int
    end: int


def _indicator_var(indicator: str) -> str:
    return OUTCOMES[indicator].vensim


def setup(zone: str, observations: str | Path | None = None) -> FitProblem:
    """Choose free parameters from the observations a zone has."""
    path = observations or OBSERVATIONS_FILE
    prior = zone_prior(zone, path)
    obs = zone_observations(zone, "fit", path)
    free: list[str] = []
    for o in obs:
        names = []
        if o.kind == "level" and o.year == BASE_YEAR and o.indicator in LEVEL_PARAMETER:
            names.append(LEVEL_PARAMETER[o.indicator])
        if o.indicator in ("good_air_ratio", "good_air_days") and o.kind == "level" and o.year == BASE_YEAR:
            names.append("air quality factor")
        trend = o.year != BASE_YEAR or o.kind != "level" or o.indicator == "gdp_growth"
        if trend and o.indicator in TREND_PARAMETER:
            names.append(TREND_PARAMETER[o.indicator])
        free += [n for n in names if n not in free]
    lower, upper = [], []
    for name in free:
        lo, hi, kind = BOUNDS[name]
        x0 = prior.parameters[name]
        lower.append(lo * x0 if kind == "rel" else lo)
        upper.append(hi * x0 if kind == "rel" else hi)
    years = [o.year for o in obs] + [o.base_year for o in obs if o.base_year]
    start = min([BASE_YEAR - 1, *years])
    end = max([BASE_YEAR + 1, *years])
    return FitProblem(prior, obs, free, np.array(lower), np.array(upper), start, end)


def _params(problem: FitProblem, x: np.ndarray) -> dict[str, float]:
    params = dict(problem.prior.parameters)
    params.update(dict(zip(problem.free, map(float, x), strict=True)))
    if "reference business rd intensity" not in problem.free:
        params["reference business rd intensity"] = params["initial business rd intensity"]
    if "reference income" not in problem.free:
        params["reference income"] = params["initial disposable income"]
    if "reference indicated pm25" not in problem.free:
        params["reference indicated pm25"] = params["initial pm25"]
    params["reference clean energy share"] = params["initial clean energy share"]
    if "forest restoration rate" not in problem.free:
        params["forest restoration rate"] = _balance_rate(params, "forest")
    if "water restoration rate" not in problem.free:
        params["water restoration rate"] = _balance_rate(params, "water")
    from sdsim.levers import levers

    for key, value in problem.prior.baseline_levers.items():
        params[levers()[key].vensim] = value
    balance_stocks(params, problem.start)
    return params


def _balance_rate(params: dict[str, float], which: str) -> float:
    """Restoration rate that balances base-year pressure (no drift without trend evidence)."""
    if which == "forest":
        level, ceiling, pressure = (params["initial forest cover"], params["forest ceiling"],
                                    params["forest pressure rate"])
        default = params["forest restoration rate"]
    else:
        level, ceiling, pressure = (params["initial surface water quality"],
                                    params["surface water ceiling"], params["water pressure rate"])
        default = params["water restoration rate"]
    gap = ceiling - level
    return pressure * level / gap if gap > 0.5 else default


def history(problem: FitProblem, x: np.ndarray, time_step: float = 0.25) -> pd.DataFrame:
    """Run the zone from the history start year with parameters ``x``."""
    from sdsim.pysd_model import simulate

    outputs = OUTPUTS + list(stock_initials())
    raw = simulate(
        _params(problem, x), sorted(set(outputs)), initial_time=problem.start,
        final_time=problem.end, time_step=time_step, saveper=1.0,
    )
    raw.index = np.round(raw.index.to_numpy(dtype=float)).astype(int)
    return raw


def model_value(raw: pd.DataFrame, o: Observation) -> float:
    """The model's counterpart of an observation in the history run."""
    if o.indicator == "gdp_growth":
        return (raw.loc[o.year, "GDP"] / raw.loc[o.year - 1, "GDP"] - 1.0) * 100.0
    series = raw[_indicator_var(o.indicator)]
    if o.kind == "level":
        return float(series.loc[o.year])
    if o.kind == "change":
        return float(series.loc[o.year] - series.loc[o.base_year])
    return float((series.loc[o.year] / series.loc[o.base_year] - 1.0) * 100.0)


def _scale(o: Observation) -> float:
    if o.is_share or o.kind == "growth" or o.indicator == "gdp_growth":
        return 0.05
    if o.kind == "change":
        return 0.0025 * abs(o.value) + 0.05
    return 0.0025 * abs(o.value)


def residuals(problem: FitProblem, x: np.ndarray) -> np.ndarray:
    raw = history(problem, x)
    res = [
        (model_value(raw, o) - o.value) / _scale(o) * (BASE_YEAR_WEIGHT if o.year == BASE_YEAR else 1.0)
        for o in problem.observations
    ]
    x0 = np.array([problem.prior.parameters[n] for n in problem.free])
    width = problem.upper - problem.lower
    res += list(0.05 * (x - x0) / width)
    out = np.asarray(res, dtype=float)
    return np.where(np.isfinite(out), out, 1e6)


def acceptable(o: Observation, model: float) -> tuple[float, bool | None]:
    """Error in the unit the acceptance uses, and whether it passes.

    The acceptance covers the 2020 figures (levels within 1 %, shares and rates within 0.2
    percentage points, changes from the year before within 1 % of the level's scale); figures of
    other years are trend evidence: their error is reported, and ``None`` says it is not gated.
    """
    gated = o.year == BASE_YEAR
    if o.is_share or o.kind == "growth" or o.indicator == "gdp_growth":
        err = model - o.value
        return err, (abs(err) <= SHARE_TOLERANCE_PP) if gated else None
    if o.kind == "change":
        err = model - o.value
        return err, (abs(err) <= max(0.2, 0.01 * abs(o.value))) if gated else None
    err = (model - o.value) / o.value
    return err, (abs(err) <= LEVEL_TOLERANCE) if gated else None


def fit_report(problem: FitProblem, raw: pd.DataFrame) -> pd.DataFrame:
    """Observation, model value, error and source for every fitted figure."""
    rows = []
    for o in problem.observations:
        m = model_value(raw, o)
        err, ok = acceptable(o, m)
        pct = o.is_share or o.kind == "growth" or o.indicator == "gdp_growth"
        rows.append({
            "zone": o.zone, "indicator": o.indicator, "year": o.year, "kind": o.kind,
            "base_year": o.base_year, "observed": o.value, "model": round(m, 6), "unit": o.unit,
            "error": round(err, 6), "error_unit": "pp" if pct else ("relative" if o.kind == "level" else o.unit),
            "within_tolerance": ok, "source": o.source,
        })
    return pd.DataFrame(rows)


def calibrate_zone(
    zone: str, write: bool = True, directory: str | Path | None = None,
    observations: str | Path | None = None,
) -> tuple[ZoneParameters, pd.DataFrame]:
    """Fit one zone; write ``models/calibration/<zone>.yaml`` and ``<zone>_fit.csv``.

    Returns
    -------
    (ZoneParameters, pandas.DataFrame)
        The calibrated parameters and the fit report.
    """
    key = get_zone(zone).key
    problem = setup(key, observations)
    x0 = np.clip([problem.prior.parameters[n] for n in problem.free], problem.lower, problem.upper)
    if problem.free:
        # A plain least-squares pass finds the basin; a soft-L1 pass then stops one figure the
        # structure cannot follow from dragging the others.
        common = dict(bounds=(problem.lower, problem.upper),
                      x_scale=np.maximum(problem.upper - problem.lower, 1e-9) * 0.1,
                      xtol=1e-14, ftol=1e-14, gtol=1e-14)
        first = least_squares(lambda x: residuals(problem, x), x0, max_nfev=300, **common)
        sol = least_squares(lambda x: residuals(problem, x), first.x, loss="soft_l1",
                            f_scale=ROBUST_SCALE, max_nfev=600, **common)
        x = sol.x
    else:
        x = x0
    raw = history(problem, x)
    report = fit_report(problem, raw)
    params = _params(problem, x)
    for stock, initial in stock_initials().items():
        params[initial] = float(raw.loc[BASE_YEAR, stock])
    from sdsim.levers import levers

    for lever_key in problem.prior.baseline_levers:
        params.pop(levers()[lever_key].vensim, None)
    growth = (raw.loc[BASE_YEAR, "GDP"] / raw.loc[BASE_YEAR - 1, "GDP"] - 1.0) * 100.0
    checked = report[report.within_tolerance.notna()]
    zp = ZoneParameters(
        zone=key,
        parameters=params,
        baseline_levers=problem.prior.baseline_levers,
        lever_sources=problem.prior.lever_sources,
        levels=problem.prior.levels,
        history={"start": int(problem.start), "gdp_growth_2020": float(growth)},
        fit={
            "free_parameters": {n: float(v) for n, v in zip(problem.free, x, strict=True)},
            "observations": len(report),
            "within_tolerance": int(checked.within_tolerance.astype(bool).sum()),
            "checked": len(checked),
        },
    )
    if write:
        path = save_zone_parameters(zp, directory)
        _write_csv(report, path.with_name(f"{key}_fit.csv"))
    return zp, report


def _write_csv(frame: pd.DataFrame, path) -> None:
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    frame.to_csv(tmp, index=False)
    os.replace(tmp, path)
