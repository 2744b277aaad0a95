"""Plan targets (``models/targets.csv`` when present), KPI figures and the target-gap table."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from sdsim.paths import MODELS_DIR

TARGETS_FILE = MODELS_DIR / "targets.csv"
#: Outcomes where lower is better (a target is met at or below it).
LOWER_IS_BETTER = {"pm25", "water_per_10k_gdp", "water_use", "energy_intensity", "energy_use",
                   "co2"}


@lru_cache(maxsize=1)
def _read(mtime: float) -> pd.DataFrame:
    raw = pd.read_csv(TARGETS_FILE)
    cols = {c.lower(): c for c in raw.columns}

    def col(*names, default=None):
        for n in names:
            if n in cols:
                return raw[cols[n]]
        return default

    frame = pd.DataFrame({
        "zone": col("zone"),
        "outcome": col("outcome", "indicator", "key"),
        "year": pd.to_numeric(col("year"), errors="coerce"),
        "target": pd.to_numeric(col("target", "value"), errors="coerce"),
    })
    direction = col("direction", "sense", "comparison")
    frame["direction"] = direction if direction is not None else None
    src = col("source")
    frame["source"] = src if src is not None else ""
    unit = col("unit")
    frame["unit"] = unit if unit is not None else ""
    return frame.dropna(subset=["zone", "outcome", "year", "target"])


def load_targets(zone: str) -> pd.DataFrame:
    """The zone's plan targets (empty when there is no targets file)."""
    if not TARGETS_FILE.exists():
        return pd.DataFrame(columns=["zone", "outcome", "year", "target", "direction", "source",
                                     "unit"])
    try:
        frame = _read(TARGETS_FILE.stat().st_mtime)
    except Exception:  # noqa: BLE001 - a malformed or half-written file: no targets shown
        return pd.DataFrame(columns=["zone", "outcome", "year", "target", "direction",
                                     "source", "unit"])
    return frame[frame["zone"] == zone].reset_index(drop=True)


def lower_is_better(outcome: str, direction=None) -> bool:
    d = str(direction or "").strip().lower()
    if d in {"max", "<=", "at_most", "lower", "below", "decrease", "le"}:
        return True
    if d in {"min", ">=", "at_least", "higher", "above", "increase", "ge"}:
        return False
    return outcome in LOWER_IS_BETTER


def met(outcome: str, value: float, target: float, direction=None) -> bool:
    if lower_is_better(outcome, direction):
        return bool(value <= target)
    return bool(value >= target)


def value_at(table: pd.DataFrame, outcome: str, year: int) -> float:
    row = table.loc[table["year"] == year, outcome]
    return float(row.iloc[0]) if len(row) else float("nan")


def kpi(baseline: pd.DataFrame, current: pd.DataFrame, targets: pd.DataFrame, outcome: str,
        year: int) -> dict:
    """Value, change vs baseline and target status of ``outcome`` in ``year``."""
    value = value_at(current, outcome, year)
    base = value_at(baseline, outcome, year)
    row = targets[(targets["outcome"] == outcome) & (targets["year"] == year)]
    target = float(row["target"].iloc[0]) if len(row) else None
    direction = row["direction"].iloc[0] if len(row) else None
    return {
        "value": value, "baseline": base, "delta": value - base,
        "target": target,
        "met": None if target is None or np.isnan(value) else met(outcome, value, target,
                                                                   direction),
        "lower_is_better": lower_is_better(outcome, direction),
    }


def gap_table(zone: str, runs: dict[str, pd.DataFrame], targets: pd.DataFrame) -> pd.DataFrame:
    """One row per target and run: the run's value, the gap to the target and whether it is met.

    Uses :func:`sdsim.compare.target_gap` conventions when that module is present; this local
    version only needs the run tables.
    """
    rows = []
    for _, t in targets.iterrows():
        key, year = t["outcome"], int(t["year"])
        for name, table in runs.items():
            if key not in table.columns:
                continue
            v = value_at(table, key, year)
            rows.append({"outcome": key, "year": year, "target": t["target"], "run": name,
                         "value": v, "gap": v - t["target"],
                         "met": met(key, v, t["target"], t["direction"]),
                         "source": t.get("source", "")})
    return pd.DataFrame(rows, columns=["outcome", "year", "target", "run", "value", "gap", "met",
                                       "source"])
