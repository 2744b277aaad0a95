"""Shared fixtures. Runs use a private translation cache so tests never touch models/."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

os.environ.setdefault("SDSIM_CACHE", str(Path(__file__).resolve().parent.parent / ".sdsim_cache"))
warnings.filterwarnings("ignore", message=".*inplace.*")
warnings.filterwarnings("ignore", message="Replacing a constant value with a time-dependent value")

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("source documents (../shared/seeds) not present")
    return SEEDS


@pytest.fixture(scope="session")
def shenzhen_baseline():
    from sdsim.runner import run

    return run("shenzhen")
