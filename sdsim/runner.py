"""``run(zone, levers)``: one zone, one policy, a yearly table of outcomes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sdsim.errors import SdsimError, suggest
from sdsim.lever_settings import BASE_YEAR, Setting, complete_shares, to_model_input, validate
from sdsim.levers import assumptions, levers
from sdsim.outcomes import INDEX_UNIT, OUTCOMES, model_variables
from sdsim.zone_params import ZoneParameters, load_zone_parameters
from sdsim.zones import get_zone

DEFAULT_FINAL_YEAR = 2030
DEFAULT_TIME_STEP = 0.25


def model_inputs(
    zp: ZoneParameters,
    settings: Mapping[str, Setting] | None = None,
    assumption_values: Mapping[str, float] | None = None,
    final_year: float = DEFAULT_FINAL_YEAR,
    normalise: bool = False,
) -> dict[str, float | pd.Series]:
    """Build the full Vensim-name -> value mapping for one run (a fresh dict every call)."""
    params: dict[str, float | pd.Series] = dict(zp.parameters)
    table = assumptions()
    for key, value in (assumption_values or {}).items():
        if key not in table:
            raise SdsimError(f"Unknown assumption {key!r}.{suggest(key, table)}")
        a = table[key]
        if not a.low <= float(value) <= a.high:
            raise SdsimError(
                f"assumption {key!r}: value {value} is outside its range [{a.low:g}, {a.high:g}]."
            )
        params[a.vensim] = float(value)
    paths = complete_shares(zp.baseline_levers, validate(settings or {}, final_year), normalise)
    lever_table = levers()
    for key, base in zp.baseline_levers.items():
        vensim = lever_table[key].vensim
        params[vensim] = to_model_input(base, paths[key]) if key in paths else float(base)
    return params


def outcome_table(raw: pd.DataFrame, zp: ZoneParameters) -> pd.DataFrame:
    """Model variables (indexed by time) -> outcome table with ``year`` and indicator columns."""
    years = raw.index.to_numpy(dtype=float)
    annual = np.isclose(years, np.round(years))
    raw = raw.loc[annual]
    table = pd.DataFrame({"year": np.round(raw.index.to_numpy(dtype=float)).astype(int)})
    units, indexed = {}, []
    levels = set(zp.levels)
    for key, outcome in OUTCOMES.items():
        if not outcome.vensim:
            continue
        values = raw[outcome.vensim].to_numpy(dtype=float)
        if outcome.unit != INDEX_UNIT and not set(outcome.needs) <= levels:
            base = values[table["year"].to_numpy() == BASE_YEAR]
            values = values / base[0] * 100.0 if base.size and base[0] != 0 else values * np.nan
            units[key] = INDEX_UNIT
            indexed.append(key)
        else:
            units[key] = outcome.unit
        table[key] = values
    gdp = raw["GDP"].to_numpy(dtype=float)
    growth = np.full(len(gdp), np.nan)
    growth[1:] = (gdp[1:] / gdp[:-1] - 1.0) * 100.0
    if len(gdp) and table["year"].iloc[0] == BASE_YEAR:
        growth[0] = zp.history.get("gdp_growth_2020", np.nan)
    table.insert(2, "gdp_growth", growth)
    units["gdp_growth"] = "%"
    table.attrs.update(zone=zp.zone, units=units, indexed=indexed)
    return table


def run(
    zone: str,
    levers: Mapping[str, Setting] | None = None,
    *,
    assumptions: Mapping[str, float] | None = None,
    final_year: int = DEFAULT_FINAL_YEAR,
    time_step: float = DEFAULT_TIME_STEP,
    normalise: bool = False,
    zone_parameters: ZoneParameters | None = None,
) -> pd.DataFrame:
    """Run one zone from 2020 to ``final_year`` under lever settings.

    Parameters
    ----------
    zone : str
        Zone key or name ('shenzhen', '深圳', 'Shenzhen').
    levers : mapping, optional
        Lever key -> constant or ``{year: value}`` path; unset levers keep the zone's 2020 mix.
    assumptions : mapping, optional
        Assumption key -> value within its documented range.
    final_year : int
        Last year of the run (2021-2100).
    time_step : float
        Euler integration step in years.
    normalise : bool
        Scale five given investment shares to 100 % instead of refusing them.
    zone_parameters : ZoneParameters, optional
        Use these instead of the zone's calibration file.

    Returns
    -------
    pandas.DataFrame
        One row per year (column ``year``), one column per outcome key; ``attrs['units']``
        gives each column's unit and ``attrs['indexed']`` the outcomes on an index (2020 = 100).
    """
    from sdsim.pysd_model import simulate

    zkey = get_zone(zone).key
    if not BASE_YEAR < final_year <= 2100:
        raise SdsimError(f"final year {final_year} must lie in {BASE_YEAR + 1}-2100.")
    if not 0 < time_step <= 1:
        raise SdsimError(f"time step {time_step} must lie in (0, 1] years.")
    zp = zone_parameters or load_zone_parameters(zkey)
    params = model_inputs(zp, levers, assumptions, final_year, normalise)
    raw = simulate(
        params,
        model_variables(),
        initial_time=BASE_YEAR,
        final_time=final_year,
        time_step=time_step,
        saveper=1.0,
    )
    return outcome_table(raw, zp)
