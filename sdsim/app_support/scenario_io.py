"""Scenario files for the app: current settings -> YAML, and an uploaded YAML -> validated settings.

Uses :mod:`sdsim.scenarios` when it is installed (the same loader and messages as the CLI);
otherwise reads the same plain format here and validates it with the runner's own checks
(:func:`sdsim.runner.model_inputs`), which raise the CLI's :class:`~sdsim.errors.SdsimError`.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sdsim.errors import SdsimError
from sdsim.paths import SCENARIOS_DIR
from sdsim.zones import get_zone

MAX_UPLOAD_BYTES = 64 * 1024


@dataclass
class AppScenario:
    name: str
    zone: str
    levers: dict = field(default_factory=dict)
    assumptions: dict = field(default_factory=dict)
    description: dict | str = ""


def safe_name(name: str) -> str:
    """A scenario name as the scenario schema wants it: lower-case letters, digits, '_'."""
    out = re.sub(r"[^a-z0-9_]+", "_", str(name).lower()).strip("_")
    return out or "custom"


def to_yaml(s: AppScenario) -> str:
    """The scenario file format of :mod:`sdsim.scenarios` (description in zh and en)."""
    desc = s.description if isinstance(s.description, dict) and s.description else {
        "zh": str(s.description or "在应用中保存的情景"),
        "en": str(s.description or "Scenario saved from the app")}

    def num(v):
        return {int(y): float(x) for y, x in v.items()} if isinstance(v, dict) else float(v)

    data = {"zone": s.zone, "name": safe_name(s.name), "description": desc, "normalise": True,
            "levers": {k: num(v) for k, v in s.levers.items()},
            "assumptions": {k: float(v) for k, v in s.assumptions.items()}}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _validate(s: AppScenario) -> AppScenario:
    from sdsim.app_support.simulate import FINAL_YEAR, zone_parameters
    from sdsim.runner import model_inputs

    model_inputs(zone_parameters(s.zone), s.levers, s.assumptions, FINAL_YEAR, normalise=True)
    return s


def _from_library(path: Path, zone: str | None) -> AppScenario | None:
    try:
        from sdsim import scenarios as lib
    except ImportError:
        return None
    loader = getattr(lib, "load_scenario", None)
    if loader is None:
        return None
    try:
        sc = loader(str(path), zone=zone) if zone else loader(str(path))
    except SdsimError:
        raise
    except Exception:  # noqa: BLE001 - an incompatible library API: use the local reader
        return None
    get = (lambda k, d=None: sc.get(k, d)) if isinstance(sc, dict) else (
        lambda k, d=None: getattr(sc, k, d))
    levers = get("levers") or {}
    z = get("zone") or zone
    if not isinstance(levers, dict) or not z:
        return None
    return AppScenario(name=str(get("name") or path.stem), zone=get_zone(z).key,
                       levers=dict(levers), assumptions=dict(get("assumptions") or {}),
                       description=_desc(get("description")))


def _desc(d) -> dict | str:
    if d is None:
        return ""
    if hasattr(d, "model_dump"):
        return d.model_dump()
    return d


def parse_scenario(data: bytes, filename: str = "scenario.yaml",
                   zone: str | None = None) -> AppScenario:
    """Read and validate an uploaded scenario; raise SdsimError with a message for the user."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SdsimError(f"{filename}: {len(data)} bytes is larger than the "
                         f"{MAX_UPLOAD_BYTES // 1024} KB limit for a scenario file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SdsimError(f"{filename}: not UTF-8 text ({exc}).") from exc
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(filename).name
        path.write_text(text, encoding="utf-8")
        lib = _from_library(path, zone)
    if lib is not None:
        return _validate(lib)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SdsimError(f"{filename}: not valid YAML ({exc}).") from exc
    if not isinstance(raw, dict):
        raise SdsimError(f"{filename}: a scenario must be a mapping with 'zone' and 'levers'.")
    unknown = set(raw) - {"name", "zone", "description", "levers", "assumptions", "normalise",
                          "sources"}
    if unknown:
        raise SdsimError(f"{filename}: unknown field(s) {', '.join(sorted(unknown))}; allowed: "
                         "name, zone, description, levers, assumptions.")
    z = raw.get("zone") or zone
    if not z:
        raise SdsimError(f"{filename}: no 'zone' given.")
    for part in ("levers", "assumptions"):
        if raw.get(part) is not None and not isinstance(raw[part], dict):
            raise SdsimError(f"{filename}: '{part}' must be a mapping of key: value.")
    s = AppScenario(name=str(raw.get("name") or Path(filename).stem), zone=get_zone(z).key,
                    levers=dict(raw.get("levers") or {}),
                    assumptions=dict(raw.get("assumptions") or {}),
                    description=raw.get("description") or "")
    return _validate(s)


def shipped_scenarios(zone: str) -> dict[str, Path]:
    """Scenario files shipped for ``zone`` (``scenarios/<zone>_<name>.yaml``), by name."""
    out = {}
    for p in sorted(Path(SCENARIOS_DIR).glob(f"{zone}_*.yaml")):
        out[p.stem[len(zone) + 1:]] = p
    return out


def load_shipped(zone: str, name: str) -> AppScenario:
    path = shipped_scenarios(zone)[name]
    return parse_scenario(path.read_bytes(), path.name, zone)


def constant(setting) -> float:
    """A slider value for a setting: a constant, or a path's final (held) value."""
    if isinstance(setting, dict):
        last = max(setting, key=float)
        return float(setting[last])
    return float(setting)
