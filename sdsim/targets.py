"""Published quantitative targets (``models/targets.csv``) and how a value is scored against one.

Every quantitative 2025 and 2030 target in the source documents is a row: zone, indicator,
year, bound, the target value(s), unit, whether the source calls it binding (约束性) or
expected (预期性), which document states it and the source line with the quoted words. The
sources give such targets for Shenzhen only (``004_feeeed543def0cf5.txt``, line 2: the
sustainable-development plan 2017-2030 revised in 2022, and the 2022-2025 demonstration-zone
programme); the 2021 annual report (``000``) names directions for the other zones but no
2025/2030 figures. Neither document says which targets are binding: the plan's indicator table
(表1) that would classify them is not in the text, only its notes, so ``binding`` is empty.

A target whose indicator is a model outcome has ``modelled = true`` and uses the outcome's key
and unit; the others keep their own key with ``modelled = false`` so that nothing is dropped.

Bounds
------
``>=`` / ``>``
    at least / more than ``low``; margin = value - low.
``<=`` / ``<``
    at most / less than ``high``; margin = high - value.
``range``
    between ``low`` and ``high``; margin = the distance to the nearer end, negative outside.
``about``
    about ``low`` (左右); not scored (met and margin are None).

A positive margin means the target is met with room to spare, in the target's unit.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sdsim.errors import SdsimError
from sdsim.outcomes import OUTCOMES
from sdsim.paths import MODELS_DIR
from sdsim.tables import read_rows, to_float
from sdsim.zones import ZONES, get_zone

TARGETS_FILE = MODELS_DIR / "targets.csv"
BOUNDS = (">=", ">", "<=", "<", "range", "about")
BINDING = ("binding", "expected", "")
DOCUMENTS = {
    "plan": "深圳市可持续发展规划(2017-2030年)(2022年修订)",
    "programme": "深圳市国家可持续发展议程创新示范区建设方案(2022-2025年)",
}
COLUMNS = [
    "id",
    "zone",
    "indicator",
    "modelled",
    "name_cn",
    "name_en",
    "year",
    "bound",
    "low",
    "high",
    "unit",
    "binding",
    "document",
    "source",
    "quote",
    "also",
    "note",
]


@dataclass(frozen=True)
class Target:
    """One published target."""

    id: str
    zone: str
    indicator: str
    modelled: bool
    name_cn: str
    name_en: str
    year: int
    bound: str
    low: float | None
    high: float | None
    unit: str
    binding: str
    document: str
    source: str
    quote: str
    also: str = ""
    note: str = ""

    def met(self, value: float | None) -> bool | None:
        """Whether ``value`` meets the target (None when it cannot be scored)."""
        if value is None or not math.isfinite(value) or self.bound == "about":
            return None
        if self.bound == ">=":
            return bool(value >= self.low)
        if self.bound == ">":
            return bool(value > self.low)
        if self.bound == "<=":
            return bool(value <= self.high)
        if self.bound == "<":
            return bool(value < self.high)
        return bool(self.low <= value <= self.high)

    def margin(self, value: float | None) -> float | None:
        """How far ``value`` is inside the target (positive) or short of it (negative)."""
        if value is None or not math.isfinite(value) or self.bound == "about":
            return None
        if self.bound in (">=", ">"):
            return float(value - self.low)
        if self.bound in ("<=", "<"):
            return float(self.high - value)
        return float(min(value - self.low, self.high - value))

    def describe(self) -> str:
        """'≤ 6 m3/10k yuan', '5.5-6 %' ..."""
        if self.bound == "range":
            return f"{self.low:g}-{self.high:g} {self.unit}"
        value = self.high if self.bound in ("<=", "<") else self.low
        sign = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "about": "≈"}[self.bound]
        return f"{sign} {value:g} {self.unit}"


def _optional(value: str, path: Path, line: int, field: str) -> float | None:
    return None if not value.strip() else to_float(value, path, line, field)


def read_targets(path: Path | str = TARGETS_FILE) -> list[Target]:
    """Read and check a targets table; errors name the file, line and field."""
    path = Path(path)
    rows = read_rows(
        path, ["id", "zone", "indicator", "modelled", "year", "bound", "unit", "source", "quote"]
    )
    out, seen = [], {}
    for i, r in enumerate(rows, start=2):
        where = f"{path}, line {i}"
        if r["id"] in seen:
            raise SdsimError(
                f"{where}, field 'id': {r['id']!r} repeats line {seen[r['id']]}; ids are unique."
            )
        seen[r["id"]] = i
        if r["zone"] not in ZONES:
            raise SdsimError(
                f"{where}, field 'zone': unknown zone {r['zone']!r}; use one of {', '.join(ZONES)}."
            )
        modelled = r["modelled"].strip().lower()
        if modelled not in ("true", "false"):
            raise SdsimError(f"{where}, field 'modelled': {r['modelled']!r}; write true or false.")
        bound = r["bound"].strip()
        if bound not in BOUNDS:
            raise SdsimError(f"{where}, field 'bound': {bound!r}; use one of {', '.join(BOUNDS)}.")
        low = _optional(r.get("low", ""), path, i, "low")
        high = _optional(r.get("high", ""), path, i, "high")
        need = {
            ">=": ("low",),
            ">": ("low",),
            "<=": ("high",),
            "<": ("high",),
            "range": ("low", "high"),
            "about": ("low",),
        }[bound]
        missing = [f for f in need if {"low": low, "high": high}[f] is None]
        if missing:
            raise SdsimError(f"{where}: bound {bound!r} needs field(s) {missing}; fill them in.")
        if bound == "range" and low > high:
            raise SdsimError(f"{where}: range {low:g}-{high:g} has low above high; swap them.")
        binding = r.get("binding", "").strip()
        if binding not in BINDING:
            raise SdsimError(
                f"{where}, field 'binding': {binding!r}; use binding, expected or leave it empty."
            )
        try:
            year = int(r["year"])
        except ValueError:
            raise SdsimError(f"{where}, field 'year': {r['year']!r} is not a year.") from None
        indicator = r["indicator"].strip()
        if modelled == "true":
            if indicator not in OUTCOMES:
                raise SdsimError(
                    f"{where}, field 'indicator': {indicator!r} is not a model outcome; set "
                    "modelled to false or use an outcome key."
                )
            if r["unit"] != OUTCOMES[indicator].unit:
                raise SdsimError(
                    f"{where}, field 'unit': {r['unit']!r} differs from the outcome's unit "
                    f"{OUTCOMES[indicator].unit!r}; convert the target to that unit."
                )
        out.append(
            Target(
                id=r["id"],
                zone=r["zone"],
                indicator=indicator,
                modelled=modelled == "true",
                name_cn=r.get("name_cn", ""),
                name_en=r.get("name_en", ""),
                year=year,
                bound=bound,
                low=low,
                high=high,
                unit=r["unit"],
                binding=binding,
                document=r.get("document", ""),
                source=r["source"],
                quote=r["quote"],
                also=r.get("also", ""),
                note=r.get("note", ""),
            )
        )
    return out


@lru_cache(maxsize=4)
def _cached(path: str, stamp: float) -> tuple[Target, ...]:
    return tuple(read_targets(path))


def targets(
    zone: str | None = None, *, modelled: bool | None = None, path: Path | str = TARGETS_FILE
) -> list[Target]:
    """Targets of a zone (all zones when None), optionally only (un)modelled ones."""
    path = Path(path)
    stamp = path.stat().st_mtime if path.exists() else 0.0
    rows = _cached(str(path), stamp)
    key = get_zone(zone).key if zone else None
    return [
        t
        for t in rows
        if (key is None or t.zone == key) and (modelled is None or t.modelled == modelled)
    ]


def load_targets(
    zone: str | None = None, *, modelled: bool | None = None, path: Path | str = TARGETS_FILE
) -> pd.DataFrame:
    """The targets table as a DataFrame (columns as in ``models/targets.csv``)."""
    rows = [asdict(t) for t in targets(zone, modelled=modelled, path=path)]
    return pd.DataFrame(rows, columns=COLUMNS)
