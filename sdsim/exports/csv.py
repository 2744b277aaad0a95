"""Tidy CSV of an :class:`~sdsim.exports.bundle.ExportBundle`: a row per scenario, indicator, year.

UTF-8; ``bom=True`` writes a byte-order mark so Excel in a Chinese locale reads the Chinese
names correctly instead of guessing GBK.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdsim.exports._io import write_atomic
from sdsim.exports.bundle import ExportBundle
from sdsim.exports.labels import name_cn, name_en, unit_cn

CSV_COLUMNS = ["scenario", "indicator", "name_cn", "name_en", "unit", "unit_cn", "year", "value"]


def tidy_runs(bundle: ExportBundle) -> pd.DataFrame:
    """All runs as one long table (full precision; NaN where a run has no value)."""
    parts = []
    for scenario, table in bundle.runs.items():
        for key in bundle.indicators():
            unit = bundle.unit(key, scenario)
            parts.append(
                pd.DataFrame(
                    {
                        "scenario": scenario,
                        "indicator": key,
                        "name_cn": name_cn(key),
                        "name_en": name_en(key),
                        "unit": unit,
                        "unit_cn": unit_cn(unit),
                        "year": table["year"].astype(int).to_numpy(),
                        "value": table[key].to_numpy(float),
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)[CSV_COLUMNS]


def write_csv(bundle: ExportBundle, path, bom: bool = False) -> Path:
    """Write :func:`tidy_runs` atomically; values keep full precision (``repr`` round-trip)."""
    frame = tidy_runs(bundle)
    encoding = "utf-8-sig" if bom else "utf-8"
    return write_atomic(
        path, lambda tmp: frame.to_csv(tmp, index=False, encoding=encoding, lineterminator="\n")
    )
