"""The ``sdsim`` command line (typer). Commands live in ``sdsim/commands/<group>.py``."""

from __future__ import annotations

import importlib
import sys

import typer

from sdsim.commands import MODULES
from sdsim.errors import SdsimError

app = typer.Typer(
    name="sdsim",
    help="System-dynamics scenarios for China's sustainable-development demonstration zones.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _name in MODULES:
    try:
        _module = importlib.import_module(f"sdsim.commands.{_name}")
    except ModuleNotFoundError as exc:  # a command group not built yet
        if exc.name != f"sdsim.commands.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:
    """Entry point: run the app, turning user errors into one clear line and exit code 2."""
    try:
        app()
    except SdsimError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(2)
