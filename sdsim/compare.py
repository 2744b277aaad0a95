"""Compare scenarios of one zone and measure the gap to the published targets.

:func:`compare` gives a tidy table — one row per scenario, indicator and year with the value,
its unit and the change against the zone's baseline. :func:`target_gap` scores each scenario
against the zone's targets (``models/targets.csv``): per indicator and year the value, the
target, whether it is met, the margin and the first year of the run in which it is met.

Which target applies in a year: the target set for that year; failing that, the latest earlier
target is held (a 2025 ceiling on water use per 10k yuan GDP is still scored in 2030, with a
note). A target for a later year is not scored early, but ``first_year_met`` shows when a run
first meets it. An indicator that runs on an index (2020 = 100) for the zone, because the
sources give no 2020 level, cannot be compared with a level target: ``met`` is None and the
note says "index".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sdsim.errors import SdsimError, suggest
from sdsim.lever_settings import BASE_YEAR
from sdsim.outcomes import OUTCOMES
from sdsim.scenarios import BASELINE, Scenario, check_scenario, load_scenario, run_scenario
from sdsim.target_gap import (  # noqa: F401 - part of the compare API
    GAP_COLUMNS,
    first_year_met,
    gap_from_runs,
    stays_met_from,
)
from sdsim.targets import Target
from sdsim.targets import targets as zone_targets
from sdsim.zones import get_zone

COMPARE_COLUMNS = [
    "scenario",
    "indicator",
    "year",
    "value",
    "unit",
    "change",
    "change_pct",
    "indexed",
]
ScenarioSpec = str | Path | Scenario


def _final_year(years: Sequence[int], final_year: int | None) -> int:
    last = int(final_year) if final_year is not None else max([2030, *years])
    for year in years:
        if not BASE_YEAR <= year <= last:
            raise SdsimError(
                f"year {year} is outside the run {BASE_YEAR}-{last}; choose years in that span "
                f"or run longer (--final-year {max(year, BASE_YEAR + 1)})."
            )
    return last


def _years(years: Iterable[int]) -> list[int]:
    out = []
    for y in years:
        try:
            out.append(int(y))
        except (TypeError, ValueError):
            raise SdsimError(f"year {y!r} is not a whole year such as 2025.") from None
    if not out:
        raise SdsimError("no years given; ask for at least one, e.g. 2025.")
    return sorted(set(out))


def load_all(zone: str, scenarios: Sequence[ScenarioSpec]) -> list[Scenario]:
    """Load and check every scenario before anything runs; names must be unique."""
    key = get_zone(zone).key
    if not scenarios:
        raise SdsimError(
            f"no scenarios given; try: baseline plan (see `sdsim scenarios --zone {key}`)."
        )
    loaded = [load_scenario(s, zone=key) for s in scenarios]
    names: dict[str, int] = {}
    for i, sc in enumerate(loaded):
        if not sc.name:
            raise SdsimError(f"scenario #{i + 1} has no name; give it one (name: ...).")
        if sc.name in names:
            raise SdsimError(
                f"scenario name {sc.name!r} appears twice (#{names[sc.name] + 1} and #{i + 1}); "
                "give each scenario its own name."
            )
        names[sc.name] = i
    return loaded


def run_all(
    zone: str, scenarios: Sequence[ScenarioSpec], *, final_year: int = 2030, time_step: float = 0.25
) -> dict[str, pd.DataFrame]:
    """Run every scenario (and the baseline when it is not among them); name -> yearly table.

    The scenarios come first, in the order given; the baseline's table is always under the key
    ``'baseline'``. Every scenario is checked against ``final_year`` before the first run, so
    nothing runs when one of them is invalid.
    """
    key = get_zone(zone).key
    loaded = load_all(key, scenarios)
    if all(sc.name != BASELINE for sc in loaded):
        loaded.append(load_scenario(BASELINE, zone=key))
    for sc in loaded:
        check_scenario(sc, final_year)
    return {sc.name: run_scenario(sc, final_year=final_year, time_step=time_step) for sc in loaded}


def _runs_for(zone, scenarios, years, final_year, time_step):
    """Zone key, scored years, last year, runs and scenario names: shared by the three verbs."""
    years = _years(years)
    last = _final_year(years, final_year)
    key = get_zone(zone).key
    runs = run_all(key, scenarios, final_year=last, time_step=time_step)
    return key, years, last, runs, list(runs)[: len(scenarios)]


def compare_from_runs(
    runs: dict[str, pd.DataFrame],
    names: Sequence[str],
    years: Sequence[int],
    indicators: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The tidy comparison from yearly run tables (``runs`` must hold ``'baseline'``).

    Parameters
    ----------
    runs : dict
        Scenario name -> yearly outcome table (as from :func:`sdsim.runner.run`).
    names : sequence of str
        Scenarios to report, in order.
    years : sequence of int
        Years to report.
    indicators : sequence of str, optional
        Outcome columns to keep (default: all).
    """
    base = runs[BASELINE].set_index("year")
    columns = [c for c in base.columns]
    if indicators:
        unknown = [i for i in indicators if i not in columns]
        if unknown:
            raise SdsimError(
                f"unknown indicator(s) {unknown}.{suggest(unknown[0], columns)} "
                f"Indicators: {', '.join(columns)}."
            )
        columns = [c for c in columns if c in indicators]
    rows = []
    for name in names:
        table = runs[name].set_index("year")
        units, indexed = table.attrs.get("units", {}), set(table.attrs.get("indexed", []))
        for indicator in columns:
            for year in years:
                value = float(table.at[year, indicator])
                ref = float(base.at[year, indicator])
                change = value - ref
                pct = change / ref * 100.0 if ref not in (0.0,) and np.isfinite(ref) else np.nan
                rows.append(
                    {
                        "scenario": name,
                        "indicator": indicator,
                        "year": year,
                        "value": value,
                        "unit": units.get(indicator, ""),
                        "change": change,
                        "change_pct": pct,
                        "indexed": indicator in indexed,
                    }
                )
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)


def compare(
    zone: str,
    scenarios: Sequence[ScenarioSpec],
    years: Sequence[int] = (2025, 2030),
    *,
    indicators: Sequence[str] | None = None,
    final_year: int | None = None,
    time_step: float = 0.25,
) -> pd.DataFrame:
    """Tidy comparison of scenarios: scenario, indicator, year, value, unit and change vs baseline.

    Parameters
    ----------
    zone : str
        Zone key or name.
    scenarios : list of str, Path or Scenario
        Shipped names ('baseline', 'plan'), YAML files or scenario objects.
    years : sequence of int
        Years to report (within 2020 and the final year).
    indicators : sequence of str, optional
        Outcome keys to keep (default: all).
    final_year : int, optional
        Last year of the runs (default: 2030 or the last year asked for).
    time_step : float
        Euler step in years.

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario, indicator, year, value, unit, change, change_pct, indexed``;
        ``change`` is value minus the baseline's value in the indicator's unit and
        ``change_pct`` the same relative to the baseline (%).
    """
    key, years, last, runs, names = _runs_for(zone, scenarios, years, final_year, time_step)
    out = compare_from_runs(runs, names, years, list(indicators) if indicators else None)
    out.attrs.update(zone=key, final_year=last)
    return out


def target_gap(
    zone: str,
    scenarios: Sequence[ScenarioSpec],
    years: Sequence[int] = (2025, 2030),
    *,
    targets: Sequence[Target] | None = None,
    final_year: int | None = None,
    time_step: float = 0.25,
    include_unmodelled: bool = False,
) -> pd.DataFrame:
    """Score each scenario against the zone's published targets.

    Parameters
    ----------
    zone : str
        Zone key or name.
    scenarios : list of str, Path or Scenario
        As for :func:`compare`.
    years : sequence of int
        Years to score (default 2025 and 2030).
    targets : sequence of Target, optional
        Targets to use instead of the zone's rows of ``models/targets.csv``.
    final_year : int, optional
        Last year of the runs; ``first_year_met`` looks up to it.
    time_step : float
        Euler step in years.
    include_unmodelled : bool
        Also list targets with no model outcome (value and met empty, note 'not modelled').

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario, indicator, year, value, unit, bound, target_low, target_high, met,
        margin, first_year_met, stays_met_from, binding, source, quote, target_id,
        target_year, document, note``. ``met`` is True/False, or None when the indicator runs
        on an index or the target is approximate; ``margin`` is positive when met, in the
        target's unit (see :mod:`sdsim.targets`); ``first_year_met`` is the first year of the
        run meeting the target and ``stays_met_from`` the year from which it is met to the end.
    """
    key, years, last, runs, names = _runs_for(zone, scenarios, years, final_year, time_step)
    tlist = list(targets) if targets is not None else zone_targets(key)
    tlist = [t for t in tlist if t.zone == key]
    out = gap_from_runs(runs, names, years, tlist, include_unmodelled)
    out.attrs.update(zone=key, final_year=last)
    return out


def compare_report(
    zone: str,
    scenarios: Sequence[ScenarioSpec],
    years: Sequence[int] = (2025, 2030),
    *,
    indicators: Sequence[str] | None = None,
    final_year: int | None = None,
    time_step: float = 0.25,
    include_unmodelled: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables from one set of runs: ``(compare table, target-gap table)``."""
    key, years, last, runs, names = _runs_for(zone, scenarios, years, final_year, time_step)
    tidy = compare_from_runs(runs, names, years, list(indicators) if indicators else None)
    gap = gap_from_runs(runs, names, years, zone_targets(key), include_unmodelled)
    for frame in (tidy, gap):
        frame.attrs.update(zone=key, final_year=last)
    return tidy, gap


def write_report(
    tidy: pd.DataFrame, gap: pd.DataFrame, directory: str | Path, zone: str
) -> list[Path]:
    """Write ``<zone>_compare.csv`` and ``<zone>_target_gap.csv`` atomically into ``directory``."""
    from sdsim.export_basic import atomic_write

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise SdsimError(f"{directory}: not a directory; give a directory for --out.")
    directory.mkdir(parents=True, exist_ok=True)
    key = get_zone(zone).key
    out = []
    for frame, stem in ((tidy, "compare"), (gap, "target_gap")):
        path = directory / f"{key}_{stem}.csv"
        out.append(
            atomic_write(path, lambda tmp, f=frame: f.to_csv(tmp, index=False, encoding="utf-8"))
        )
    return out


def outcome_label(key: str, lang: str = "en") -> str:
    """Readable name of an indicator ('rd_intensity' -> 'R&D intensity')."""
    outcome = OUTCOMES.get(key)
    return outcome.name(lang) if outcome else key
