"""Commands for many runs: sweep (experiments + sensitivity), discover (PRIM), optimise."""

from __future__ import annotations

import time
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("sweep")
    def sweep_cmd(
        spec: Path = typer.Argument(..., help="Sweep spec (YAML), e.g. scenarios/sweeps/*.yaml."),
        out: Path = typer.Option(..., "--out", "-o", help="Output directory (resumable)."),
        executor: str = typer.Option("local", "--executor", "-e",
                                     help="local (this process, all cores), processes or dask."),
        address: str | None = typer.Option(None, "--address",
                                           help="Dask scheduler, e.g. tcp://10.0.0.5:8786."),
        workers: int | None = typer.Option(None, "--workers", "-w",
                                           help="Worker processes for processes/dask (default: cores)."),
        progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar."),
        overwrite: bool = typer.Option(False, "--overwrite",
                                       help="Discard results of another spec in --out."),
        max_chunks: int | None = typer.Option(None, "--max-chunks",
                                              help="Stop after this many chunks (resume later)."),
    ) -> None:
        """Run a sweep: experiments and outcomes as Parquet, plus a sensitivity table.

        Killed and restarted with the same SPEC and --out, it skips finished chunks.
        """
        from sdsim.errors import SdsimError
        from sdsim.sweep import load_spec, run_sweep

        s = load_spec(spec)
        if address and executor != "dask":
            raise SdsimError(f"--address {address} needs --executor dask.")
        typer.echo(f"{s.name}: {s.runs():,} runs of {s.zone} ({s.sampler}, "
                   f"{len(s.factors())} factors) in chunks of {s.chunk_size:,} -> {out}")
        t = time.perf_counter()
        res = run_sweep(s, out, executor=executor, address=address, workers=workers,
                        progress=progress, max_chunks=max_chunks, overwrite=overwrite)
        dt = time.perf_counter() - t
        if not res.complete:
            typer.echo(f"Stopped after {res.chunks_done}/{res.chunks_total} chunks; run the same "
                       "command again to finish.")
            return
        typer.echo(f"Done in {dt:.1f} s. Wrote experiments.parquet, outcomes/ (Parquet), "
                   f"sensitivity.csv in {out}")
        _print_sensitivity(res.sensitivity())

    @app.command("discover")
    def discover_cmd(
        out: Path = typer.Argument(..., help="A finished sweep directory."),
        threshold: float = typer.Option(0.8, "--threshold",
                                        help="Share of runs in the box that meet every target."),
        all_factors: bool = typer.Option(False, "--all-factors",
                                         help="Search uncertainties too, not only levers."),
    ) -> None:
        """Which lever ranges meet all of the zone's targets (PRIM on a sweep's runs)."""
        from sdsim.export_basic import atomic_write
        from sdsim.sweep.discovery import discover_sweep

        found = discover_sweep(out, threshold=threshold,
                               factors="all" if all_factors else "levers")
        typer.echo(found.summary())
        path = Path(out) / "discovery.csv"
        atomic_write(path, lambda tmp: found.box.to_csv(tmp, index=False))
        typer.echo(f"Wrote {path}")

    @app.command("optimise")
    def optimise_cmd(
        zone: str = typer.Option("shenzhen", "--zone", "-z", help="Zone key or name."),
        out: Path | None = typer.Option(None, "--out", "-o", help="Write the scenario YAML."),
        name: str = typer.Option("optimised", "--name", help="Scenario name."),
        levers: str | None = typer.Option(None, "--levers",
                                          help="Comma-separated levers to change (default all)."),
        final_year: int = typer.Option(2030, "--final-year", help="Last target year used."),
        floor_ranges: bool = typer.Option(False, "--ranges-as-floor",
                                          help="Read range targets as 'at least the low end'."),
    ) -> None:
        """Lever settings closest to today's mix that meet the plan's targets."""
        import pandas as pd

        from sdsim.errors import SdsimError
        from sdsim.sweep.goals import plan_goals
        from sdsim.sweep.optimise import optimise

        goals = plan_goals(zone, final_year, floor_ranges=floor_ranges)
        keys = [k.strip() for k in levers.split(",") if k.strip()] if levers else None
        best = optimise(zone, goals, levers=keys)
        with pd.option_context("display.width", 200, "display.float_format", "{:,.4g}".format):
            typer.echo(best.report.to_string(index=False))
        typer.echo("\nLevers (2020 -> optimised):")
        for key, value in best.levers.items():
            typer.echo(f"  {key}: {best.baseline[key]:.4g} -> {value:.4g}")
        if not best.feasible:
            from sdsim.sweep.optimise import _shortfall

            raise SdsimError("no lever setting within the ranges meets every target. "
                             + _shortfall(best.report))
        if out:
            best.save(out, name)
            typer.echo(f"Wrote {out}")


def _print_sensitivity(table) -> None:
    import pandas as pd

    if table.empty:
        return
    method = table["method"].iloc[0]
    key = {"sobol": "ST", "morris": "mu_star", "spearman": "rho"}[method]
    typer.echo(f"\nSensitivity ({method}; most influential factor first):")
    for outcome, part in table.groupby("outcome", sort=False):
        part = part.reindex(part[key].abs().sort_values(ascending=False).index)
        cols = [c for c in part.columns if c not in ("outcome", "kind", "method")]
        with pd.option_context("display.width", 200, "display.float_format", "{:,.3g}".format):
            typer.echo(f"-- {outcome}\n{part[cols].head(5).to_string(index=False)}")
