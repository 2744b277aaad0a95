"""The data an export writes: runs per scenario, comparison, target gap and provenance.

Every exporter takes an :class:`ExportBundle` and only formats it; nothing is re-run, so each
number in a file is the number in the bundle. :func:`build_bundle` runs the scenarios once.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from sdsim.compare import COMPARE_COLUMNS as COMPARISON_COLUMNS
from sdsim.errors import SdsimError
from sdsim.outcomes import OUTCOMES
from sdsim.zones import get_zone

BASELINE = "baseline"
DEFAULT_YEARS = (2025, 2030)
@dataclass
class ExportBundle:
    """Everything an export file shows, computed once.

    Attributes
    ----------
    zone : str
        Zone key ('shenzhen').
    runs : dict of str to pandas.DataFrame
        Scenario name -> the yearly outcome table of ``run()`` / ``run_scenario()``.
    comparison : pandas.DataFrame, optional
        Tidy table: scenario, indicator, year, value, unit, change (vs the baseline, same
        unit), change_pct (%), indexed.
    gap : pandas.DataFrame, optional
        Target gap as from ``sdsim.compare.target_gap``: scenario, indicator, year, value,
        unit, bound, target_low, target_high, met, margin, first_year_met, binding, source, ...
    provenance : pandas.DataFrame, optional
        Each calibrated figure and its source (see :func:`provenance_table`).
    years : tuple of int
        Years the comparison and the plan table report (besides the 2020 base).
    baseline : str, optional
        Scenario the changes are measured against; 'baseline' if present, else the first.
    descriptions : dict of str to str
        Scenario name -> one-line description (shown in the xlsx and docx).
    created : str
        Timestamp written into the files.
    """

    zone: str
    runs: dict[str, pd.DataFrame]
    comparison: pd.DataFrame | None = None
    gap: pd.DataFrame | None = None
    provenance: pd.DataFrame | None = None
    years: tuple[int, ...] = DEFAULT_YEARS
    baseline: str | None = None
    descriptions: dict[str, str] = field(default_factory=dict)
    created: str = field(default_factory=lambda: _dt.datetime.now().isoformat(timespec="seconds"))

    def __post_init__(self) -> None:
        self.zone = get_zone(self.zone).key
        if not self.runs:
            raise SdsimError("an export needs at least one scenario run.")
        for name, table in self.runs.items():
            if "year" not in table.columns:
                raise SdsimError(f"scenario {name!r}: the run table has no 'year' column.")
        if self.baseline is None:
            self.baseline = BASELINE if BASELINE in self.runs else next(iter(self.runs))
        elif self.baseline not in self.runs:
            raise SdsimError(f"baseline {self.baseline!r} is not one of {list(self.runs)}.")
        self.years = tuple(int(y) for y in self.years)

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in order."""
        return list(self.runs)

    def indicators(self) -> list[str]:
        """Outcome columns of the runs, in the order of ``OUTCOMES`` (unknown columns last)."""
        first = self.runs[self.baseline]
        cols = [c for c in first.columns if c != "year"]
        known = [k for k in OUTCOMES if k in cols]
        return known + [c for c in cols if c not in OUTCOMES]

    def unit(self, indicator: str, scenario: str | None = None) -> str:
        """Unit of an indicator as the run reports it (an index unit when it has no level)."""
        table = self.runs[scenario or self.baseline]
        units = table.attrs.get("units", {})
        if indicator in units:
            return units[indicator]
        return OUTCOMES[indicator].unit if indicator in OUTCOMES else ""

    def value(self, scenario: str, indicator: str, year: int) -> float:
        """One number of one run (NaN when the year is not in the run)."""
        table = self.runs[scenario]
        rows = table.loc[table["year"] == year, indicator]
        return float(rows.iloc[0]) if len(rows) else float("nan")

    def select(self, scenarios: Sequence[str]) -> ExportBundle:
        """A bundle with only ``scenarios`` (in that order); unknown names raise SdsimError."""
        missing = [s for s in scenarios if s not in self.runs]
        if missing:
            raise SdsimError(f"scenario(s) {missing} are not in the bundle {self.scenarios}.")

        def keep(frame):
            return None if frame is None else frame[frame["scenario"].isin(scenarios)]

        return ExportBundle(
            zone=self.zone,
            runs={s: self.runs[s] for s in scenarios},
            comparison=keep(self.comparison),
            gap=keep(self.gap),
            provenance=self.provenance,
            years=self.years,
            baseline=self.baseline if self.baseline in scenarios else None,
            descriptions={s: d for s, d in self.descriptions.items() if s in scenarios},
            created=self.created,
        )


def comparison_from_runs(
    runs: Mapping[str, pd.DataFrame],
    years: Sequence[int] = DEFAULT_YEARS,
    baseline: str | None = None,
) -> pd.DataFrame:
    """Tidy comparison of runs at ``years``, in the columns of ``sdsim.compare.compare``.

    ``change`` is value − the baseline's value (same unit), ``change_pct`` that change in % of
    the baseline's value, ``indexed`` whether the indicator runs on an index (2020 = 100).
    Used for bundles built from lever mappings, where there are no scenario objects to compare.
    """
    if not runs:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    base_name = baseline or (BASELINE if BASELINE in runs else next(iter(runs)))
    base = runs[base_name].set_index("year")
    rows = []
    for name, table in runs.items():
        units = table.attrs.get("units", {})
        on_index = set(table.attrs.get("indexed", []))
        by_year = table.set_index("year")
        for key in [c for c in table.columns if c != "year"]:
            for year in years:
                if year not in by_year.index:
                    continue
                value = float(by_year.at[year, key])
                has_ref = year in base.index and key in base
                ref = float(base.at[year, key]) if has_ref else math.nan
                change = value - ref
                pct = change / ref * 100.0 if ref != 0 and math.isfinite(ref) else math.nan
                rows.append(
                    (name, key, int(year), value, units.get(key, ""), change, pct, key in on_index)
                )
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
