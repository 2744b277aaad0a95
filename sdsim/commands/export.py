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
    ) -> None:
        """Export scenario results of one zone (tables, plan appendix or charts) to OUT."""
        from sdsim.exports import export

        keys = [k.strip() for k in indicators.split(",") if k.strip()] if indicators else None
        years = (2025, 2030) if final_year >= 2030 else tuple(y for y in (2025,) if y <= final_year)
        path = export(
            zone,
            scenarios or ["baseline"],
            fmt,
            out,
            bom=bom,
            charts=charts,
            indicators=keys,
            final_year=final_year,
            years=years or (final_year,),
        )
        typer.echo(f"Wrote {path}")
