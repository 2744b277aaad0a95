"""Scenarios: named lever settings for one zone, kept as YAML files in ``scenarios/``.

A scenario names its zone, describes itself in Chinese and English (with the source lines that
motivated its lever choices), sets levers — constants or ``{year: value}`` paths, linear
between points and held after the last — and may override assumptions (a *modified baseline*).
The file format and its structural checks live in :mod:`sdsim.scenario_schema`; this module
adds the checks against the model (lever names and ranges, path years, investment shares),
finds shipped scenarios by name and runs them.

Investment shares are one constrained lever, the same here as in :func:`sdsim.runner.run`:
shares a scenario leaves out rescale in proportion to the zone's 2020 values so that the five
sum to 100 % (:func:`sdsim.lever_settings.complete_shares`); a scenario that sets all five
must make them sum to 100 % at every year of its paths unless it says ``normalise: true``.

Examples
--------
>>> from sdsim.scenarios import load_scenario, run_scenario
>>> plan = load_scenario("plan", zone="shenzhen")          # scenarios/shenzhen_plan.yaml
>>> table = run_scenario(plan, final_year=2030)             # yearly outcomes
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from sdsim.errors import SdsimError, suggest
from sdsim.lever_settings import BASE_YEAR
from sdsim.levers import levers
from sdsim.paths import SCENARIOS_DIR
from sdsim.scenario_check import MAX_YEAR, check_scenario  # noqa: F401 - API
from sdsim.scenario_schema import (
    Description,
    Scenario,
    SourceRef,
    build_scenario,
    read_yaml,
)
from sdsim.scenario_writer import scenario_to_yaml
from sdsim.zone_params import load_zone_parameters, parameter_file
from sdsim.zones import ZONES, get_zone

__all__ = [
    "Description",
    "Scenario",
    "SourceRef",
    "check_scenario",
    "list_scenarios",
    "load_scenario",
    "make_scenario",
    "read_scenario_file",
    "resolved_levers",
    "run_scenario",
    "save_scenario",
    "scenario_names",
    "scenario_to_yaml",
]

BASELINE = "baseline"


# --------------------------------------------------------------------------- finding


def read_scenario_file(path: str | Path) -> Scenario:
    """Read and structurally validate one scenario file (no model checks)."""
    path = Path(path)
    data, lines = read_yaml(path)
    default_name = path.stem
    if isinstance(data, dict) and isinstance(data.get("zone"), str):
        try:
            prefix = get_zone(data["zone"]).key + "_"
        except SdsimError:
            prefix = ""
        if prefix and default_name.startswith(prefix):
            default_name = default_name[len(prefix) :]
    default_name = default_name.lower() if default_name.replace("_", "").isalnum() else ""
    return build_scenario(data, path=path, lines=lines, name=default_name)


def _shipped_files() -> dict[tuple[str, str], Path]:
    out = {}
    for path in sorted(Path(SCENARIOS_DIR).glob("*.yaml")):
        zone, _, name = path.stem.partition("_")
        if zone in ZONES and name:
            out[(zone, name)] = path
    return out


def scenario_names(zone: str) -> list[str]:
    """Names of the shipped scenarios of a zone ('baseline' first)."""
    key = get_zone(zone).key
    names = [name for (z, name) in _shipped_files() if z == key]
    return [BASELINE] + sorted(n for n in names if n != BASELINE)


def baseline_scenario(zone: str) -> Scenario:
    """The implicit baseline: the zone's 2020 policy mix held (no levers set)."""
    z = get_zone(zone)
    return make_scenario(
        z.key,
        BASELINE,
        description=Description(
            zh=f"{z.name_cn}基准情景：保持2020年的政策组合（投资率与五个投资方向的比例不变）。",
            en=f"{z.name_en} baseline: the 2020 policy mix held (investment rate and the split "
            "over the five directions unchanged).",
        ),
    )


def _looks_like_path(spec: str) -> bool:
    return spec.endswith((".yaml", ".yml")) or "/" in spec or os.sep in spec


def load_scenario(spec: str | Path | Scenario, zone: str | None = None) -> Scenario:
    """Find and check a scenario: a shipped name, a YAML file, or a :class:`Scenario`.

    Parameters
    ----------
    spec : str, Path or Scenario
        'plan' (with ``zone``), 'shenzhen_plan', a path to a YAML file, or a scenario object.
    zone : str, optional
        Zone key or name; required for a bare name, checked against a file's zone.

    Returns
    -------
    Scenario
        A scenario that passed every check (with path years up to 2100).
    """
    if isinstance(spec, Scenario):
        scenario = spec
    elif isinstance(spec, Path) or _looks_like_path(str(spec)):
        path = Path(spec)
        if not path.exists():
            raise SdsimError(f"{path}: scenario file not found.")
        scenario = read_scenario_file(path)
    else:
        scenario = _by_name(str(spec).strip(), zone)
    if zone is not None:
        key = get_zone(zone).key
        try:
            own = get_zone(scenario.zone).key
        except SdsimError as exc:
            raise SdsimError(f"{scenario.where('zone')}: {exc}") from None
        if own != key:
            raise SdsimError(
                f"{scenario.where('zone')}: the scenario is for zone {own!r}, not {key!r}; "
                f"run it with --zone {own} (or change its zone field)."
            )
    check_scenario(scenario)
    return scenario


def _by_name(name: str, zone: str | None) -> Scenario:
    lowered = name.lower()
    if zone is None:
        head, _, rest = lowered.partition("_")
        if head in ZONES and rest:
            zone, lowered = head, rest
        else:
            raise SdsimError(
                f"scenario {name!r}: say which zone (--zone, or zone=...), or give a file name "
                f"such as shenzhen_{lowered}; zones: {', '.join(ZONES)}."
            )
    key = get_zone(zone).key
    if lowered.startswith(key + "_"):
        lowered = lowered[len(key) + 1 :]
    path = _shipped_files().get((key, lowered))
    if path is not None:
        return read_scenario_file(path)
    if lowered == BASELINE:
        return baseline_scenario(key)
    names = scenario_names(key)
    raise SdsimError(
        f"unknown scenario {name!r} for zone {key!r}.{suggest(lowered, names)} "
        f"Shipped scenarios: {', '.join(names)} (see `sdsim scenarios --zone {key}`); "
        "or give the path of a YAML file."
    )


def list_scenarios(zone: str | None = None) -> pd.DataFrame:
    """Shipped scenarios: zone, name, file, the levers they set, and the English description."""
    keys = [get_zone(zone).key] if zone else list(ZONES)
    files = _shipped_files()
    rows = []
    for key in keys:
        for name in scenario_names(key):
            path = files.get((key, name))
            sc = read_scenario_file(path) if path else baseline_scenario(key)
            rows.append(
                {
                    "zone": key,
                    "name": name,
                    "file": str(path.relative_to(Path(SCENARIOS_DIR).parent))
                    if path
                    else "(implicit)",
                    "levers": ", ".join(sc.levers) or "-",
                    "assumptions": ", ".join(sc.assumptions) or "-",
                    "description": sc.description.en.strip().split("\n")[0],
                }
            )
    return pd.DataFrame(
        rows, columns=["zone", "name", "file", "levers", "assumptions", "description"]
    )


# --------------------------------------------------------------------------- building


def make_scenario(
    zone: str,
    name: str,
    levers: dict | None = None,
    *,
    assumptions: dict | None = None,
    normalise: bool = False,
    description: Description | dict | None = None,
    sources: list | None = None,
) -> Scenario:
    """Build and check a scenario in Python (the same rules as a file).

    Examples
    --------
    >>> make_scenario("shenzhen", "more_rd", {"share_technology": {2021: 5, 2025: 8}})
    """
    data = {
        "zone": zone,
        "name": name,
        "description": description
        or {"zh": f"自定义情景 {name}。", "en": f"Custom scenario {name}."},
        "normalise": normalise,
        "levers": dict(levers or {}),
        "assumptions": dict(assumptions or {}),
        "sources": list(sources or []),
    }
    if isinstance(data["description"], Description):
        data["description"] = data["description"].model_dump()
    scenario = build_scenario(data, name=name)
    check_scenario(scenario)
    return scenario


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write a scenario as canonical YAML, atomically."""
    from sdsim.export_basic import atomic_write

    text = scenario_to_yaml(scenario)
    return atomic_write(Path(path), lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


# --------------------------------------------------------------------------- running


def resolved_levers(scenario: Scenario, final_year: int = 2030) -> pd.DataFrame:
    """Every lever's value per year as the model sees it (shares completed to 100 %)."""
    paths = check_scenario(scenario, final_year)
    base = load_zone_parameters(get_zone(scenario.zone).key).baseline_levers
    years = np.arange(BASE_YEAR, int(final_year) + 1)
    out = pd.DataFrame({"year": years})
    for key in levers():
        path = dict(paths.get(key, {}))
        if not path:
            out[key] = float(base[key])
            continue
        if min(path) > BASE_YEAR:
            path[float(BASE_YEAR)] = float(base[key])
        xs = sorted(path)
        out[key] = np.interp(years, xs, [path[x] for x in xs])
    return out


def _calibration_stamp(zone: str) -> float:
    path = parameter_file(zone)
    return path.stat().st_mtime if path.exists() else 0.0


@lru_cache(maxsize=128)
def _cached_run(
    spec: str, zone: str, final_year: int, time_step: float, stamp: float
) -> pd.DataFrame:
    from sdsim.runner import run

    scenario = Scenario.model_validate_json(spec)
    return run(
        zone,
        scenario.settings(),
        assumptions=dict(scenario.assumptions),
        final_year=final_year,
        time_step=time_step,
        normalise=scenario.normalise,
    )


def run_scenario(
    scenario: Scenario | str | Path,
    *,
    zone: str | None = None,
    final_year: int = 2030,
    time_step: float = 0.25,
) -> pd.DataFrame:
    """Run a scenario from 2020 to ``final_year``; a yearly outcome table as from ``run``.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A scenario, or anything :func:`load_scenario` accepts.
    zone : str, optional
        Zone for a bare scenario name.
    final_year, time_step
        Passed to :func:`sdsim.runner.run`.

    Returns
    -------
    pandas.DataFrame
        As :func:`sdsim.runner.run`; ``attrs['scenario']`` holds the scenario's name.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, zone=zone)
    check_scenario(scenario, final_year)  # nothing runs on a half-valid scenario
    key = get_zone(scenario.zone).key
    table = _cached_run(
        scenario.model_dump_json(), key, int(final_year), float(time_step), _calibration_stamp(key)
    ).copy()
    table.attrs = {**_cached_attrs(table), "scenario": scenario.name}
    return table


def _cached_attrs(table: pd.DataFrame) -> dict:
    attrs = dict(table.attrs)
    attrs["units"] = dict(attrs.get("units", {}))
    attrs["indexed"] = list(attrs.get("indexed", []))
    return attrs
