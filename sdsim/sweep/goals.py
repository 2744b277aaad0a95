"""Targets a sweep's runs are scored against: a zone's published targets or ones in the spec.

A :class:`Goal` is one target in vectorised form: an outcome at a year with a lower and/or
upper bound. ``targets: plan`` in a sweep takes the zone's modelled targets from
``models/targets.csv`` (:mod:`sdsim.targets`); targets whose outcome the zone reports only as
an index (no cited 2020 level) cannot be compared with a level and are left out, as are
'about' targets, which are not scored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sdsim.errors import SdsimError, suggest


@dataclass(frozen=True)
class Goal:
    """One target: ``low <= indicator(year) <= high`` (either bound may be None)."""

    indicator: str
    year: int
    low: float | None = None
    high: float | None = None
    label: str = ""

    @property
    def column(self) -> str:
        """The outcome column the goal reads (``'pm25@2025'``)."""
        return f"{self.indicator}@{self.year}"

    def met(self, values: np.ndarray) -> np.ndarray:
        """Boolean array: which runs meet the goal (NaN never does)."""
        values = np.asarray(values, dtype=float)
        ok = np.isfinite(values)
        if self.low is not None:
            ok &= values >= self.low
        if self.high is not None:
            ok &= values <= self.high
        return ok

    def margin(self, values: np.ndarray) -> np.ndarray:
        """Distance inside the bounds relative to the bound (negative when missed)."""
        values = np.asarray(values, dtype=float)
        out = np.full(values.shape, np.inf)
        if self.low is not None:
            out = np.minimum(out, (values - self.low) / max(abs(self.low), 1e-9))
        if self.high is not None:
            out = np.minimum(out, (self.high - values) / max(abs(self.high), 1e-9))
        return out

    def describe(self) -> str:
        """'pm25 2025 <= 18'."""
        if self.low is not None and self.high is not None:
            return f"{self.indicator} {self.year} in [{self.low:g}, {self.high:g}]"
        if self.low is not None:
            return f"{self.indicator} {self.year} >= {self.low:g}"
        return f"{self.indicator} {self.year} <= {self.high:g}"


def reported_as_level(zone: str, indicator: str) -> bool:
    """Whether the zone reports ``indicator`` as a level (not an index 2020 = 100)."""
    from sdsim.batch import _zone_parameters
    from sdsim.outcomes import INDEX_UNIT, OUTCOMES

    if indicator == "gdp_growth":
        return True
    outcome = OUTCOMES[indicator]
    return outcome.unit == INDEX_UNIT or set(outcome.needs) <= set(_zone_parameters(zone).levels)


def plan_goals(zone: str, final_year: int = 2100, floor_ranges: bool = False) -> list[Goal]:
    """The zone's published modelled targets (``models/targets.csv``) as goals.

    Parameters
    ----------
    zone : str
        Zone key or name.
    final_year : int
        Leave out targets after this year.
    floor_ranges : bool
        Read a range target ('达到5.5%-6%') as 'at least the low end' instead of 'within'.

    Raises
    ------
    SdsimError
        When the targets table is not available or the zone has no scorable target.
    """
    from sdsim.zones import get_zone

    key = get_zone(zone).key
    try:
        from sdsim.targets import targets
    except ImportError:
        raise SdsimError("'plan' needs the targets table (sdsim.targets, models/targets.csv), "
                         "which this installation lacks; list targets inline instead.") from None
    goals = []
    for t in targets(key, modelled=True):
        if t.bound == "about" or t.year > final_year or not reported_as_level(key, t.indicator):
            continue
        low = t.low if t.bound in (">=", ">", "range") else None
        high = t.high if t.bound in ("<=", "<") or (t.bound == "range" and not floor_ranges) \
            else None
        goals.append(Goal(t.indicator, int(t.year), low, high, t.id))
    if not goals:
        raise SdsimError(f"zone {key!r} has no published target the model can score up to "
                         f"{final_year} (see models/targets.csv); list targets inline as "
                         "{indicator: pm25, year: 2025, max: 18}.")
    return goals


def spec_goals(spec) -> list[Goal]:
    """The goals of a sweep spec (empty when it has no ``targets``).

    Inline targets are in the outcome's reported unit: for an outcome the zone reports as an
    index (2020 = 100), the bound is on the index.
    """
    from sdsim.batch import OUTCOME_KEYS
    from sdsim.lever_settings import BASE_YEAR

    if spec.targets is None:
        return []
    if spec.targets == "plan":
        return plan_goals(spec.zone, spec.final_year)
    goals = []
    for i, t in enumerate(spec.targets):
        where = f"[{i}]"
        if t.indicator not in OUTCOME_KEYS:
            raise SdsimError(f"{where}: unknown outcome {t.indicator!r}."
                             f"{suggest(t.indicator, OUTCOME_KEYS)}")
        if not BASE_YEAR < t.year <= spec.final_year:
            raise SdsimError(f"{where}: year {t.year} is outside {BASE_YEAR + 1}-"
                             f"{spec.final_year}.")
        if t.min is None and t.max is None:
            raise SdsimError(f"{where}: give min, max or both.")
        if t.min is not None and t.max is not None and t.min > t.max:
            raise SdsimError(f"{where}: min {t.min:g} is above max {t.max:g}; swap them.")
        goals.append(Goal(t.indicator, t.year, t.min, t.max, f"target{i}"))
    return goals


def all_met(goals: list[Goal], outcomes: dict[str, np.ndarray]) -> np.ndarray:
    """Runs meeting every goal, from outcome columns ``'key@year' -> (N,)``."""
    ok = None
    for g in goals:
        met = g.met(outcomes[g.column])
        ok = met if ok is None else ok & met
    return ok
