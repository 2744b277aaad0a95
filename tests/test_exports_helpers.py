"""Shared data for the export tests (no tests here): a hand-made target gap, font skipping."""

from __future__ import annotations

import functools
import math

import pandas as pd

GREEN = {"share_ecology": 15.0, "share_technology": 8.0}
NAN = math.nan


def make_gap() -> pd.DataFrame:
    """A small target-gap table in the shape of ``sdsim.compare.target_gap``."""
    gap = pd.DataFrame(
        {
            "scenario": ["baseline", "green", "baseline", "green"],
            "indicator": ["pm25", "pm25", "rd_intensity", "rd_intensity"],
            "year": [2025, 2025, 2030, 2030],
            "value": [12.04, 11.21, 7.79, 8.68],
            "unit": ["ug/m3", "ug/m3", "%", "%"],
            "bound": ["<=", "<=", ">=", ">="],
            "target_low": [NAN, NAN, 8.0, 8.0],
            "target_high": [14.0, 14.0, NAN, NAN],
            "met": [True, True, False, True],
            "margin": [1.96, 2.79, -0.21, 0.68],
            "first_year_met": [2021, 2021, None, 2027],
            "binding": ["not stated"] * 4,
            "source": ["000_86a9a16adcebabe8.txt:618"] * 2 + ["004_feeeed543def0cf5.txt:2"] * 2,
            "target_year": [2025, 2025, 2030, 2030],
        }
    )
    gap["met"] = gap["met"].astype("boolean")
    gap["first_year_met"] = gap["first_year_met"].astype("Int64")
    return gap


def cjk_font_or_skip():
    """The installed CJK font, or skip the test naming the package to install."""
    import pytest

    from sdsim.exports.fonts import DEBIAN_PACKAGE, find_cjk_font

    font = find_cjk_font()
    if font is None:
        pytest.skip(f"no CJK font installed (apt-get install {DEBIAN_PACKAGE})")
    return font


@functools.lru_cache(maxsize=1)
def shared_bundle():
    """Baseline and a 'green' lever scenario for Shenzhen, with :func:`make_gap` (do not mutate)."""
    from sdsim.exports import build_bundle

    return build_bundle("shenzhen", {"baseline": None, "green": GREEN}, gap=make_gap())
