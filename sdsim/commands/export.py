"""``sdsim export``: scenario results as xlsx, docx, csv, png or svg."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_cmd(
        scenarios: list[str] = typer.Argument(
            None, help="Scenario names or YAML files (default: baseline)."
        ),
        zone: str = typer.Option("shenzhen", "--zone", "-z", help="Zone key or name."),
        fmt: str | None = typer.Option(
            None, "--format", "-f", help="xlsx, docx, csv, png or svg (default: from --out)."
        ),
        out: Path = typer.Option(..., "--out", "-o", help="Output file; its folder must exist."),
        bom: bool = typer.Option(False, "--bom", help="CSV: UTF-8 with BOM, for Excel in Chinese."),
        charts: bool = typer.Option(True, "--charts/--no-charts", help="DOCX: include the chart."),
        indicators: str | None = typer.Option(
            None, "--indicators", help="Comma-separated outcome keys for the charts."
        ),
        final_year: int = typer.Option(2030, "--final-year", help="Last year of the runs."),
        years: str | None = typer.Option(
            None,
            "--years",
            help="Report years, comma-separated (default: 2025, 2030 and the "
            "final year, up to the final year).",
        ),
    ) -> None:
        """Export scenario results of one zone (tables, plan appendix or charts) to OUT."""
        from sdsim.errors import SdsimError
        from sdsim.exports import export

        keys = [k.strip() for k in indicators.split(",") if k.strip()] if indicators else None
        if years:
            try:
                report = tuple(int(y) for y in years.split(",") if y.strip())
            except ValueError:
                raise SdsimError(
                    f"--years {years!r}: give whole years such as 2025,2030."
                ) from None
        else:
            report = tuple(sorted({y for y in (2025, 2030) if y <= final_year} | {final_year}))
        path = export(
            zone,
            scenarios or ["baseline"],
            fmt,
            out,
            bom=bom,
            charts=charts,
            indicators=keys,
            final_year=final_year,
            years=report,
        )
        typer.echo(f"Wrote {path}")
