"""A zone's calibrated parameter file (``models/calibration/<zone>.yaml``): read and write."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sdsim.errors import SdsimError
from sdsim.paths import CALIBRATION_DIR
from sdsim.tables import read_yaml
from sdsim.zones import get_zone


@dataclass
class ZoneParameters:
    """Everything that makes the shared model a particular zone.

    Attributes
    ----------
    zone : str
        Zone key.
    parameters : dict
        Vensim constant name -> value: the 2020 initial stocks, reference values and fitted rates.
    baseline_levers : dict
        Lever key -> the zone's 2020 policy mix.
    lever_sources : dict
        Lever key -> where the baseline value comes from (seed file and line, or the assumption).
    levels : list of str
        Indicators with a cited 2020 level; other outcomes run on an index (2020 = 100).
    history : dict
        Facts from the calibration's history run (start year, GDP growth in 2020).
    fit : dict
        Summary of the fit (maximum errors).
    """

    zone: str
    parameters: dict[str, float]
    baseline_levers: dict[str, float]
    lever_sources: dict[str, str] = field(default_factory=dict)
    levels: list[str] = field(default_factory=list)
    history: dict = field(default_factory=dict)
    fit: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "zone": self.zone,
            "levels": list(self.levels),
            "baseline_levers": {k: float(v) for k, v in self.baseline_levers.items()},
            "lever_sources": dict(self.lever_sources),
            "parameters": {k: float(v) for k, v in self.parameters.items()},
            "history": self.history,
            "fit": self.fit,
        }


def parameter_file(zone: str, directory: Path | None = None) -> Path:
    return Path(directory or CALIBRATION_DIR) / f"{get_zone(zone).key}.yaml"


def load_zone_parameters(zone: str, directory: Path | None = None) -> ZoneParameters:
    """Read a zone's calibration file; a clear error says how to create it when missing."""
    path = parameter_file(zone, directory)
    if not path.exists():
        raise SdsimError(f"{path}: no calibration for zone {zone!r}. Run `sdsim calibrate {zone}`.")
    data = read_yaml(path)
    try:
        return ZoneParameters(
            zone=data["zone"],
            parameters={k: float(v) for k, v in data["parameters"].items()},
            baseline_levers={k: float(v) for k, v in data["baseline_levers"].items()},
            lever_sources=data.get("lever_sources", {}),
            levels=list(data.get("levels", [])),
            history=data.get("history", {}),
            fit=data.get("fit", {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SdsimError(f"{path}: malformed calibration file ({exc!r}).") from exc


def save_zone_parameters(zp: ZoneParameters, directory: Path | None = None) -> Path:
    """Write the calibration file atomically (temporary file, then rename)."""
    path = parameter_file(zp.zone, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Written by `sdsim calibrate`; edit observations.csv and re-calibrate instead.\n"
    text += yaml.safe_dump(zp.to_dict(), allow_unicode=True, sort_keys=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return path
