"""Where the model, calibration files and scenarios live, and where translations are cached."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for path in candidates:
        if path.exists():
            return path
    return candidates[0]


#: ``models/`` at the repository root (editable install) or shipped inside the wheel.
MODELS_DIR = _first_existing(_PACKAGE.parent / "models", _PACKAGE / "_models")
#: ``scenarios/`` at the repository root or shipped inside the wheel.
SCENARIOS_DIR = _first_existing(_PACKAGE.parent / "scenarios", _PACKAGE / "_scenarios")
MODEL_FILE = MODELS_DIR / "zone.mdl"
CALIBRATION_DIR = MODELS_DIR / "calibration"
OBSERVATIONS_FILE = CALIBRATION_DIR / "observations.csv"
ASSUMPTIONS_FILE = MODELS_DIR / "assumptions.csv"
LEVERS_FILE = MODELS_DIR / "levers.csv"
#: The source documents, present only in the development workspace (``../shared/seeds``).
SEEDS_DIR = _PACKAGE.parent.parent / "shared" / "seeds"


def cache_dir() -> Path:
    """Directory for translated models (``SDSIM_CACHE`` or ``~/.cache/sdsim``)."""
    root = os.environ.get("SDSIM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "sdsim"
    )
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path
