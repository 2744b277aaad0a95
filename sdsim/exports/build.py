"""Build an :class:`~sdsim.exports.bundle.ExportBundle`: run each scenario once, then derive.

Scenario names and YAML files go through ``sdsim.scenarios`` (``load_scenario`` validates them)
and the target gap through ``sdsim.compare.target_gap`` when those modules exist; a mapping
``{name: lever settings}`` runs ``sdsim.runner.run`` directly.
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
    """A scenario's description as text: Chinese, then English (a plain string as is)."""
    if description is None:
        return ""
    if isinstance(description, str):
        return description.strip()
    parts = [getattr(description, lang, "") or "" for lang in ("zh", "en")]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _run_named(zone: str, names: Sequence[str], final_year: int):
    """Load (validating) every named scenario first, then run them: a bad name costs no runs."""
    scenarios_mod = _optional("sdsim.scenarios")
    if scenarios_mod is None:
        unknown = [n for n in names if n != BASELINE]
        if unknown:
            raise SdsimError(
                f"scenario(s) {unknown}: only {BASELINE!r} is available until "
                "sdsim.scenarios is installed."
            )
        from sdsim.runner import run

        return {BASELINE: run(zone, final_year=final_year)}, {}, None
    loaded = [(given, scenarios_mod.load_scenario(given, zone=zone)) for given in names]
    runs, descriptions = {}, {}
    for given, scenario in loaded:
        name = _scenario_name(scenario, given)
        if name in runs:
            raise SdsimError(f"scenario {name!r} is given twice.")
        runs[name] = scenarios_mod.run_scenario(scenario, final_year=final_year)
        text = _description(getattr(scenario, "description", None))
        if text:
            descriptions[name] = text
    return runs, descriptions, [s for _, s in loaded]


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
        A target-gap table to use as is; True computes it with ``sdsim.compare.target_gap``
        when available; False/None leaves it out.
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
    loaded = None
    if isinstance(scenarios, Mapping):
        from sdsim.runner import run

        runs = {
            str(n): run(key, dict(lv or {}), final_year=final_year) for n, lv in scenarios.items()
        }
        descriptions = {}
    else:
        if len(set(scenarios)) != len(scenarios):
            raise SdsimError(f"scenarios {list(scenarios)}: a scenario is given twice.")
        runs, descriptions, loaded = _run_named(key, list(scenarios), final_year)
    baseline = BASELINE if BASELINE in runs else next(iter(runs))
    comparison = comparison_from_runs(runs, years, baseline)
    gap_table = None
    if isinstance(gap, pd.DataFrame):
        gap_table = gap
    elif gap:
        compare_mod = _optional("sdsim.compare")
        if compare_mod is not None and loaded is not None:
            gap_table = compare_mod.target_gap(key, loaded)
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
