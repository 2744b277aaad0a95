"""``run_batch``: N runs of one zone in one call of the compiled engine.

A batch varies levers and assumptions as constants: a lever value ``c`` acts from
:data:`~sdsim.lever_settings.POLICY_START` (the input is the path ``{2020: baseline, 2021: c}``,
exactly what :func:`sdsim.runner.model_inputs` builds for a constant setting), an assumption
holds for the whole run. Varying some of the five investment shares rescales the others in
proportion to their 2020 values, row by row, as :func:`sdsim.lever_settings.complete_shares`
does. Outcomes come back in the units and index convention of :func:`sdsim.runner.run`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from sdsim.errors import SdsimError, suggest
from sdsim.lever_settings import BASE_YEAR, POLICY_START, SHARE_TOLERANCE
from sdsim.levers import SHARE_KEYS, assumptions, levers
from sdsim.outcomes import INDEX_UNIT, OUTCOMES
from sdsim.paths import MODEL_FILE
from sdsim.zone_params import ZoneParameters, load_zone_parameters, parameter_file
from sdsim.zones import get_zone

DEFAULT_FINAL_YEAR = 2030
DEFAULT_TIME_STEP = 0.25
#: Every outcome key ``run_batch`` can report, in the column order of ``sdsim.runner.run``.
OUTCOME_KEYS = ["gdp", "gdp_growth"] + [k for k, o in OUTCOMES.items() if o.vensim and k != "gdp"]


@lru_cache(maxsize=2)
def compiled_model(path: str = str(MODEL_FILE)):
    """The zone model compiled by :mod:`sdsim.engine` (once per process and model file)."""
    from sdsim.engine import CompiledModel

    return CompiledModel.from_mdl(path)


def _stamp(zone: str) -> float:
    path = parameter_file(zone)
    return path.stat().st_mtime_ns if path.exists() else 0


@lru_cache(maxsize=16)
def _cached_parameters(zone: str, stamp: float) -> ZoneParameters:
    return load_zone_parameters(zone)


def _zone_parameters(zone: str) -> ZoneParameters:
    """The zone's calibration, re-read when its file changes."""
    return _cached_parameters(zone, _stamp(zone))


@lru_cache(maxsize=64)
def _cached_inputs(zone: str, final_year: float, stamp: float) -> dict:
    from sdsim.runner import model_inputs

    return model_inputs(_cached_parameters(zone, stamp), None, None, final_year)


def _base_inputs(zone: str, final_year: float) -> dict:
    return _cached_inputs(zone, final_year, _stamp(zone))


@dataclass
class BatchResult:
    """Outcomes of N runs of one zone.

    Attributes
    ----------
    zone : str
        Zone key.
    years : numpy.ndarray, shape (Y,)
        Reported years (2020 ... final year).
    outcomes : dict
        Outcome key -> array of shape (N, Y), in the units of ``units``.
    units : dict
        Outcome key -> unit (``index (2020=100)`` for outcomes the zone has no level for).
    indexed : list of str
        Outcomes reported on an index, 2020 = 100.
    n : int
        Number of runs.
    """

    zone: str
    years: np.ndarray
    outcomes: dict[str, np.ndarray]
    units: dict[str, str] = field(default_factory=dict)
    indexed: list[str] = field(default_factory=list)
    n: int = 0

    def at(self, key: str, year: int) -> np.ndarray:
        """Outcome ``key`` in ``year`` for every run, shape (N,)."""
        if key not in self.outcomes:
            raise SdsimError(f"outcome {key!r} was not computed.{suggest(key, self.outcomes)}")
        hits = np.flatnonzero(self.years == int(year))
        if not hits.size:
            raise SdsimError(f"year {year} is outside the run "
                             f"{self.years[0]}-{self.years[-1]}.")
        return self.outcomes[key][:, hits[0]]

    def frame(self, i: int = 0) -> pd.DataFrame:
        """Run ``i`` as a table shaped like :func:`sdsim.runner.run` (``year`` + outcomes)."""
        table = pd.DataFrame({"year": self.years.astype(int)})
        for key, values in self.outcomes.items():
            table[key] = values[i]
        table.attrs.update(zone=self.zone, units=dict(self.units), indexed=list(self.indexed))
        return table


def _as_column(key: str, value, n: int | None) -> tuple[np.ndarray, int]:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise SdsimError(f"{key!r}: values must be a 1-D array (N,); got shape {arr.shape}.")
    if n is not None and len(arr) not in (1, n):
        raise SdsimError(f"{key!r}: {len(arr)} values, but other inputs have {n}.")
    return arr, max(len(arr), n or 1)


def _check_range(kind: str, key: str, values: np.ndarray, low: float, high: float,
                 unit: str = "") -> None:
    bad = ~((values >= low) & (values <= high))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise SdsimError(
            f"{kind} {key!r}: {int(bad.sum())} value(s) outside its range [{low:g}, {high:g}]"
            f"{' ' + unit if unit else ''} (first: row {first}, value {values[first]:g}); "
            "choose values in that range."
        )


def _interp(path: dict[float, np.ndarray], year: float) -> np.ndarray:
    """Row-wise ``np.interp(year, years, values)`` of a path with (N,) values."""
    xs = sorted(path)
    if year <= xs[0]:
        return path[xs[0]]
    if year >= xs[-1]:
        return path[xs[-1]]
    j = int(np.searchsorted(xs, year, side="right")) - 1
    if year == xs[j]:
        return path[xs[j]]
    lo, hi = path[xs[j]], path[xs[j + 1]]
    return (hi - lo) / (xs[j + 1] - xs[j]) * (year - xs[j]) + lo


def complete_share_arrays(baseline: Mapping[str, float], given: Mapping[str, object],
                          normalise: bool = False) -> dict[str, dict[float, np.ndarray]]:
    """Vectorised :func:`sdsim.lever_settings.complete_shares`.

    Parameters
    ----------
    baseline : mapping
        The zone's baseline lever values (all five shares).
    given : mapping
        Share key -> values (N,) acting from 2021, or a path ``{year: values (N,)}``; the
        shares not given rescale in proportion to their baseline so that the five sum to
        100 % in every row at every year of the paths.
    normalise : bool
        When all five are given and a row does not sum to 100, scale it to 100.

    Returns
    -------
    dict
        All five share keys -> path ``{year: values (N,)}`` (empty when no share is given).
    """
    paths = {k: _as_path(k, v) for k, v in given.items() if k in SHARE_KEYS}
    keys = [k for k in SHARE_KEYS if k in paths]
    if not keys:
        return {}
    others = [k for k in SHARE_KEYS if k not in paths]
    base_other = sum(baseline[k] for k in others)
    filled: dict[str, dict[float, np.ndarray]] = {k: {} for k in SHARE_KEYS}
    for year in sorted({y for k in keys for y in paths[k]}):
        vals = {k: _interp(paths[k], year) for k in keys}
        total = sum(vals[k] for k in keys)
        total = np.broadcast_to(total, np.broadcast_shapes(*(v.shape for v in vals.values())))
        if not others:
            off = np.abs(total - 100.0) > SHARE_TOLERANCE
            if off.any():
                first = int(np.flatnonzero(off)[0])
                if not normalise or (total[off] <= 0).any():
                    raise SdsimError(
                        f"investment shares sum to {total[first]:.2f} %, not 100 %, in "
                        f"{year:g} in {int(off.sum())} run(s) (first: row {first}); vary fewer "
                        "than five shares or ask for normalisation (normalise: true)."
                    )
                vals = {k: np.where(off, v * 100.0 / total, v) for k, v in vals.items()}
        elif (total > 100.0 + SHARE_TOLERANCE).any():
            over = total > 100.0 + SHARE_TOLERANCE
            first = int(np.flatnonzero(over)[0])
            raise SdsimError(
                f"investment shares {', '.join(keys)} sum to {total[first]:.2f} % in {year:g} "
                f"in {int(over.sum())} run(s) (first: row {first}), leaving nothing for "
                f"{', '.join(others)}; narrow their ranges so they sum to 100 % or less."
            )
        rest = np.maximum(0.0, 100.0 - total)
        for k in others:
            share = baseline[k] / base_other if base_other > 0 else 1.0 / len(others)
            vals[k] = rest * share
        for k in SHARE_KEYS:
            filled[k][year] = vals[k]
    return filled


def _as_path(key: str, value) -> dict[float, np.ndarray]:
    """Constant values (N,) -> ``{2021: values}``; a path's values as float arrays."""
    if isinstance(value, Mapping):
        if not value:
            raise SdsimError(f"lever {key!r}: an empty path; give at least one {{year: value}}.")
        return {float(y): np.atleast_1d(np.asarray(v, dtype=float))
                for y, v in sorted(value.items(), key=lambda kv: float(kv[0]))}
    return {float(POLICY_START): np.atleast_1d(np.asarray(value, dtype=float))}


def _outcome_keys(outcomes: Sequence[str] | None) -> list[str]:
    if outcomes is None:
        return list(OUTCOME_KEYS)
    keys = []
    for key in outcomes:
        if key not in OUTCOME_KEYS:
            raise SdsimError(f"Unknown outcome {key!r}.{suggest(key, OUTCOME_KEYS)} "
                             f"Valid outcomes: {', '.join(OUTCOME_KEYS)}.")
        if key not in keys:
            keys.append(key)
    return keys


def run_batch(
    zone: str,
    lever_values: Mapping[str, np.ndarray] | None = None,
    assumption_values: Mapping[str, np.ndarray] | None = None,
    final_year: int = DEFAULT_FINAL_YEAR,
    time_step: float = DEFAULT_TIME_STEP,
    outcomes: Sequence[str] | None = None,
    *,
    n: int | None = None,
    normalise: bool = False,
    zone_parameters: ZoneParameters | None = None,
) -> BatchResult:
    """Run one zone N times at once with the compiled engine.

    Parameters
    ----------
    zone : str
        Zone key or name.
    lever_values : mapping, optional
        Lever key -> constant values, shape (N,) (or a scalar), acting from 2021, or a path
        ``{year: values (N,) or scalar}`` (linear between years, held after the last, anchored
        on the zone's 2020 value, as :func:`sdsim.runner.run` takes paths).
    assumption_values : mapping, optional
        Assumption key -> values, shape (N,) (or a scalar), for the whole run.
    final_year : int
        Last year of the runs.
    time_step : float
        Euler integration step in years.
    outcomes : sequence of str, optional
        Outcome keys to report (default: all, as ``run()``); fewer is faster.
    n : int, optional
        Batch size when every value is a scalar (default 1).
    normalise : bool
        Scale rows where all five shares are set and do not sum to 100 %.
    zone_parameters : ZoneParameters, optional
        Use these instead of the zone's calibration file.

    Returns
    -------
    BatchResult
        Years and outcome arrays (N, years), equal to ``sdsim.runner.run`` run by run.
    """
    zkey = get_zone(zone).key
    if not BASE_YEAR < final_year <= 2100:
        raise SdsimError(f"final year {final_year} must lie in {BASE_YEAR + 1}-2100.")
    if not 0 < time_step <= 1:
        raise SdsimError(f"time step {time_step} must lie in (0, 1] years.")
    if zone_parameters is None:
        zp, base = _zone_parameters(zkey), _base_inputs(zkey, float(final_year))
    else:
        from sdsim.runner import model_inputs

        zp, base = zone_parameters, model_inputs(zone_parameters, None, None, final_year)
    lever_table, assumption_table = levers(), assumptions()
    params: dict = dict(base)
    size = n
    for key, value in (assumption_values or {}).items():
        if key not in assumption_table:
            raise SdsimError(f"Unknown assumption {key!r}.{suggest(key, assumption_table)}")
        a = assumption_table[key]
        arr, size = _as_column(key, value, size)
        _check_range("assumption", key, arr, a.low, a.high, a.unit)
        params[a.vensim] = arr if len(arr) > 1 else float(arr[0])
    paths = {}
    for key, value in (lever_values or {}).items():
        if key not in lever_table:
            raise SdsimError(f"Unknown lever {key!r}.{suggest(key, lever_table)} "
                             f"Valid levers: {', '.join(lever_table)}.")
        lever = lever_table[key]
        paths[key] = _as_path(key, value)
        for year, arr in paths[key].items():
            if not BASE_YEAR <= year <= final_year:
                raise SdsimError(f"lever {key!r}: year {year:g} is outside the run "
                                 f"{BASE_YEAR}-{final_year}; use years from {POLICY_START} "
                                 f"to {final_year}.")
            paths[key][year], size = _as_column(key, arr, size)
            _check_range("lever", key, arr, lever.low, lever.high, lever.unit)
    paths.update(complete_share_arrays(zp.baseline_levers, paths, normalise))
    size = size or 1
    series = {}
    for key, path in paths.items():
        points = dict(path)
        if min(points) > BASE_YEAR:
            points[float(BASE_YEAR)] = zp.baseline_levers[key]
        xp = np.array(sorted(points))
        fp = np.empty((size, len(xp)))
        for j, year in enumerate(xp):
            fp[:, j] = points[year]
        vensim = lever_table[key].vensim
        params.pop(vensim, None)
        series[vensim] = (xp, fp)
    keys = _outcome_keys(outcomes)
    wanted = [OUTCOMES[k].vensim for k in keys if k != "gdp_growth"]
    if "gdp_growth" in keys and "GDP" not in wanted:
        wanted.append("GDP")
    res = compiled_model().run(params, series=series, n=size, initial_time=BASE_YEAR,
                               final_time=final_year, time_step=time_step, saveper=1.0,
                               outputs=wanted)
    return _outcomes(res, zp, keys)


def _outcomes(res, zp: ZoneParameters, keys: list[str]) -> BatchResult:
    """Engine result -> outcome arrays in ``outcome_table``'s units and index convention."""
    times = np.asarray(res.times, dtype=float)
    annual = np.isclose(times, np.round(times))
    years = np.round(times[annual]).astype(int)
    levels = set(zp.levels)
    out, units, indexed = {}, {}, []
    base_col = np.flatnonzero(years == BASE_YEAR)
    for key in keys:
        if key == "gdp_growth":
            gdp = res.array(["GDP"])[:, annual, 0]
            growth = np.full(gdp.shape, np.nan)
            growth[:, 1:] = (gdp[:, 1:] / gdp[:, :-1] - 1.0) * 100.0
            if len(years) and years[0] == BASE_YEAR:
                growth[:, 0] = zp.history.get("gdp_growth_2020", np.nan)
            out[key], units[key] = growth, "%"
            continue
        outcome = OUTCOMES[key]
        values = res.array([outcome.vensim])[:, annual, 0]
        if outcome.unit != INDEX_UNIT and not set(outcome.needs) <= levels:
            if base_col.size:
                base = values[:, base_col[0]]
                with np.errstate(all="ignore"):
                    scaled = values / base[:, None] * 100.0
                values = np.where((base != 0)[:, None], scaled, np.nan)
            else:
                values = values * np.nan
            units[key] = INDEX_UNIT
            indexed.append(key)
        else:
            units[key] = outcome.unit
        out[key] = np.ascontiguousarray(values)
    return BatchResult(zp.zone, years, out, units, indexed, res.n)
