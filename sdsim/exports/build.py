"""Build an :class:`~sdsim.exports.bundle.ExportBundle`: run each scenario once, then derive.

Scenario names and YAML files go through ``sdsim.scenarios`` (``load_scenario`` validates every
one before the first run) and the comparison and target gap through
``sdsim.compare.compare_report`` when it exists; a mapping ``{name: lever settings}`` runs
``sdsim.runner.run`` directly and gets its comparison from :func:`comparison_from_runs`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from sdsim.errors import SdsimError
from sdsim.exports.bundle import (
    BASELINE,
    DEFAULT_YEARS,
    ExportBundle,
    comparison_from_runs,
)
from sdsim.exports.provenance import provenance_table
from sdsim.zones import get_zone


def _optional(module: str):
    """Import ``module`` or return None when it does not exist (yet)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None


def _scenario_name(scenario, given: str) -> str:
    name = getattr(scenario, "name", None)
    if isinstance(name, str) and name:
        return name
    path = Path(given)
    return path.stem if path.suffix.lower() in (".yaml", ".yml") else given


def _description(description) -> str:
    """A scenario's description as text: Chinese, a blank line, English (a string as is)."""
    if description is None:
        return ""
    if isinstance(description, str):
        return description.strip()
    parts = [getattr(description, lang, "") or "" for lang in ("zh", "en")]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _run_named(zone: str, specs: Sequence[str], final_year: int, years: tuple[int, ...]):
    """Load and check every scenario before the first run, then run each once.

    Returns runs (baseline first when it was not asked for: changes are measured against it),
    descriptions, and the comparison and target gap of ``sdsim.compare`` (None when absent).
    """
    scen = _optional("sdsim.scenarios")
    if scen is None:
        unknown = [n for n in specs if n != BASELINE]
        if unknown:
            raise SdsimError(
                f"scenario(s) {unknown}: only {BASELINE!r} is available until "
                "sdsim.scenarios is installed."
            )
        from sdsim.runner import run

        return {BASELINE: run(zone, final_year=final_year)}, {}, None, None
    loaded = [scen.load_scenario(spec, zone=zone) for spec in specs]
    names = [_scenario_name(sc, str(spec)) for sc, spec in zip(loaded, specs, strict=True)]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SdsimError(f"scenario(s) {twice} given twice; give each scenario once.")
    if BASELINE not in names:
        loaded.insert(0, scen.load_scenario(BASELINE, zone=zone))
        names.insert(0, BASELINE)
    for scenario in loaded:  # path years beyond the run: refused before anything runs
        scen.check_scenario(scenario, final_year)
    runs = {
        n: scen.run_scenario(sc, final_year=final_year) for n, sc in zip(names, loaded, strict=True)
    }
    descriptions = {
        n: _description(getattr(sc, "description", None))
        for n, sc in zip(names, loaded, strict=True)
    }
    compare = _optional("sdsim.compare")
    comparison = gap = None
    if compare is not None:  # run_scenario caches its runs: these are the same numbers
        comparison, gap = compare.compare_report(zone, loaded, years, final_year=final_year)
    return runs, {n: d for n, d in descriptions.items() if d}, comparison, gap


def build_bundle(
    zone: str,
    scenarios: Sequence[str] | Mapping[str, Mapping | None] = (BASELINE,),
    *,
    final_year: int = 2030,
    years: Sequence[int] = DEFAULT_YEARS,
    gap: pd.DataFrame | bool | None = True,
    provenance: bool = True,
) -> ExportBundle:
    """Run the scenarios of one zone once and collect everything an export shows.

    Parameters
    ----------
    zone : str
        Zone key or name.
    scenarios : sequence of str, or mapping
        Shipped scenario names / YAML files, or ``{name: lever settings}`` (``None`` or ``{}``
        for the zone's baseline mix).
    final_year : int
        Last year of the runs.
    years : sequence of int
        Years of the comparison and the plan table (each must be in the runs).
    gap : DataFrame, bool or None
        A target-gap table to use as is; True takes it from ``sdsim.compare`` for named
        scenarios (a lever mapping has none); False/None leaves it out.
    provenance : bool
        Add the provenance table from the zone's calibration files.

    Returns
    -------
    ExportBundle
    """
    key = get_zone(zone).key
    years = tuple(int(y) for y in years)
    if not years or max(years) > final_year:
        raise SdsimError(f"report years {years} must be non-empty and not after {final_year}.")
    if isinstance(scenarios, str):
        scenarios = [scenarios]
    if not scenarios:
        raise SdsimError("give at least one scenario.")
    comparison = computed_gap = None
    if isinstance(scenarios, Mapping):
        from sdsim.runner import run

        runs = {
            str(n): run(key, dict(lv or {}), final_year=final_year) for n, lv in scenarios.items()
        }
        descriptions = {}
    else:
        runs, descriptions, comparison, computed_gap = _run_named(
            key, list(scenarios), final_year, years
        )
    baseline = BASELINE if BASELINE in runs else next(iter(runs))
    if comparison is None:
        comparison = comparison_from_runs(runs, years, baseline)
    if isinstance(gap, pd.DataFrame):
        gap_table = gap
    else:
        gap_table = computed_gap if gap else None
    return ExportBundle(
        zone=key,
        runs=runs,
        comparison=comparison,
        gap=gap_table,
        provenance=provenance_table(key) if provenance else None,
        years=years,
        baseline=baseline,
        descriptions=descriptions,
    )
