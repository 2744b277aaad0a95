"""The calibration observations: one table of cited figures (zone, indicator, year, value, unit,
kind, source), validated row by row so a user can add their own and re-calibrate."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sdsim.errors import SdsimError, suggest
from sdsim.paths import OBSERVATIONS_FILE
from sdsim.tables import read_rows, to_float
from sdsim.zones import ZONES

#: Indicators the calibration fits, with the unit of their level.
FIT_UNITS = {
    "gdp": "100m_yuan",
    "gdp_growth": "%",
    "rd_intensity": "%",
    "disposable_income": "10k_yuan",
    "water_per_10k_gdp": "m3/10k_yuan",
    "recycled_water": "%",
    "pm25": "ug/m3",
    "good_air_ratio": "%",
    "good_air_days": "days",
    "surface_water_good": "%",
    "forest_cover": "%",
    "clean_energy_share": "%",
    "energy_intensity": "tce/10k_yuan",
}
KINDS = ("level", "change", "growth")
USES = ("fit", "lever", "reference", "excluded")
COLUMNS = ["zone", "indicator", "year", "value", "unit", "kind", "base_year", "source", "quote", "use", "note"]


@dataclass(frozen=True)
class Observation:
    """One cited figure.

    ``kind`` is ``level`` (the value in the year), ``change`` (difference from ``base_year`` in
    the level's unit) or ``growth`` (relative change from ``base_year`` in %).
    """

    zone: str
    indicator: str
    year: int | None
    value: float
    unit: str
    kind: str
    base_year: int | None
    source: str
    quote: str
    use: str
    note: str
    line: int

    @property
    def is_share(self) -> bool:
        """Rates and shares (in %) are judged in percentage points, levels in relative terms."""
        return self.unit == "%"


def _year(value: str, path: Path, line: int, field: str, required: bool) -> int | None:
    if not value.strip():
        if required:
            raise SdsimError(f"{path}, line {line}, field {field!r}: a year is required for this row.")
        return None
    year = to_float(value, path, line, field)
    if not (1949 <= year <= 2100 and year == int(year)):
        raise SdsimError(f"{path}, line {line}, field {field!r}: {value!r} is not a year in 1949-2100.")
    return int(year)


def load_observations(path: Path | str = OBSERVATIONS_FILE) -> list[Observation]:
    """Read and validate the observation table; errors name the file, line, field and value."""
    path = Path(path)
    rows = read_rows(path, ["zone", "indicator", "value", "unit", "kind", "source", "use"])
    zones = set(ZONES) | {"all_zones"}
    out = []
    for i, r in enumerate(rows, start=2):
        use = r["use"].strip()
        if use not in USES:
            raise SdsimError(f"{path}, line {i}, field 'use': {use!r} is not one of {USES}.")
        zone = r["zone"].strip()
        if zone not in zones:
            raise SdsimError(
                f"{path}, line {i}, field 'zone': unknown zone {zone!r}.{suggest(zone, zones)} "
                f"Valid zones: {', '.join(sorted(zones))}."
            )
        kind = r["kind"].strip()
        if kind not in KINDS:
            raise SdsimError(f"{path}, line {i}, field 'kind': {kind!r} is not one of {KINDS}.")
        value = to_float(r["value"], path, i, "value")
        if not math.isfinite(value):
            raise SdsimError(f"{path}, line {i}, field 'value': {r['value']!r} is not finite.")
        indicator, unit = r["indicator"].strip(), r["unit"].strip()
        fitted = use == "fit"
        if fitted:
            if indicator not in FIT_UNITS:
                raise SdsimError(
                    f"{path}, line {i}, field 'indicator': {indicator!r} cannot be fitted."
                    f"{suggest(indicator, FIT_UNITS)} Fitted indicators: {', '.join(FIT_UNITS)}."
                )
            expected = "%" if kind == "growth" else FIT_UNITS[indicator]
            if unit != expected:
                raise SdsimError(
                    f"{path}, line {i}, field 'unit': {unit!r} is not the unit of a {kind} of "
                    f"{indicator}; use {expected!r}."
                )
        if ":" not in r["source"]:
            raise SdsimError(
                f"{path}, line {i}, field 'source': {r['source']!r} should be 'file:line'."
            )
        year = _year(r.get("year", ""), path, i, "year", required=fitted)
        base = _year(r.get("base_year", ""), path, i, "base_year", required=fitted and kind != "level")
        if fitted and base is not None and base >= year:
            raise SdsimError(f"{path}, line {i}: base_year {base} must be before year {year}.")
        out.append(
            Observation(zone, indicator, year, value, unit, kind, base, r["source"].strip(),
                        r.get("quote", ""), use, r.get("note", ""), i)
        )
    return out


def zone_observations(zone: str, use: str = "fit", path: Path | str = OBSERVATIONS_FILE) -> list[Observation]:
    """Observations of one zone for one use."""
    return [o for o in load_observations(path) if o.zone == zone and o.use == use]


def find(observations: list[Observation], zone: str, indicator: str) -> Observation | None:
    """The first observation of ``indicator`` for ``zone`` (or None)."""
    return next((o for o in observations if o.zone == zone and o.indicator == indicator), None)
