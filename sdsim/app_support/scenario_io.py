"""Scenario files in the app, through :mod:`sdsim.scenarios` (the CLI's loader and messages).

A shipped scenario is found by name (:func:`sdsim.scenarios.load_scenario`); an uploaded file
is written to a temporary file under its own name and loaded the same way, so a bad file gets
the CLI's message (file, line, field, value and how to fix it). The current settings are saved
with :func:`sdsim.scenarios.make_scenario` and :func:`sdsim.scenarios.scenario_to_yaml`.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from sdsim.errors import SdsimError
from sdsim.levers import SHARE_KEYS
from sdsim.scenarios import (
    Scenario,
    load_scenario,
    make_scenario,
    resolved_levers,
    scenario_names,
    scenario_to_yaml,
)

MAX_UPLOAD_BYTES = 64 * 1024
FINAL_YEAR = 2030

__all__ = [
    "MAX_UPLOAD_BYTES",
    "Scenario",
    "current_scenario",
    "has_path",
    "parse_upload",
    "safe_name",
    "scenario_names",
    "shipped",
    "slider_values",
    "to_yaml",
]


def safe_name(name: str) -> str:
    """A scenario name as the scenario schema wants it: lower-case letters, digits, '_'."""
    out = re.sub(r"[^a-z0-9_]+", "_", str(name).lower()).strip("_")
    return out or "custom"


def shipped(zone: str, name: str) -> Scenario:
    """A shipped scenario ('baseline', 'plan', ...) of ``zone``, checked."""
    return load_scenario(name, zone=zone)


def parse_upload(data: bytes, filename: str = "scenario.yaml") -> Scenario:
    """Load an uploaded scenario with :func:`sdsim.scenarios.load_scenario`.

    Raises SdsimError with the library's message; the temporary path in it is replaced by the
    uploaded file's name, so it reads e.g. ``bad.yaml, line 7, field levers.investment_rate:
    value 99 % is outside the range ...``.
    """
    name = Path(filename).name or "scenario.yaml"
    if len(data) > MAX_UPLOAD_BYTES:
        raise SdsimError(f"{name}: {len(data)} bytes is larger than the "
                         f"{MAX_UPLOAD_BYTES // 1024} KB limit for a scenario file.")
    if not name.lower().endswith((".yaml", ".yml")):
        name += ".yaml"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            scenario = load_scenario(path)
        except SdsimError as exc:
            raise SdsimError(str(exc).replace(str(path), name)) from None
    scenario._origin = Path(name)  # messages after the upload name the file, not the temp path
    return scenario


def has_path(scenario: Scenario) -> bool:
    """Whether a lever of the scenario changes over time (a path with different values)."""
    return any(isinstance(v, dict) and len(set(v.values())) > 1 for v in scenario.levers.values())


def slider_values(scenario: Scenario, year: int = FINAL_YEAR) -> dict[str, float]:
    """Values in ``year`` of the levers the scenario sets, and the assumptions it sets.

    From :func:`sdsim.scenarios.resolved_levers`: a path gives its value in ``year``, and when
    the scenario sets any investment share all five are given (completed to 100 %). Levers the
    scenario leaves alone are not returned (their sliders stay at the baseline).
    """
    table = resolved_levers(scenario, year)
    row = table[table["year"] == year].iloc[0]
    keys = set(scenario.levers)
    if keys & set(SHARE_KEYS):
        keys |= set(SHARE_KEYS)
    out = {k: float(row[k]) for k in table.columns if k in keys}
    out.update({k: float(v) for k, v in scenario.assumptions.items()})
    return out


def current_scenario(zone: str, name: str, levers: Mapping, assumptions: Mapping,
                     normalise: bool = True, description: dict | None = None) -> Scenario:
    """The app's current settings as a checked :class:`~sdsim.scenarios.Scenario`."""
    return make_scenario(zone, safe_name(name), dict(levers), assumptions=dict(assumptions),
                         normalise=normalise, description=description or {
                             "zh": "在应用中保存的情景。", "en": "Scenario saved from the app."})


def to_yaml(scenario: Scenario) -> str:
    """The canonical YAML of a scenario (:func:`sdsim.scenarios.scenario_to_yaml`)."""
    return scenario_to_yaml(scenario)
