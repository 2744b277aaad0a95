"""Downloads for the app, written by :mod:`sdsim.exports` (xlsx, docx, csv, png, svg).

The app builds one :class:`~sdsim.exports.ExportBundle` from the runs it already has (the
baseline and the current settings, named ``baseline`` and ``current``), with the comparison
and the target gap from :mod:`sdsim.compare`; each format is written to a temporary directory
by :func:`sdsim.exports.export` and its bytes are offered for download. Nothing is re-run, so
the file holds exactly the numbers on screen.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sdsim.compare import compare_from_runs
from sdsim.exports import ExportBundle, export, provenance_table
from sdsim.outcomes import OUTCOMES

YEARS = (2025, 2030)
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def labelled(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Columns renamed to 'name (unit)' in the chosen language (the on-screen results table)."""
    from sdsim.app_support.i18n import t, unit

    units = table.attrs.get("units", {})
    names = {"year": t("year", lang)}
    for k in table.columns:
        if k in OUTCOMES:
            names[k] = f"{OUTCOMES[k].name(lang)} ({unit(units.get(k, OUTCOMES[k].unit), lang)})"
    return table.rename(columns=names)


@lru_cache(maxsize=8)
def _provenance(zone: str) -> pd.DataFrame:
    return provenance_table(zone)


def app_bundle(zone: str, runs: Mapping[str, pd.DataFrame], gap: pd.DataFrame | None,
               descriptions: Mapping[str, str] | None = None,
               years: tuple[int, ...] = YEARS) -> ExportBundle:
    """An export bundle from runs in hand (``runs`` holds ``'baseline'``); nothing is re-run."""
    runs = dict(runs)
    names = list(runs)
    return ExportBundle(
        zone=zone,
        runs=runs,
        comparison=compare_from_runs(runs, names, list(years)),
        gap=gap,
        provenance=_provenance(zone),
        years=years,
        baseline="baseline",
        descriptions=dict(descriptions or {}),
    )


def export_bytes(bundle: ExportBundle, fmt: str, indicators=None) -> bytes:
    """The file :func:`sdsim.exports.export` writes for ``fmt``, as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"sdsim_{bundle.zone}.{fmt}"
        kwargs = {"bom": True} if fmt == "csv" else {}
        if fmt in ("png", "svg", "docx") and indicators:
            kwargs["indicators"] = list(indicators)
        if fmt == "docx" and not has_cjk_font():
            kwargs["charts"] = False  # the plan appendix without its figure
        export(bundle, None, fmt, path, **kwargs)
        return path.read_bytes()


def has_cjk_font() -> bool:
    """Whether charts (png, svg, the docx figure) can be drawn with Chinese text."""
    from sdsim.exports.fonts import find_cjk_font

    return find_cjk_font() is not None
