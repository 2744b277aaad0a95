"""Checks of a scenario against the model: lever names and ranges, path years, investment shares.

The file format's structural checks live in :mod:`sdsim.scenario_schema`; these need the lever
and assumption tables. Errors name the file, line, field and value, and say how to fix them.
"""

from __future__ import annotations

import numpy as np

from sdsim.errors import SdsimError, suggest
from sdsim.lever_settings import BASE_YEAR, POLICY_START, SHARE_TOLERANCE, complete_shares
from sdsim.levers import SHARE_KEYS, assumptions, levers
from sdsim.scenario_schema import Scenario
from sdsim.zone_params import load_zone_parameters
from sdsim.zones import get_zone

#: Last year a path may name when no run length is known yet (the runner's limit).
MAX_YEAR = 2100


def check_scenario(
    scenario: Scenario, final_year: int | None = None
) -> dict[str, dict[float, float]]:
    """Check a scenario against the model and return its lever settings as completed paths.

    Parameters
    ----------
    scenario : Scenario
        A structurally valid scenario (from a file or built in Python).
    final_year : int, optional
        Last year of the run; path years must not go beyond it (default: only the 2100 limit).

    Returns
    -------
    dict
        Lever key -> ``{year: value}``, with all five investment shares filled in.

    Raises
    ------
    SdsimError
        Naming the file, line, field and value, and how to fix it.
    """
    try:
        zone = get_zone(scenario.zone)
    except SdsimError as exc:
        raise SdsimError(f"{scenario.where('zone')}: {exc}") from None
    last = int(final_year) if final_year is not None else MAX_YEAR
    table = levers()
    paths: dict[str, dict[float, float]] = {}
    for key, setting in scenario.levers.items():
        if key not in table:
            raise SdsimError(
                f"{scenario.where('levers', key)}: unknown lever {key!r}.{suggest(key, table)} "
                f"Valid levers (see `sdsim levers --zone {zone.key}`): {', '.join(table)}."
            )
        lever = table[key]
        if isinstance(setting, dict):
            if not setting:
                raise SdsimError(
                    f"{scenario.where('levers', key)}: an empty path; give a number or "
                    "{year: value} points such as {2021: 5.0, 2025: 8.0}."
                )
            path = {int(y): float(v) for y, v in setting.items()}
        else:
            path = {POLICY_START: float(setting)}
        for year, value in sorted(path.items()):
            field = ("levers", key, year) if isinstance(setting, dict) else ("levers", key)
            if year < POLICY_START:
                raise SdsimError(
                    f"{scenario.where(*field)}: year {year} is outside the run; {BASE_YEAR} keeps "
                    f"the zone's calibrated mix and policies act from {POLICY_START}, so use years "
                    f"{POLICY_START}-{last}."
                )
            if year > last:
                fix = (
                    f"use years up to {last} or run longer (--final-year {year})"
                    if final_year is not None
                    else f"use years up to {last}"
                )
                raise SdsimError(
                    f"{scenario.where(*field)}: year {year} is outside the run "
                    f"{BASE_YEAR}-{last}; {fix}."
                )
            if not np.isfinite(value) or not lever.low <= value <= lever.high:
                raise SdsimError(
                    f"{scenario.where(*field)}: value {value:g} {lever.unit} is outside the range "
                    f"of lever {key!r} [{lever.low:g}, {lever.high:g}]; choose a value in that "
                    "range."
                )
        paths[key] = {float(y): v for y, v in path.items()}
    _check_shares(scenario, paths)
    for key, value in scenario.assumptions.items():
        known = assumptions()
        if key not in known:
            raise SdsimError(
                f"{scenario.where('assumptions', key)}: unknown assumption {key!r}."
                f"{suggest(key, known)} Valid assumptions: {', '.join(known)}."
            )
        a = known[key]
        if not np.isfinite(value) or not a.low <= value <= a.high:
            raise SdsimError(
                f"{scenario.where('assumptions', key)}: value {value:g} {a.unit} is outside the "
                f"documented range of assumption {key!r} [{a.low:g}, {a.high:g}]; choose a value "
                "in that range."
            )
    baseline = load_zone_parameters(zone.key).baseline_levers
    try:
        return complete_shares(baseline, paths, scenario.normalise)
    except SdsimError as exc:  # a guard: _check_shares should have caught it
        raise SdsimError(f"{scenario.where('levers')}: {exc}") from None


def _check_shares(scenario: Scenario, paths: dict[str, dict[float, float]]) -> None:
    given = [k for k in SHARE_KEYS if k in paths]
    if not given:
        return
    years = sorted({y for k in given for y in paths[k]})
    for year in years:
        values = {k: float(np.interp(year, list(paths[k]), list(paths[k].values()))) for k in given}
        total = sum(values.values())
        listing = ", ".join(f"{k}={v:g}" for k, v in values.items())
        field = ("levers", given[0])
        if len(given) == len(SHARE_KEYS):
            if abs(total - 100.0) > SHARE_TOLERANCE and not (scenario.normalise and total > 0):
                raise SdsimError(
                    f"{scenario.where(*field)}: the five investment shares sum to {total:.2f} % "
                    f"in {year:g}, not 100 % ({listing}); make them sum to 100, leave one out "
                    "so that it takes the rest, or add 'normalise: true' to scale them to 100 %."
                )
        elif total > 100.0 + SHARE_TOLERANCE:
            others = [k for k in SHARE_KEYS if k not in given]
            raise SdsimError(
                f"{scenario.where(*field)}: the investment shares set sum to {total:.2f} % in "
                f"{year:g} ({listing}), leaving nothing for {', '.join(others)}; lower them to "
                "100 % or less."
            )
