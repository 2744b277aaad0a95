"""Commands on scenarios and targets: scenarios, compare, targets."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from sdsim.errors import SdsimError


def _frame_text(frame, width: int = 250) -> str:
    import pandas as pd

    with pd.option_context(
        "display.width",
        width,
        "display.max_columns",
        40,
        "display.max_colwidth",
        70,
        "display.max_rows",
        500,
        "display.float_format",
        "{:,.3f}".format,
    ):
        return frame.to_string(index=False)


def parse_setting(text: str, option: str = "--set") -> tuple[str, float | dict[int, float]]:
    """'share_technology=8' -> ('share_technology', 8.0); 'k=2021:5,2025:8' -> a path."""
    key, sep, value = text.partition("=")
    key, value = key.strip(), value.strip()
    if not sep or not key or not value:
        raise SdsimError(
            f"{option} {text!r}: write KEY=VALUE, e.g. share_technology=8 or "
            "share_technology=2021:5,2025:8."
        )
    try:
        if ":" in value:
            path = {}
            for point in value.split(","):
                year, _, v = point.partition(":")
                path[int(year)] = float(v)
            return key, path
        return key, float(value)
    except ValueError:
        raise SdsimError(
            f"{option} {text!r}: {value!r} is not a number or a path like 2021:5,2025:8."
        ) from None


def _years(text: str) -> list[int]:
    try:
        return [int(y) for y in text.replace(" ", "").split(",") if y]
    except ValueError:
        raise SdsimError(
            f"--years {text!r}: write whole years separated by commas, e.g. 2025,2030."
        ) from None


def _wide(tidy, years):
    """Per year: indicator rows, a value column per scenario and the change of the others."""
    import pandas as pd

    blocks = []
    names = list(dict.fromkeys(tidy["scenario"]))
    for year in years:
        part = tidy[tidy["year"] == year]
        value = part.pivot(index="indicator", columns="scenario", values="value")
        change = part.pivot(index="indicator", columns="scenario", values="change")
        order = list(dict.fromkeys(part["indicator"]))
        units = part.drop_duplicates("indicator").set_index("indicator")["unit"]
        frame = pd.DataFrame({"indicator": order, "unit": [units[i] for i in order]})
        for name in names:
            frame[name] = value.loc[order, name].to_numpy()
            if name != "baseline":
                frame[f"Δ {name}"] = change.loc[order, name].to_numpy()
        blocks.append((year, frame))
    return blocks


def _gap_view(gap):
    import pandas as pd

    from sdsim.targets import Target

    def fmt_target(row) -> str:
        t = Target(
            id="",
            zone="",
            indicator=row.indicator,
            modelled=True,
            name_cn="",
            name_en="",
            year=int(row.target_year),
            bound=row.bound,
            low=None if pd.isna(row.target_low) else row.target_low,
            high=None if pd.isna(row.target_high) else row.target_high,
            unit=row.unit,
            binding="",
            document="",
            source="",
            quote="",
        )
        return t.describe()

    def yes_no(v) -> str:
        return "-" if pd.isna(v) else ("yes" if v else "no")

    view = pd.DataFrame(
        {
            "scenario": gap["scenario"],
            "indicator": gap["indicator"],
            "year": gap["year"],
            "value": gap["value"],
            "target": [fmt_target(r) for r in gap.itertuples()],
            "met": [yes_no(v) for v in gap["met"]],
            "margin": gap["margin"],
            "first met": gap["first_year_met"].astype("string").fillna("-"),
            "met from": gap["stays_met_from"].astype("string").fillna("-"),
            "note": [str(n).split(";")[0] for n in gap["note"]],
        }
    )
    return view


def register(app: typer.Typer) -> None:
    @app.command("scenarios")
    def scenarios_cmd(
        zone: str = typer.Option(None, "--zone", "-z", help="Only this zone (default: all six)."),
        show: str = typer.Option(
            None, "--show", help="Show one scenario: text, sources, levers per year."
        ),
        final_year: int = typer.Option(
            2030, "--final-year", help="Last year of the lever table (--show)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    ) -> None:
        """List the shipped scenarios (scenarios/<zone>_<name>.yaml), or show one of them."""
        from sdsim.scenarios import list_scenarios, load_scenario, resolved_levers

        if show:
            scenario = load_scenario(show, zone=zone)
            table = resolved_levers(scenario, final_year)
            if as_json:
                typer.echo(
                    json.dumps(
                        {
                            "scenario": scenario.model_dump(),
                            "file": str(scenario.origin) if scenario.origin else None,
                            "levers_by_year": table.to_dict(orient="records"),
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                )
                return
            typer.echo(
                f"{scenario.zone} / {scenario.name}"
                + (f"  ({scenario.origin})" if scenario.origin else "  (implicit)")
            )
            typer.echo(f"\n{scenario.description.zh.strip()}\n\n{scenario.description.en.strip()}")
            if scenario.sources:
                typer.echo("\nSources:")
                for s in scenario.sources:
                    typer.echo(f"  {s.ref}  「{s.quote}」" + (f"  -> {s.note}" if s.note else ""))
            if scenario.assumptions:
                typer.echo(
                    "\nAssumptions: "
                    + ", ".join(f"{k}={v:g}" for k, v in scenario.assumptions.items())
                )
            typer.echo(
                "\nLevers per year (the five shares always sum to 100 %; shares not set "
                "rescale in proportion to their 2020 values):"
            )
            typer.echo(
                _frame_text(
                    table.set_index("year").T.reset_index().rename(columns={"index": "lever"})
                )
            )
            return
        frame = list_scenarios(zone)
        if as_json:
            typer.echo(json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=2))
            return
        frame = frame.assign(description=frame["description"].str.slice(0, 90))
        typer.echo(_frame_text(frame))
        typer.echo(
            "\nShow one: sdsim scenarios --zone shenzhen --show plan; "
            "compare: sdsim compare --zone shenzhen baseline plan innovation_first"
        )

    @app.command("compare")
    def compare_cmd(
        scenarios: list[str] = typer.Argument(
            None, help="Scenario names or YAML files (default: baseline plan)."
        ),
        zone: str = typer.Option("shenzhen", "--zone", "-z", help="Zone key or name."),
        years: str = typer.Option(
            "2025,2030", "--years", help="Years to compare, comma-separated."
        ),
        indicators: str = typer.Option(
            None, "--indicators", help="Comma-separated outcome keys (default: all)."
        ),
        final_year: int = typer.Option(
            None,
            "--final-year",
            help="Last year of the runs (default: 2030 or the last year asked).",
        ),
        time_step: float = typer.Option(0.25, "--time-step", help="Euler time step (years)."),
        set_: list[str] = typer.Option(
            None,
            "--set",
            help="Add a scenario with KEY=VALUE lever settings (repeatable; VALUE may be a "
            "path 2021:5,2025:8).",
        ),
        assume: list[str] = typer.Option(
            None,
            "--assume",
            help="Assumption override KEY=VALUE for the added scenario (repeatable).",
        ),
        name: str = typer.Option(
            "custom", "--name", help="Name of the scenario built from --set/--assume."
        ),
        normalise: bool = typer.Option(
            False, "--normalise", help="Scale five given shares to 100 % (added scenario)."
        ),
        all_targets: bool = typer.Option(
            False, "--all-targets", help="Also list targets with no model outcome."
        ),
        long: bool = typer.Option(
            False, "--long", help="Print the tidy table instead of one block per year."
        ),
        out: Path = typer.Option(
            None, "--out", "-o", help="Directory for <zone>_compare.csv and <zone>_target_gap.csv."
        ),
    ) -> None:
        """Compare scenarios of a zone and report the gap to its published targets."""
        from sdsim.compare import compare_report, write_report
        from sdsim.scenarios import make_scenario
        from sdsim.targets import targets as zone_targets
        from sdsim.zones import get_zone

        key = get_zone(zone).key
        specs: list = list(scenarios or ["baseline", "plan"])
        if set_ or assume:
            levers = dict(parse_setting(s, "--set") for s in set_ or [])
            assumptions = {}
            for text in assume or []:
                k, v = parse_setting(text, "--assume")
                if isinstance(v, dict):
                    raise SdsimError(f"--assume {text!r}: an assumption is one number, not a path.")
                assumptions[k] = v
            specs.append(
                make_scenario(key, name, levers, assumptions=assumptions, normalise=normalise)
            )
        year_list = _years(years)
        keys = [i.strip() for i in indicators.split(",") if i.strip()] if indicators else None
        tidy, gap = compare_report(
            key,
            specs,
            year_list,
            indicators=keys,
            final_year=final_year,
            time_step=time_step,
            include_unmodelled=all_targets,
        )
        if long:
            typer.echo(_frame_text(tidy))
        else:
            for year, block in _wide(tidy, sorted(set(year_list))):
                typer.echo(
                    f"== {key} {year}: value per scenario and change (Δ) against the baseline"
                )
                typer.echo(_frame_text(block))
                typer.echo("")
        indexed = sorted(set(tidy.loc[tidy["indexed"], "indicator"]))
        if indexed:
            typer.echo(f"On an index (2020 = 100), no cited 2020 level: {', '.join(indexed)}\n")
        typer.echo(
            f"== Target gap ({key}; targets in models/targets.csv, margin > 0 = met with room)"
        )
        if gap.empty:
            typer.echo(
                f"The sources give no quantitative target for {key} in "
                f"{', '.join(map(str, year_list))} that the model can score."
            )
        else:
            typer.echo(_frame_text(_gap_view(gap)))
            typer.echo(
                "Binding (约束性) or expected (预期性): not stated in the sources for these "
                "targets."
            )
        unmodelled = [t for t in zone_targets(key, modelled=False) if t.year in year_list]
        if unmodelled and not all_targets:
            typer.echo(
                f"{len(unmodelled)} further target(s) of {key} have no model outcome: "
                f"sdsim targets --zone {key} --not-modelled"
            )
        if out:
            paths = write_report(tidy, gap, out, key)
            typer.echo("\nWrote " + ", ".join(str(p) for p in paths))

    @app.command("targets")
    def targets_cmd(
        zone: str = typer.Option(None, "--zone", "-z", help="Only this zone (default: all)."),
        modelled: bool = typer.Option(
            None, "--modelled/--not-modelled", help="Only targets the model can (or cannot) score."
        ),
        as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    ) -> None:
        """List the published 2025 and 2030 targets with bound, source line and quoted words."""
        from sdsim.targets import load_targets

        frame = load_targets(zone, modelled=modelled)
        if as_json:
            typer.echo(json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=2))
            return
        if frame.empty:
            typer.echo(
                "No targets" + (f" for {zone}" if zone else "") + " in models/targets.csv "
                "(the sources give quantitative 2025/2030 targets for Shenzhen only)."
            )
            return
        view = frame[
            [
                "zone",
                "indicator",
                "modelled",
                "year",
                "bound",
                "low",
                "high",
                "unit",
                "document",
                "quote",
            ]
        ]
        typer.echo(_frame_text(view))
        binding = frame["binding"].replace("", "not stated").value_counts().to_dict()
        typer.echo(
            f"\n{len(frame)} target(s): {int(frame['modelled'].sum())} modelled, "
            f"{int((~frame['modelled']).sum())} not modelled. Sources: "
            f"{', '.join(sorted(set(frame['source'])))} (quoted words above). "
            f"Binding/expected: {binding}."
        )
