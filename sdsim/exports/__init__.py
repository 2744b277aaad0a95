"""Export scenario results: Excel, Word plan appendix, CSV, and PNG/SVG charts.

One verb, :func:`export`; each format takes an :class:`ExportBundle` (runs, comparison, target
gap, provenance) and only formats it. Every file is written to a temporary file in the target
directory and renamed into place, so a failed export never leaves a partial file or touches an
existing one.

Examples
--------
>>> from sdsim.exports import export
>>> export("shenzhen", ["baseline", "plan"], "xlsx", "shenzhen.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from sdsim.errors import SdsimError, suggest
from sdsim.exports.build import build_bundle
from sdsim.exports.bundle import ExportBundle, comparison_from_runs
from sdsim.exports.provenance import provenance_table

FORMATS = ("xlsx", "docx", "csv", "png", "svg")

__all__ = [
    "FORMATS",
    "ExportBundle",
    "build_bundle",
    "comparison_from_runs",
    "export",
    "provenance_table",
    "resolve_format",
]


def resolve_format(format: str | None, path) -> str:
    """The export format: ``format``, else the suffix of ``path``; SdsimError if unknown."""
    fmt = (format or Path(path).suffix.lstrip(".")).strip().lower()
    if fmt not in FORMATS:
        where = "" if format else f" (from the suffix of {Path(path).name}; or give --format)"
        raise SdsimError(
            f"unknown export format {fmt or '(none)'!r}{where}.{suggest(fmt, FORMATS)} "
            f"Choose one of: {', '.join(FORMATS)}."
        )
    return fmt


def check_destination(path) -> Path:
    """Refuse early (before any run) a path whose directory is missing or not writable."""
    path = Path(path)
    if path.is_dir():
        raise SdsimError(f"{path} is a directory; give a file name, e.g. {path / 'export.xlsx'}.")
    if not path.parent.exists():
        raise SdsimError(
            f"{path}: directory {path.parent} does not exist; create it or choose another path."
        )
    if not os.access(path.parent, os.W_OK):
        raise SdsimError(f"{path}: directory {path.parent} is not writable.")
    return path


def export(
    bundle_or_zone: ExportBundle | str,
    scenarios: Sequence[str] | Mapping[str, Mapping | None] | None = None,
    format: str | None = None,
    path=None,
    *,
    bom: bool = False,
    charts: bool = True,
    indicators: Sequence[str] | None = None,
    final_year: int = 2030,
    years: Sequence[int] = (2025, 2030),
) -> Path:
    """Export scenario results of one zone to a file.

    Parameters
    ----------
    bundle_or_zone : ExportBundle or str
        A bundle already built (nothing is re-run), or a zone key/name to build one for.
    scenarios : sequence of str or mapping, optional
        Scenario names / YAML files (or ``{name: lever settings}``); with a bundle, the subset
        to export. Default: all scenarios of the bundle, or ``['baseline']`` for a zone.
    format : {'xlsx', 'docx', 'csv', 'png', 'svg'}, optional
        Output format; default from the suffix of ``path``.
    path : path-like
        Output file. Its directory must exist and be writable.
    bom : bool
        CSV only: write a UTF-8 byte-order mark (for Excel in a Chinese locale).
    charts : bool
        DOCX only: include the scenario chart (needs a CJK font).
    indicators : sequence of str, optional
        Indicators for the charts (PNG, SVG and the DOCX image).
    final_year, years
        Run length and report years when building a bundle from a zone.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    SdsimError
        Unknown format, bad path, scenario that does not validate, or no CJK font for charts;
        any existing file at ``path`` is then left untouched.
    """
    if path is None:
        raise SdsimError("give an output path.")
    fmt = resolve_format(format, path)
    path = check_destination(path)
    if isinstance(bundle_or_zone, ExportBundle):
        bundle = bundle_or_zone.select(list(scenarios)) if scenarios else bundle_or_zone
    else:
        bundle = build_bundle(
            bundle_or_zone, scenarios or ["baseline"], final_year=final_year, years=years
        )
    if fmt == "xlsx":
        from sdsim.exports.xlsx import write_xlsx

        return write_xlsx(bundle, path)
    if fmt == "docx":
        from sdsim.exports.docx import write_docx

        return write_docx(bundle, path, charts=charts, indicators=indicators)
    if fmt == "csv":
        from sdsim.exports.csv import write_csv

        return write_csv(bundle, path, bom=bom)
    from sdsim.exports import charts as chart_mod

    writer = chart_mod.write_png if fmt == "png" else chart_mod.write_svg
    return writer(bundle, path, indicators=indicators)
