"""CLI command groups. Each module defines ``register(app: typer.Typer)``; ``sdsim.cli`` calls
every module listed in :data:`MODULES`, so one command's code lives with its responsibility."""

MODULES = ["model", "scenarios", "export", "sweep"]
