"""Score runs against published targets: the target-gap table.

Which target applies in a year: the target set for that year; failing that, the latest earlier
target is held (a 2025 ceiling on water use per 10k yuan GDP is still scored in 2030, with a
note). A target for a later year is not scored early, but ``first_year_met`` shows when a run
first meets it. An indicator that runs on an index (2020 = 100) for the zone, because the
sources give no 2020 level, cannot be compared with a level target: ``met`` is None and the
note says "index". :func:`sdsim.compare.target_gap` runs scenarios and calls
:func:`gap_from_runs`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sdsim.outcomes import INDEX_UNIT
from sdsim.targets import Target

GAP_COLUMNS = [
    "scenario",
    "indicator",
    "year",
    "value",
    "unit",
    "bound",
    "target_low",
    "target_high",
    "met",
    "margin",
    "first_year_met",
    "stays_met_from",
    "binding",
    "source",
    "quote",
    "target_id",
    "target_year",
    "document",
    "note",
]


def first_year_met(target: Target, table: pd.DataFrame) -> int | None:
    """First year of a run (2020 on) in which the target's condition holds, else None."""
    values = table[target.indicator].to_numpy(dtype=float)
    for year, value in zip(table["year"].to_numpy(), values, strict=True):
        if target.met(float(value)):
            return int(year)
    return None


def stays_met_from(target: Target, table: pd.DataFrame) -> int | None:
    """First year from which the target holds in every year to the end of the run, else None.

    Differs from :func:`first_year_met` when a run meets a target and later loses it (a
    ceiling on water use met in 2020 but exceeded by 2025 has first year 2020 and no
    ``stays_met_from``).
    """
    years = table["year"].to_numpy()
    values = table[target.indicator].to_numpy(dtype=float)
    out = None
    for year, value in zip(years[::-1], values[::-1], strict=True):
        if not target.met(float(value)):
            break
        out = int(year)
    return out


def _applicable(ts: list[Target], year: int) -> Target | None:
    due = [t for t in ts if t.year <= year]
    return max(due, key=lambda t: t.year) if due else None


def gap_from_runs(
    runs: dict[str, pd.DataFrame],
    names: Sequence[str],
    years: Sequence[int],
    tlist: Sequence[Target],
    include_unmodelled: bool = False,
) -> pd.DataFrame:
    """The target-gap table from yearly run tables (see :func:`target_gap` for the columns).

    Parameters
    ----------
    runs : dict
        Scenario name -> yearly outcome table; ``attrs['indexed']`` lists indexed outcomes.
    names : sequence of str
        Scenarios to score, in order.
    years : sequence of int
        Years to score.
    tlist : sequence of Target
        The targets (one zone's).
    include_unmodelled : bool
        Also list targets with no model outcome.
    """
    by_indicator: dict[str, list[Target]] = {}
    for t in tlist:
        by_indicator.setdefault(t.indicator, []).append(t)
    rows = []
    for name in names:
        table = runs[name]
        indexed = set(table.attrs.get("indexed", []))
        units = table.attrs.get("units", {})
        by_year = table.set_index("year")
        for indicator, ts in by_indicator.items():
            for year in years:
                t = _applicable(ts, year)
                if t is None:
                    continue
                notes = [t.note] if t.note else []
                if t.year < year:
                    notes.insert(0, f"the {t.year} target, held in {year}")
                row = {
                    "scenario": name,
                    "indicator": indicator,
                    "year": year,
                    "value": None,
                    "unit": t.unit,
                    "bound": t.bound,
                    "target_low": t.low,
                    "target_high": t.high,
                    "met": None,
                    "margin": None,
                    "first_year_met": None,
                    "stays_met_from": None,
                    "binding": t.binding or "not stated",
                    "source": t.source,
                    "quote": t.quote,
                    "target_id": t.id,
                    "target_year": t.year,
                    "document": t.document,
                }
                if not t.modelled:
                    if not include_unmodelled:
                        continue
                    notes.insert(0, "not modelled")
                elif indicator in indexed or units.get(indicator) == INDEX_UNIT:
                    row["value"] = float(by_year.at[year, indicator])
                    row["unit"] = INDEX_UNIT
                    notes.insert(
                        0,
                        "index: no cited 2020 level for this zone, so the level "
                        "target cannot be scored",
                    )
                else:
                    value = float(by_year.at[year, indicator])
                    row.update(
                        value=value,
                        met=t.met(value),
                        margin=t.margin(value),
                        first_year_met=first_year_met(t, table),
                        stays_met_from=stays_met_from(t, table),
                    )
                    if t.bound == "range" and t.met(value) is False and value > t.high:
                        notes.insert(0, "above the range")
                    if t.bound == "about":
                        notes.insert(0, "approximate target (左右): not scored")
                row["note"] = "; ".join(notes)
                rows.append(row)
    out = pd.DataFrame(rows, columns=GAP_COLUMNS)
    out["met"] = out["met"].astype("boolean")
    for col in ("first_year_met", "stays_met_from"):
        out[col] = out[col].astype("Int64")
    for col in ("value", "target_low", "target_high", "margin"):
        out[col] = pd.to_numeric(out[col]).astype(float)
    return out
