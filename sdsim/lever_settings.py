"""Turn user lever settings (constants or year paths) into validated model inputs.

Rules, the same in the API, the CLI and scenario files:

- A lever is a constant or a path ``{year: value}``; a path is linear between its points and
  held after the last. Policies act from :data:`POLICY_START`: the base year 2020 keeps the
  zone's calibrated mix, and a constant ``c`` means the path ``{2021: c}``. Every path is
  anchored at 2020 on the zone's baseline value, so 2020 outcomes always reproduce the data.
- The five investment shares are one constrained lever: their sum is 100 % at every year.
  Setting some of them rescales the others in proportion to their baseline values
  (``rescale``); setting all five requires a sum of 100 % unless ``normalise=True``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sdsim.errors import SdsimError, suggest
from sdsim.levers import SHARE_KEYS, levers

BASE_YEAR = 2020
POLICY_START = 2021
SHARE_TOLERANCE = 0.01  # percentage points

Setting = float | Mapping[int, float]


def as_path(setting: Setting, lever: str) -> dict[float, float]:
    """A setting as ``{year: value}`` (a constant becomes ``{POLICY_START: value}``)."""
    if isinstance(setting, Mapping):
        if not setting:
            raise SdsimError(f"lever {lever!r}: an empty path; give at least one {{year: value}}.")
        try:
            return {float(y): float(v) for y, v in sorted(setting.items(), key=lambda kv: float(kv[0]))}
        except (TypeError, ValueError) as exc:
            raise SdsimError(f"lever {lever!r}: path {dict(setting)!r} must map years to numbers.") from exc
    try:
        return {float(POLICY_START): float(setting)}
    except (TypeError, ValueError) as exc:
        raise SdsimError(f"lever {lever!r}: value {setting!r} is not a number.") from exc


def _value_at(path: dict[float, float], year: float) -> float:
    years = np.fromiter(path.keys(), float)
    return float(np.interp(year, years, np.fromiter(path.values(), float)))


def validate(settings: Mapping[str, Setting], final_year: float) -> dict[str, dict[float, float]]:
    """Check lever names, ranges and path years; return every setting as a path."""
    table = levers()
    paths = {}
    for key, setting in settings.items():
        if key not in table:
            raise SdsimError(
                f"Unknown lever {key!r}.{suggest(key, table)} Valid levers: {', '.join(table)}."
            )
        lever = table[key]
        path = as_path(setting, key)
        for year, value in path.items():
            if not BASE_YEAR <= year <= final_year:
                raise SdsimError(
                    f"lever {key!r}: year {year:g} is outside the run {BASE_YEAR}-{final_year:g}; "
                    f"use years from {POLICY_START} to {final_year:g}."
                )
            if not (lever.low <= value <= lever.high) or not np.isfinite(value):
                raise SdsimError(
                    f"lever {key!r}: value {value:g} {lever.unit} is outside its range "
                    f"[{lever.low:g}, {lever.high:g}]; choose a value in that range."
                )
        paths[key] = path
    return paths


def complete_shares(
    baseline: Mapping[str, float], paths: dict[str, dict[float, float]], normalise: bool = False
) -> dict[str, dict[float, float]]:
    """Fill in the shares a setting leaves out so that the five sum to 100 % at every point.

    Parameters
    ----------
    baseline : mapping
        The zone's baseline lever values (all five shares).
    paths : dict
        Validated settings as paths; share keys among them are the shares the user set.
    normalise : bool
        When all five are set and do not sum to 100, scale them to 100 instead of refusing.
    """
    given = [k for k in SHARE_KEYS if k in paths]
    if not given:
        return paths
    out = dict(paths)
    years = sorted({y for k in given for y in paths[k]})
    others = [k for k in SHARE_KEYS if k not in given]
    base_other = sum(baseline[k] for k in others)
    filled: dict[str, dict[float, float]] = {k: {} for k in SHARE_KEYS}
    for year in years:
        vals = {k: _value_at(paths[k], year) for k in given}
        total = sum(vals.values())
        if not others:
            if abs(total - 100.0) > SHARE_TOLERANCE:
                if not normalise or total <= 0:
                    raise SdsimError(
                        f"investment shares in {year:g} sum to {total:.2f} %, not 100 % "
                        f"({', '.join(f'{k}={v:g}' for k, v in vals.items())}); adjust them "
                        "or ask for normalisation (normalise: true / --normalise)."
                    )
                vals = {k: v * 100.0 / total for k, v in vals.items()}
        elif total > 100.0 + SHARE_TOLERANCE:
            raise SdsimError(
                f"investment shares set in {year:g} already sum to {total:.2f} % "
                f"({', '.join(f'{k}={v:g}' for k, v in vals.items())}), leaving nothing for "
                f"{', '.join(others)}; lower them to 100 % or less."
            )
        rest = max(0.0, 100.0 - total)
        for k in others:
            share = baseline[k] / base_other if base_other > 0 else 1.0 / len(others)
            vals[k] = rest * share
        for k in SHARE_KEYS:
            filled[k][year] = vals[k]
    out.update(filled)
    return out


def to_model_input(base: float, path: dict[float, float]) -> float | pd.Series:
    """A path as the model's input: the baseline constant, or a time series anchored at 2020."""
    points = dict(path)
    if min(points) > BASE_YEAR:
        points[float(BASE_YEAR)] = float(base)
    if all(abs(v - base) < 1e-12 for v in points.values()):
        return float(base)
    series = pd.Series(points).sort_index()
    return series
