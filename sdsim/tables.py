"""Small readers for the project's CSV tables (levers, assumptions), with row-level errors."""

from __future__ import annotations

import csv
from pathlib import Path

from sdsim.errors import SdsimError


def read_rows(path: Path, required: list[str]) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file and check that ``required`` columns are present and filled."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise SdsimError(f"{path}: missing column(s) {missing}; expected {required}.")
            rows = list(reader)
    except FileNotFoundError as exc:
        raise SdsimError(f"{path}: file not found.") from exc
    for i, row in enumerate(rows, start=2):
        if None in row:
            raise SdsimError(f"{path}, line {i}: too many fields; quote values that contain commas.")
        empty = [c for c in required if not (row.get(c) or "").strip()]
        if empty:
            raise SdsimError(f"{path}, line {i}: empty field(s) {empty}.")
    return rows


def to_float(value: str, path: Path, line: int, field: str) -> float:
    """Parse a number, naming file, line and field when it is not one."""
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise SdsimError(f"{path}, line {line}, field {field!r}: {value!r} is not a number.") from exc


def read_yaml(path: Path):
    """Parse a YAML file; a syntax error becomes an :class:`SdsimError` naming the file."""
    import yaml

    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SdsimError(f"{path}: not valid YAML ({exc}).") from None
