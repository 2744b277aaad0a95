"""The canonical YAML text of a scenario: reading it back gives an equal scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from sdsim.scenario_schema import Scenario

class _Flow(dict):
    """A mapping written on one line: ``{2021: 5.0, 2025: 8.0}``."""


class _Block(str):
    """A string written as a literal block (``|-``)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)
_Dumper.add_representer(
    _Block, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|")
)


def _block(text: str) -> str:
    # A literal block cannot keep trailing spaces on a line; plain strings are used then.
    if any(line != line.rstrip() for line in text.split("\n")) or "\t" in text:
        return text
    return _Block(text)


def scenario_to_yaml(scenario: Scenario) -> str:
    """The canonical YAML text of a scenario (read back it gives an equal :class:`Scenario`)."""
    levers = {
        k: _Flow({int(y): float(v) for y, v in s.items()}) if isinstance(s, dict) else float(s)
        for k, s in scenario.levers.items()
    }
    data = {
        "zone": scenario.zone,
        "name": scenario.name,
        "description": {
            "zh": _block(scenario.description.zh),
            "en": _block(scenario.description.en),
        },
        "normalise": scenario.normalise,
        "levers": levers,
        "assumptions": {k: float(v) for k, v in scenario.assumptions.items()},
        "sources": [
            {"ref": s.ref, "quote": s.quote, **({"note": s.note} if s.note else {})}
            for s in scenario.sources
        ],
    }
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
