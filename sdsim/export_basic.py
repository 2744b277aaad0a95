"""Atomic CSV writing of outcome tables (with a companion units file)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from sdsim.errors import SdsimError


def atomic_write(path: Path | str, write) -> Path:
    """Call ``write(tmp_path)`` then rename onto ``path``; nothing partial is ever left at ``path``."""
    path = Path(path)
    if not path.parent.exists():
        raise SdsimError(f"{path}: directory {path.parent} does not exist; create it or choose another path.")
    if not os.access(path.parent, os.W_OK):
        raise SdsimError(f"{path}: directory {path.parent} is not writable.")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_csv(table: pd.DataFrame, path: Path | str, bom: bool = False) -> Path:
    """Write an outcome table as UTF-8 CSV plus ``<name>.units.csv`` (column, unit)."""
    encoding = "utf-8-sig" if bom else "utf-8"
    out = atomic_write(path, lambda tmp: table.to_csv(tmp, index=False, encoding=encoding))
    units = table.attrs.get("units", {})
    if units:
        frame = pd.DataFrame({"column": list(units), "unit": list(units.values())})
        atomic_write(Path(path).with_suffix(".units.csv"), lambda tmp: frame.to_csv(tmp, index=False, encoding=encoding))
    return out
