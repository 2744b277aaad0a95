"""Commands on the zone model itself: run, calibrate, check, levers."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from sdsim.zones import ZONES


def _print_table(frame, units: dict[str, str] | None = None) -> None:
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_columns", 12, "display.float_format", "{:,.2f}".format):
        typer.echo(frame.to_string(index=False))


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run_cmd(
        zone: str = typer.Option("shenzhen", "--zone", "-z", help="Zone key or name."),
        scenario: str = typer.Option("baseline", "--scenario", "-s", help="Shipped scenario name or a YAML file."),
        final_year: int = typer.Option(2030, "--final-year", help="Last year of the run."),
        time_step: float = typer.Option(0.25, "--time-step", help="Euler time step (years)."),
        out: Path | None = typer.Option(None, "--out", "-o", help="Write the table as CSV."),
        units: bool = typer.Option(False, "--units", help="List each column's unit after the table."),
        columns: str | None = typer.Option(None, "--columns", help="Comma-separated outcome keys to show."),
    ) -> None:
        """Run a zone from 2020 to FINAL_YEAR and print a yearly table of outcomes."""
        from sdsim.export_basic import write_csv
        from sdsim.runner import run

        table = _run_scenario(zone, scenario, final_year, time_step, run)
        shown = table
        if columns:
            keys = ["year"] + [c.strip() for c in columns.split(",") if c.strip()]
            unknown = [k for k in keys if k not in table.columns]
            if unknown:
                from sdsim.errors import SdsimError

                raise SdsimError(f"unknown column(s) {unknown}; choose from {list(table.columns)}.")
            shown = table[keys]
        _print_table(shown)
        if table.attrs.get("indexed"):
            typer.echo(f"\nOn an index (2020 = 100), no cited 2020 level: {', '.join(table.attrs['indexed'])}")
        if units:
            typer.echo("\nUnits:")
            for key, unit in table.attrs["units"].items():
                typer.echo(f"  {key}: {unit}")
        if out:
            write_csv(table, out)
            typer.echo(f"\nWrote {out} and {Path(out).with_suffix('.units.csv').name}")

    @app.command("calibrate")
    def calibrate_cmd(
        zone: list[str] = typer.Argument(None, help="Zones to calibrate (default: all six)."),
        observations: Path | None = typer.Option(
            None, "--observations", help="Observation table (default: models/calibration/observations.csv)."),
        out_dir: Path | None = typer.Option(
            None, "--out-dir", help="Where to write <zone>.yaml and <zone>_fit.csv (default: models/calibration)."),
    ) -> None:
        """Fit zone parameters to the cited observations and write models/calibration/."""
        from sdsim.calibrate import calibrate_zone
        from sdsim.zones import get_zone

        keys = [get_zone(z).key for z in zone] if zone else list(ZONES)
        failed = []
        for key in keys:
            zp, report = calibrate_zone(key, directory=out_dir, observations=observations)
            typer.echo(f"== {ZONES[key].label}: {zp.fit['within_tolerance']}/{zp.fit['checked']} "
                       "2020 figures within tolerance")
            _print_table(report.drop(columns=["zone"]))
            if zp.fit["within_tolerance"] < zp.fit["checked"]:
                failed.append(key)
        if failed:
            typer.echo(f"Outside tolerance: {', '.join(failed)}", err=True)
            raise typer.Exit(1)

    @app.command("check")
    def check_cmd() -> None:
        """Model checks: units and docs, extreme conditions, integration error, calibration."""
        from sdsim.checks import run_checks

        results = run_checks()
        bad = 0
        for r in results:
            typer.echo(f"[{'ok' if r.passed else 'FAIL'}] {r.name}: {r.detail}")
            bad += not r.passed
        if bad:
            raise typer.Exit(1)

    @app.command("levers")
    def levers_cmd(
        zone: str = typer.Option("shenzhen", "--zone", "-z"),
        as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    ) -> None:
        """List every lever and assumption with unit, range, default and description."""
        from sdsim.catalog import lever_catalog

        rows = lever_catalog(zone)
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        import pandas as pd

        frame = pd.DataFrame(rows)[["kind", "key", "unit", "low", "high", "default", "description"]]
        with pd.option_context("display.width", 250, "display.max_colwidth", 80):
            typer.echo(frame.to_string(index=False))


def _run_scenario(zone, scenario, final_year, time_step, run):
    """Run a named scenario (or a YAML path) when scenarios exist; 'baseline' always works."""
    try:
        from sdsim.scenarios import load_scenario, run_scenario
    except ModuleNotFoundError:
        if scenario != "baseline":
            from sdsim.errors import SdsimError

            raise SdsimError(f"scenario {scenario!r}: only 'baseline' is available.") from None
        return run(zone, final_year=final_year, time_step=time_step)
    return run_scenario(load_scenario(scenario, zone=zone), final_year=final_year, time_step=time_step)
